// Referrals received by the user's organisation (to answer) and sent by it (to follow), filtered by status: each
// with the incident's reference and the person's code, never a name.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { REFERRAL_STATUSES } from "../../modules/incidents/incidents.schema";
import { formatDate } from "../../shared/dates";
import { FilterSelect, ListPage } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { IncidentsNav, ReferralStatusBadge } from "./IncidentBits";
import { referralRequests } from "./incident-requests";

const PAGE_SIZE = 25;
const FILTERS = ["direction", "status"] as const;
const DIRECTIONS = ["received", "sent"] as const;

export function ReferralListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const filters = useUrlFilters(FILTERS, { pageSize: PAGE_SIZE, notFilters: ["direction"] });
  const direction = DIRECTIONS.find((d) => d === filters.values.direction) ?? "received";
  const status = REFERRAL_STATUSES.find((s) => s === filters.values.status);
  const list = useAsync(
    () => referralRequests.list({ direction, status, ...filters.range }),
    [direction, status, filters.page],
  );
  return (
    <ListPage
      title={t("referrals.title")}
      head={
        <>
          <IncidentsNav />
          <div className="actions" role="tablist" aria-label={t("referrals.direction.label")}>
            {DIRECTIONS.map((d) => (
              <button
                key={d}
                type="button"
                role="tab"
                aria-selected={direction === d}
                className={direction === d ? "button button-primary" : "button"}
                onClick={() => filters.set("direction", d === "received" ? "" : d)}
              >
                {t(`referrals.direction.${d}`)}
              </button>
            ))}
          </div>
          <search className="filters">
            <FilterSelect
              label={t("referrals.fields.status")}
              value={status ?? ""}
              onChange={(v) => filters.set("status", v)}
            >
              {REFERRAL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`referrals.status.${s}`)}
                </option>
              ))}
            </FilterSelect>
          </search>
        </>
      }
      list={list}
      totalText={(count) => t("referrals.total", { count })}
      emptyText={filters.filtered ? t("referrals.noMatch") : t(`referrals.empty.${direction}`)}
      itemKey={(r) => r.id}
      renderItem={(r) => (
        <>
          <div className="card-top">
            <Link to={`/referrals/${r.id}`} className="card-title">
              {t(`serviceProviders.service.${r.service}`)} ·{" "}
              <span className="person-code">{r.personCode}</span>
            </Link>
            <ReferralStatusBadge status={r.status} />
          </div>
          <div className="card-meta">
            <span>
              {r.fromOrganisationName} → {r.providerName}
            </span>
            <span className="muted">{formatDate(r.referredOn, locale)}</span>
          </div>
          <div className="card-meta muted">
            <span>{r.incidentReference}</span>
            <span>{t(`incidents.kind.${r.incidentKind}`)}</span>
            {r.districtName ? <span>{r.districtName}</span> : null}
          </div>
        </>
      )}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}
