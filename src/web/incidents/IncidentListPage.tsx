// The incidents a user may read (their organisation's, or their district's), newest first: filtered by kind, status
// and district, paged; pseudonymous (references and counts, never a name), and a button to record one.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { INCIDENT_KINDS, INCIDENT_STATUSES } from "../../modules/incidents/incidents.schema";
import { useMe } from "../session";
import { FilterSelect, ListPage } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { formatApproximateDate } from "./approximate-date";
import { IncidentStatusBadge, IncidentsNav, useDistricts, usePlaceText } from "./IncidentBits";
import { maySomewhere } from "./incident-access";
import { incidentRequests } from "./incident-requests";

const PAGE_SIZE = 25;
const FILTERS = ["kind", "status", "districtId"] as const;

export function IncidentListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const me = useMe();
  const filters = useUrlFilters(FILTERS, { pageSize: PAGE_SIZE });
  const kind = INCIDENT_KINDS.find((k) => k === filters.values.kind);
  const status = INCIDENT_STATUSES.find((s) => s === filters.values.status);
  const districtId = filters.values.districtId;
  const districts = useDistricts();
  const placeText = usePlaceText();
  const list = useAsync(
    () => incidentRequests.list({ kind, status, districtId, ...filters.range }),
    [kind, status, districtId, filters.page],
  );
  return (
    <ListPage
      title={t("incidents.list.title")}
      actions={
        maySomewhere(me.grants, "incident", "create") ? (
          <Link to="/incidents/new" className="button button-primary">
            {t("incidents.list.record")}
          </Link>
        ) : null
      }
      head={
        <>
          <IncidentsNav />
          <search className="filters">
            <FilterSelect
              label={t("incidents.fields.kind")}
              value={kind ?? ""}
              onChange={(v) => filters.set("kind", v)}
            >
              {INCIDENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`incidents.kind.${k}`)}
                </option>
              ))}
            </FilterSelect>
            <FilterSelect
              label={t("incidents.fields.status")}
              value={status ?? ""}
              onChange={(v) => filters.set("status", v)}
            >
              {INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.status.${s}`)}
                </option>
              ))}
            </FilterSelect>
            <FilterSelect
              label={t("incidents.fields.district")}
              value={districtId}
              onChange={(v) => filters.set("districtId", v)}
            >
              {districts.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </FilterSelect>
          </search>
        </>
      }
      list={list}
      totalText={(count) => t("incidents.list.total", { count })}
      emptyText={filters.filtered ? t("incidents.list.noMatch") : t("incidents.list.empty")}
      itemKey={(i) => i.id}
      renderItem={(i) => (
        <>
          <div className="card-top">
            <Link to={`/incidents/${i.id}`} className="card-title">
              {i.reference}
            </Link>
            <IncidentStatusBadge status={i.status} />
          </div>
          <div className="card-meta">
            <span className="tag">{t(`incidents.kind.${i.kind}`)}</span>
            <span>{formatApproximateDate(i.occurredOn, locale) ?? t("incidents.dateUnknown")}</span>
            <span>{placeText(i)}</span>
          </div>
          <div className="card-meta muted">
            <span>{i.reportingOrganisationName}</span>
            <span>{t("incidents.list.victims", { count: i.victims })}</span>
            <span>{t("incidents.list.openReferrals", { count: i.openReferrals })}</span>
            {i.anonymised ? <span className="tag tag-quiet">{t("incidents.anonymised")}</span> : null}
          </div>
        </>
      )}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}
