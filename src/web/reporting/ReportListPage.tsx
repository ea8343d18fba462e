// The reader's reports: their organisation's, and those addressed to bodies they review for; filters in the address.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { parsePeriod } from "../../modules/reporting/periods";
import { SUBMISSION_STATUSES, type SubmissionStatus } from "../../modules/reporting/reporting.schema";
import { client, unwrap } from "../api";
import { useMe, useSession } from "../session";
import { FilterSelect, ListPage } from "../ui/ListPage";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { StartReportForm } from "./StartReportForm";
import "./reporting.css";

const PAGE_SIZE = 25;
const FILTERS = ["period", "status", "bodyId"] as const;

export function ReportListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useSession();
  const filters = useUrlFilters(FILTERS, { pageSize: PAGE_SIZE });
  const { bodyId } = filters.values;
  const status = filters.values.status as SubmissionStatus | "";
  // A period being typed is only sent once it reads as one.
  const period = parsePeriod(filters.values.period) ? filters.values.period : "";
  const bodies = useAsync(() => unwrap(client.api["reporting-bodies"].$get({ query: {} })), []);
  const list = useAsync(
    () =>
      unwrap(
        client.api.submissions.$get({
          query: {
            ...(period ? { period } : {}),
            ...(status ? { status } : {}),
            ...(bodyId ? { bodyId } : {}),
            ...filters.range,
          },
        }),
      ),
    [period, status, bodyId, filters.page],
  );
  const mayStart =
    me.organisationIds.length > 0 &&
    can("submission", "create", {
      organisationIds: me.organisationIds,
      districtIds: [],
    });

  return (
    <ListPage
      title={t("reports.title")}
      actions={
        <Link to="/reports/obligations" className="button">
          {t("reports.obligations.title")}
        </Link>
      }
      head={
        <>
          {mayStart ? <StartReportForm organisationIds={me.organisationIds} /> : null}
          <search className="filters">
            <label className="filter">
              <span className="filter-label">{t("reports.period")}</span>
              <input
                value={filters.values.period}
                placeholder="2026-Q1"
                onChange={(e) => filters.set("period", e.target.value.trim())}
              />
            </label>
            <FilterSelect
              label={t("reports.statusLabel")}
              value={status}
              onChange={(v) => filters.set("status", v)}
            >
              {SUBMISSION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`reports.status.${s}`)}
                </option>
              ))}
            </FilterSelect>
            <FilterSelect label={t("reports.body")} value={bodyId} onChange={(v) => filters.set("bodyId", v)}>
              {bodies.data?.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.organisationName}
                </option>
              ))}
            </FilterSelect>
          </search>
        </>
      }
      list={list}
      totalText={(count) => t("reports.total", { count })}
      emptyText={filters.filtered ? t("reports.noMatch") : t("reports.empty")}
      itemKey={(s) => s.id}
      renderItem={(s) => (
        <>
          <div className="card-top">
            <Link to={`/reports/${s.id}`} className="card-title">
              {s.organisationName} · {s.period}
            </Link>
            <span className={`status status-${s.status}`}>{t(`reports.status.${s.status}`)}</span>
          </div>
          <div className="card-meta">
            {s.bodies.map((b) => (
              <span key={b.bodyId} className="tag tag-quiet">
                {b.bodyName}: {t(`reports.status.${b.status}`)}
              </span>
            ))}
          </div>
        </>
      )}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}
