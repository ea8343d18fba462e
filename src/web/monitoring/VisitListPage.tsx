// The monitoring visits the reader may see (their monitoring body's, and every published one), with filters kept in
// the address, and the way to plan a new one for monitors.
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { VISIT_STATUSES, VISIT_TYPES } from "../../modules/monitoring/visits.schema";
import { client, unwrap } from "../api";
import { maySomewhere } from "../incidents/incident-access";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";

const FILTERS = ["placeId", "status", "visitType", "year"] as const;

export function VisitListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const query = Object.fromEntries(
    FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : [])),
  );
  const places = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "place_of_detention", limit: "500" } })),
    [],
  );
  const visits = useAsync(() => unwrap(client.api["monitoring-visits"].$get({ query })), [params.toString()]);
  const setFilter = (key: (typeof FILTERS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear + 1 - i));

  return (
    <div className="page monitoring-visits">
      <MonitoringTabs />
      <div className="page-head">
        <h1>{t("monitoring.visits.list.title")}</h1>
        {maySomewhere(me.grants, "monitoring_visit", "create") ? (
          <Link className="button" to="/monitoring/visits/new">
            {t("monitoring.visits.list.plan")}
          </Link>
        ) : null}
      </div>
      <div className="filters visit-filters">
        <Field label={t("monitoring.visits.fields.place")}>
          {(props) => (
            <select
              {...props}
              value={params.get("placeId") ?? ""}
              onChange={(e) => setFilter("placeId", e.target.value)}
            >
              <option value="">{t("monitoring.visits.list.allPlaces")}</option>
              {places.data?.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("monitoring.visits.fields.status")}>
          {(props) => (
            <select
              {...props}
              value={params.get("status") ?? ""}
              onChange={(e) => setFilter("status", e.target.value)}
            >
              <option value="">{t("monitoring.visits.list.allStatuses")}</option>
              {VISIT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`monitoring.visits.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("monitoring.visits.fields.visitType")}>
          {(props) => (
            <select
              {...props}
              value={params.get("visitType") ?? ""}
              onChange={(e) => setFilter("visitType", e.target.value)}
            >
              <option value="">{t("monitoring.visits.list.allTypes")}</option>
              {VISIT_TYPES.map((s) => (
                <option key={s} value={s}>
                  {t(`monitoring.visits.type.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("monitoring.visits.fields.year")}>
          {(props) => (
            <select
              {...props}
              value={params.get("year") ?? ""}
              onChange={(e) => setFilter("year", e.target.value)}
            >
              <option value="">{t("monitoring.visits.list.allYears")}</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {visits.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, visits.error)}
        </p>
      ) : visits.data && visits.data.items.length === 0 ? (
        <p className="muted">{t("monitoring.visits.list.empty")}</p>
      ) : (
        <div className="table-scroll" {...scrollRegion(t("monitoring.visits.list.title"))}>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("monitoring.visits.fields.reference")}</th>
                <th>{t("monitoring.visits.fields.place")}</th>
                <th>{t("monitoring.visits.fields.startsOn")}</th>
                <th>{t("monitoring.visits.fields.status")}</th>
                <th>{t("monitoring.visits.fields.visitType")}</th>
                <th>{t("monitoring.visits.fields.findings")}</th>
              </tr>
            </thead>
            <tbody>
              {visits.data?.items.map((v) => (
                <tr key={v.id}>
                  <td>
                    <Link to={`/monitoring/visits/${v.id}`}>{v.reference}</Link>
                  </td>
                  <td>{v.placeName}</td>
                  <td>{v.startsOn}</td>
                  <td>
                    {t(`monitoring.visits.status.${v.status}`)}
                    {v.publishedOn ? null : (
                      <span className="muted"> · {t("monitoring.visits.list.confidential")}</span>
                    )}
                  </td>
                  <td>
                    {t(`monitoring.visits.type.${v.visitType}`)} ·{" "}
                    {t(`monitoring.visits.announcedValue.${v.announced}`)}
                  </td>
                  <td>{t("monitoring.visits.list.findingCount", { count: v.findingCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
