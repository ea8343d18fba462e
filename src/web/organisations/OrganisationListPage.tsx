// The organisation register: search that forgives misspellings, filter by kind and status, page through.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../modules/organisations/organisations.schema";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { countryName } from "../ui/country-name";
import { ListPage, SearchBox } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";

const PAGE_SIZE = 25;
const FILTERS = ["q", "kind", "status"] as const;
const STATUSES = ["active", "deactivated"] as const;

export function OrganisationListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { canSomewhere } = useSession();
  const filters = useUrlFilters(FILTERS, { pageSize: PAGE_SIZE });
  const kind = filters.values.kind as OrganisationKind | "";
  const { q } = filters.values;
  const status = STATUSES.find((s) => s === filters.values.status);
  const list = useAsync(
    () =>
      unwrap(
        client.api.organisations.$get({
          query: {
            ...(q ? { q } : {}),
            ...(kind ? { kind } : {}),
            ...(status ? { status } : {}),
            ...filters.range,
          },
        }),
      ),
    [q, kind, status, filters.page],
  );

  return (
    <ListPage
      title={t("organisations.title")}
      actions={
        canSomewhere("organisation", "create") ? (
          <Link to="/organisations/new" className="button button-primary">
            {t("organisations.new")}
          </Link>
        ) : null
      }
      head={
        <search className="filters">
          <SearchBox
            value={filters.text}
            onChange={filters.setText}
            placeholder={t("organisations.searchPlaceholder")}
          />
          <label>
            <span className="visually-hidden">{t("organisation.kind")}</span>
            <select
              value={kind}
              aria-label={t("organisation.kind")}
              onChange={(e) => filters.set("kind", e.target.value)}
            >
              <option value="">{t("organisations.allKinds")}</option>
              {ORGANISATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`organisation.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="visually-hidden">{t("organisation.status")}</span>
            <select
              value={status ?? ""}
              aria-label={t("organisation.status")}
              onChange={(e) => filters.set("status", e.target.value)}
            >
              <option value="">{t("organisations.allStatuses")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`organisation.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </search>
      }
      list={list}
      totalText={(count) => t("organisations.total", { count })}
      emptyText={filters.filtered ? t("organisations.noMatch") : t("organisations.empty")}
      itemKey={(o) => o.id}
      renderItem={(o) => (
        <>
          <Link to={`/organisations/${o.id}`} className="card-title">
            {o.name}
            {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
          </Link>
          <div className="card-meta">
            <span className="tag">{t(`organisation.kinds.${o.kind}`)}</span>
            {o.deactivatedOn ? (
              <span className="status status-expired">
                {t("organisation.deactivatedBadge", { date: o.deactivatedOn })}
              </span>
            ) : null}
            {o.countryCode !== "RW" ? (
              <span className="tag tag-quiet">
                {o.countryCode ? countryName(o.countryCode, locale) : t("organisation.international")}
              </span>
            ) : null}
            {o.email ? <span className="muted">{o.email}</span> : null}
          </div>
        </>
      )}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}
