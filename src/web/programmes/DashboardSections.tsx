// The dashboard's sections: targets against results, people reached by a breakdown, and the timeline of events.
// Each chart has its table beside it: the table is the accessible, exact version of the picture.
import { lazy, useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { ProgrammeDashboard } from "../../modules/programmes/programmes.schema";
import { formatMonth } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";
import { scrollRegion } from "../ui/scroll-region";
import type { ChartTable } from "./chart-table.export";
import { ActualValue, formatNumber, ProgressValue } from "./ProgrammeBits";
import { sayStoredText } from "./stored-texts";

// Observable Plot is large: loaded when a chart is first shown, never with the page.
const PlotChart = lazy(() => import("./PlotChart").then((m) => ({ default: m.PlotChart })));

export function TargetsSection({ dashboard: d }: { dashboard: ProgrammeDashboard }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const targets = useMemo(
    () =>
      d.indicators.flatMap((i) =>
        i.unit === "text"
          ? []
          : [
              ...(i.target !== null
                ? [{ label: i.title, value: i.target, series: t("programmes.target"), facet: i.unit }]
                : []),
              ...(i.actual.value !== null
                ? [{ label: i.title, value: i.actual.value, series: t("programmes.actual"), facet: i.unit }]
                : []),
            ],
      ),
    [d, t],
  );
  // The target is the wide, light bar; the result the dark one inside it.
  const targetSeries = useMemo(
    () => [
      { name: t("programmes.target"), color: "#b9cfc3" },
      { name: t("programmes.actual"), color: "#2f6f4e" },
    ],
    [t],
  );
  // People, events and percentages each get a panel and a scale: 5 events beside 1,542 people would be invisible.
  const unitPanels = useMemo(
    () =>
      (["people", "events", "percent"] as const).map((unit) => ({
        facet: unit,
        title: t(`programmes.unitHeadings.${unit}`),
      })),
    [t],
  );
  // What each chart's Excel download holds: its table, with the headers the reader sees.
  const targetsTable = useMemo((): ChartTable => {
    return {
      sheetName: t("programmes.targetsVsResults"),
      columns: [
        t("programmes.indicator"),
        t("programmes.target"),
        t("programmes.actual"),
        t("programmes.dashboardExport.note"),
        t("programmes.dashboardExport.progressPercent"),
      ],
      rows: d.indicators.map((i) => [
        i.title,
        i.target,
        i.actual.value,
        [
          i.actual.kind === "lower_bound" ? t("programmes.dashboardExport.atLeast") : "",
          i.actual.notes.map((n) => sayStoredText(n, t, locale)).join("; "),
          i.actual.kind === "not_reported" && i.actual.value === null ? t("programmes.notReported") : "",
          i.actual.notReportedCount > 0 && i.actual.value !== null
            ? t("programmes.periodsNotReported", { count: i.actual.notReportedCount })
            : "",
        ]
          .filter(Boolean)
          .join("; ") || null,
        i.progressPercent,
      ]),
    };
  }, [d, t, locale]);
  return (
    <section>
      <h2>{t("programmes.targetsVsResults")}</h2>
      {/* Long titles and results in words: the table takes the full width under its chart. */}
      <div className="chart-with-table chart-with-table-stacked">
        {targets.length > 0 && targetsTable ? (
          <PlotChart
            title={t("programmes.targetsVsResults")}
            data={targets}
            kind="bar"
            fileName="targets"
            table={targetsTable}
            series={targetSeries}
            facetTitles={unitPanels}
          />
        ) : null}
        <div className="table-scroll" {...scrollRegion(t("programmes.targetsVsResults"))}>
          <table className="data-table" data-testid="targets-table">
            <thead>
              <tr>
                <th scope="col">{t("programmes.indicator")}</th>
                <th scope="col">{t("programmes.target")}</th>
                <th scope="col">{t("programmes.actual")}</th>
                <th scope="col">{t("programmes.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.title}</th>
                  <td>{i.target !== null ? formatNumber(i.target, locale) : "—"}</td>
                  <td>
                    <ActualValue actual={i.actual} locale={locale} />
                  </td>
                  <td>
                    <ProgressValue percent={i.progressPercent} actual={i.actual} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

export function TimelineSection({ dashboard: d }: { dashboard: ProgrammeDashboard }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const timeline = useMemo(() => d.timeline.map((m) => ({ label: m.month, value: m.people })), [d]);
  // Months as the reader writes them ("mars 2012"), short under the chart's bars.
  const shortMonth = useCallback((month: string) => formatMonth(month, locale, "short"), [locale]);
  const timelineTable = useMemo((): ChartTable => {
    return {
      sheetName: t("programmes.timeline"),
      columns: [t("programmes.month"), t("programmes.events"), t("programmes.peopleReached")],
      rows: [
        ...d.timeline.map((m) => [formatMonth(m.month, locale), m.events, m.people]),
        ...(d.undated.events > 0
          ? [[t("programmes.dateNotReported.label"), d.undated.events, d.undated.people]]
          : []),
      ],
    };
  }, [d, t, locale]);
  return (
    <section>
      <h2>{t("programmes.timeline")}</h2>
      <div className="chart-with-table">
        {timeline.length > 0 && timelineTable ? (
          <PlotChart
            title={t("programmes.timeline")}
            data={timeline}
            kind="line"
            fileName="timeline"
            table={timelineTable}
            xLabel={shortMonth}
          />
        ) : null}
        <div className="table-scroll" {...scrollRegion(t("programmes.timeline"))}>
          <table className="data-table" data-testid="timeline-table">
            <thead>
              <tr>
                <th scope="col">{t("programmes.month")}</th>
                <th scope="col">{t("programmes.events")}</th>
                <th scope="col">{t("programmes.peopleReached")}</th>
              </tr>
            </thead>
            <tbody>
              {d.timeline.map((m) => (
                <tr key={m.month}>
                  <th scope="row">
                    <time dateTime={m.month}>{formatMonth(m.month, locale)}</time>
                  </th>
                  <td>{m.events}</td>
                  <td>{formatNumber(m.people, locale)}</td>
                </tr>
              ))}
              {d.undated.events > 0 ? (
                <tr className="row-undated">
                  <th scope="row">{t("programmes.dateNotReported.label")}</th>
                  <td>{d.undated.events}</td>
                  <td>{formatNumber(d.undated.people, locale)}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </div>
      {d.undated.events > 0 ? (
        <p className="muted rule">{t("programmes.dateNotReported.note", { count: d.undated.events })}</p>
      ) : null}
    </section>
  );
}

/** People reached by one breakdown: the chart, with its table beside it. */
export function ReachSection({
  title,
  head,
  rows,
  id,
}: {
  title: string;
  head: string;
  rows: { label: string; value: number }[];
  id: string;
}) {
  const locale = useUiLocale();
  const { t } = useTranslation();
  const table = useMemo(
    (): ChartTable => ({
      sheetName: title,
      columns: [head, t("programmes.peopleReached")],
      rows: rows.map((r) => [r.label, r.value]),
    }),
    [title, head, rows, t],
  );
  return (
    <section>
      <h2>{title}</h2>
      <div className="chart-with-table">
        {rows.length > 0 ? (
          <PlotChart title={title} data={rows} kind="bar" fileName={id} table={table} />
        ) : null}
        <CountTable rows={rows} head={head} locale={locale} testId={id} />
      </div>
    </section>
  );
}

function CountTable({
  rows,
  head,
  locale,
  testId,
}: {
  rows: { label: string; value: number }[];
  head: string;
  locale: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" {...scrollRegion(head)}>
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t("programmes.peopleReached")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{formatNumber(r.value, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
