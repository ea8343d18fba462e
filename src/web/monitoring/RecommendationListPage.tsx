// Recommendations the reader reaches, newest first, filtered by status, theme, addressee and overdue; overdue ones
// say so in words, not by colour alone.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DETENTION_THEME_CODES } from "../../modules/monitoring/detention-themes";
import { RECOMMENDATION_STATUSES } from "../../modules/monitoring/recommendation-status";
import { formatDate } from "../../shared/dates";
import { maySomewhere } from "../incidents/incident-access";
import { useMe } from "../session";
import { FilterSelect, ListPage } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { MonitoringTabs } from "./MonitoringTabs";
import { recommendationRequests } from "./recommendation-requests";

const PAGE_SIZE = 25;
const FILTERS = ["status", "theme", "addresseeOrganisationId", "overdue"] as const;

export function RecommendationStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-recommendation-${status}`}>
      {t(`monitoring.recommendations.statuses.${status}`)}
    </span>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="status status-overdue">⚠ {t("monitoring.recommendations.overdue")}</span>;
}

export function RecommendationListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const me = useMe();
  const filters = useUrlFilters(FILTERS, { pageSize: PAGE_SIZE });
  const list = useAsync(
    () => recommendationRequests.list({ ...filters.query, ...filters.range }),
    [JSON.stringify(filters.query), filters.page],
  );
  const addressees = new Map((list.data?.items ?? []).map((r) => [r.addressee.id, r.addressee.name]));
  return (
    <ListPage
      title={t("monitoring.recommendations.title")}
      actions={
        maySomewhere(me.grants, "recommendation", "create") ? (
          <Link className="button button-primary" to="/monitoring/recommendations/new">
            {t("monitoring.recommendations.new")}
          </Link>
        ) : null
      }
      head={
        <>
          <MonitoringTabs />
          <search className="filters">
            <FilterSelect
              label={t("monitoring.recommendations.status")}
              value={filters.values.status}
              onChange={(v) => filters.set("status", v)}
            >
              {RECOMMENDATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`monitoring.recommendations.statuses.${s}`)}
                </option>
              ))}
            </FilterSelect>
            <FilterSelect
              label={t("monitoring.recommendations.theme")}
              value={filters.values.theme}
              onChange={(v) => filters.set("theme", v)}
            >
              {DETENTION_THEME_CODES.map((code) => (
                <option key={code} value={code}>
                  {t(`monitoring.themes.${code}`)}
                </option>
              ))}
            </FilterSelect>
            <FilterSelect
              label={t("monitoring.recommendations.addressee")}
              value={filters.values.addresseeOrganisationId}
              onChange={(v) => filters.set("addresseeOrganisationId", v)}
            >
              {[...addressees].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </FilterSelect>
            <label className="check">
              <input
                type="checkbox"
                checked={filters.values.overdue === "true"}
                onChange={(e) => filters.set("overdue", e.target.checked ? "true" : "")}
              />{" "}
              {t("monitoring.recommendations.overdueOnly")}
            </label>
          </search>
        </>
      }
      list={list}
      emptyText={t("monitoring.recommendations.empty")}
      itemKey={(r) => r.id}
      renderItem={(r) => (
        <>
          <div className="card-top">
            <Link to={`/monitoring/recommendations/${r.id}`} className="card-title">
              {r.reference} · {t(`monitoring.themes.${r.theme}`)}
            </Link>
            <span>
              <RecommendationStatusBadge status={r.status} /> {r.overdue ? <OverdueBadge /> : null}
            </span>
          </div>
          <p className="card-text">{r.text}</p>
          <div className="card-meta">
            <span>
              {t("monitoring.recommendations.addressee")}: {r.addressee.name}
            </span>
            {r.deadline ? (
              <span className="muted">
                {t("monitoring.recommendations.deadline")}: {formatDate(r.deadline, locale)}
              </span>
            ) : null}
            <span className="muted">
              {r.allFacilities
                ? t("monitoring.recommendations.allFacilities")
                : r.places.map((p) => p.name).join(", ")}
            </span>
          </div>
        </>
      )}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}
