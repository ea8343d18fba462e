// The recommendations tracker: by place, addressee, theme or year, how many, by status, implemented, overdue and the
// average days to implementation, a chart beside the table (Observable Plot, loaded on first use) and the Excel file.
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { DETENTION_THEME_CODES } from "../../modules/monitoring/detention-themes";
import { RECOMMENDATION_STATUSES } from "../../modules/monitoring/recommendation-status";
import { TRACKER_GROUPINGS, type TrackerRow } from "../../modules/monitoring/recommendations.schema";
import type { ChartDatum } from "../programmes/PlotChart";
import { errorText } from "../ui/errors";
import { FilterSelect } from "../ui/ListPage";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { MonitoringTabs } from "./MonitoringTabs";
import { recommendationRequests } from "./recommendation-requests";

const PlotChart = lazy(() => import("../programmes/PlotChart").then((m) => ({ default: m.PlotChart })));
const FILTERS = [
  "by",
  "theme",
  "fromYear",
  "toYear",
  "addresseeOrganisationId",
  "placeId",
  "monitoringOrganisationId",
] as const;

/**
 * What the filters offer: the years and addressees the reader's recommendations have (the tracker itself, unfiltered),
 * the places of detention, and the monitoring bodies of the recommendations the reader reaches.
 */
function useFilterChoices() {
  return useAsync(async () => {
    const [years, addressees, places, recs] = await Promise.all([
      recommendationRequests.tracker({ by: "year" }),
      recommendationRequests.tracker({ by: "addressee" }),
      recommendationRequests.detentionPlaces(),
      recommendationRequests.list({ limit: "500" }),
    ]);
    const bodies = new Map(
      recs.items.map((r) => [r.monitoringOrganisation.id, r.monitoringOrganisation.name]),
    );
    return {
      years: years.rows.map((r) => r.key).sort(),
      addressees: addressees.rows.map((r) => ({ id: r.key, name: r.label })),
      places: places.items.map((p) => ({ id: p.id, name: p.name })),
      bodies: [...bodies].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }, []);
}
type By = (typeof TRACKER_GROUPINGS)[number];

export function TrackerPage() {
  const { t, i18n } = useTranslation();
  const filters = useUrlFilters(FILTERS, { pageSize: 1, notFilters: ["by"] });
  const by: By = TRACKER_GROUPINGS.find((g) => g === filters.values.by) ?? "theme";
  const query = { ...filters.query, by };
  const choices = useFilterChoices().data;
  const tracker = useAsync(() => recommendationRequests.tracker(query), [JSON.stringify(query)]);
  const label = (row: TrackerRow) =>
    row.key === "all_facilities"
      ? t("monitoring.recommendations.allFacilities")
      : row.key === "total"
        ? t("monitoring.recommendations.tracker.total")
        : by === "theme"
          ? t(`monitoring.themes.${row.key}`)
          : row.label;
  const rows = tracker.data?.rows ?? [];
  const totalName = t("monitoring.recommendations.tracker.columns.total");
  const implementedName = t("monitoring.recommendations.tracker.columns.implemented");
  const data: ChartDatum[] = rows.flatMap((r) => [
    { label: label(r), value: r.total, series: totalName },
    { label: label(r), value: r.implemented, series: implementedName },
  ]);
  const headers = [
    t(`monitoring.recommendations.tracker.by.${by}`),
    totalName,
    ...RECOMMENDATION_STATUSES.map((s) => t(`monitoring.recommendations.statuses.${s}`)),
    t("monitoring.recommendations.tracker.columns.overdue"),
    t("monitoring.recommendations.tracker.columns.averageDays"),
  ];
  const cells = (r: TrackerRow) => [
    label(r),
    r.total,
    ...RECOMMENDATION_STATUSES.map((s) => r.byStatus[s] ?? 0),
    r.overdue,
    r.averageDaysToImplementation,
  ];
  return (
    <div className="page">
      <MonitoringTabs />
      <div className="page-head">
        <h1>{t("monitoring.recommendations.tracker.title")}</h1>
        <div className="actions">
          <a
            className="button"
            href={recommendationRequests.trackerExportHref(query, i18n.language.slice(0, 2))}
            download
          >
            {t("monitoring.recommendations.tracker.download")}
          </a>
        </div>
      </div>
      <search className="filters">
        <FilterSelect
          label={t("monitoring.recommendations.tracker.groupBy")}
          value={by}
          onChange={(v) => filters.set("by", v)}
        >
          {TRACKER_GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {t(`monitoring.recommendations.tracker.by.${g}`)}
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
        {(["fromYear", "toYear"] as const).map((key) => (
          <FilterSelect
            key={key}
            label={t(`monitoring.recommendations.tracker.${key}`)}
            value={filters.values[key]}
            onChange={(v) => filters.set(key, v)}
          >
            {(choices?.years ?? []).map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </FilterSelect>
        ))}
        <FilterSelect
          label={t("monitoring.recommendations.addressee")}
          value={filters.values.addresseeOrganisationId}
          onChange={(v) => filters.set("addresseeOrganisationId", v)}
        >
          {(choices?.addressees ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("monitoring.recommendations.tracker.by.place")}
          value={filters.values.placeId}
          onChange={(v) => filters.set("placeId", v)}
        >
          {(choices?.places ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("monitoring.recommendations.tracker.monitoringBody")}
          value={filters.values.monitoringOrganisationId}
          onChange={(v) => filters.set("monitoringOrganisationId", v)}
        >
          {(choices?.bodies ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </FilterSelect>
      </search>
      {tracker.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, tracker.error)}
        </p>
      ) : null}
      {tracker.data && rows.length === 0 ? (
        <p className="muted">{t("monitoring.recommendations.tracker.empty")}</p>
      ) : null}
      {rows.length > 0 && tracker.data ? (
        <>
          <Suspense fallback={null}>
            <PlotChart
              title={t("monitoring.recommendations.tracker.chart")}
              data={data}
              kind="bar"
              fileName={`recommendations-by-${by}`}
              table={{
                sheetName: t("monitoring.nav.tracker").slice(0, 31),
                columns: headers,
                rows: rows.map(cells),
              }}
              series={[
                { name: totalName, color: "#9ab" },
                { name: implementedName, color: "#2a7" },
              ]}
            />
          </Suspense>
          <div className="table-scroll" {...scrollRegion(t("monitoring.nav.tracker"))}>
            <table className="data-table" data-testid="recommendation-tracker">
              <thead>
                <tr>
                  {headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...rows, tracker.data.total].map((r) => (
                  <tr key={r.key} className={r.key === "total" ? "total-row" : undefined}>
                    {cells(r).map((c, i) =>
                      i === 0 ? (
                        <th key={headers[i]} scope="row">
                          {c}
                        </th>
                      ) : (
                        <td key={headers[i]}>{c ?? "–"}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
