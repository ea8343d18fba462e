// Dashboard of one programme or of all: targets vs results, people reached by category and district, timeline.
// Each chart has its table beside it: the table is the accessible, exact version of the picture.
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import type { ChartTable } from "./chart-table.export";
import { ActualValue, formatNumber, ProgressValue } from "./ProgrammeBits";

const PlotChart = lazy(() => import("./PlotChart").then((m) => ({ default: m.PlotChart })));

function sumBy<T>(rows: readonly T[], key: (r: T) => string, value: (r: T) => number) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(key(r), (totals.get(key(r)) ?? 0) + value(r));
  return [...totals].map(([label, v]) => ({ label, value: v })).sort((a, b) => b.value - a.value);
}

export function ProgrammeDashboardPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id } = useParams();
  const dashboard = useAsync(
    () =>
      id
        ? unwrap(client.api.programmes[":id"].dashboard.$get({ param: { id } }))
        : unwrap(client.api.programmes.dashboard.$get()),
    [id],
  );
  const programme = useAsync(
    () => (id ? unwrap(client.api.programmes[":id"].$get({ param: { id } })) : Promise.resolve(null)),
    [id],
  );
  const d = dashboard.data;
  const byCategory = useMemo(
    () =>
      d
        ? sumBy(
            d.reach,
            (r) => t(`programmes.categories.${r.category}`),
            (r) => r.people,
          )
        : [],
    [d, t],
  );
  const byDistrict = useMemo(
    () =>
      d
        ? sumBy(
            d.reach,
            (r) => r.districtName ?? t("programmes.noDistrict"),
            (r) => r.people,
          )
        : [],
    [d, t],
  );
  const targets = useMemo(
    () =>
      d
        ? d.indicators.flatMap((i) =>
            i.unit === "text"
              ? []
              : [
                  ...(i.target !== null
                    ? [{ label: i.title, value: i.target, series: t("programmes.target") }]
                    : []),
                  ...(i.actual.value !== null
                    ? [{ label: i.title, value: i.actual.value, series: t("programmes.actual") }]
                    : []),
                ],
          )
        : [],
    [d, t],
  );
  const timeline = useMemo(
    () => (d ? d.timeline.map((m) => ({ label: m.month, value: m.people })) : []),
    [d],
  );
  // The target is the wide, light bar; the result the dark one inside it.
  const targetSeries = useMemo(
    () => [
      { name: t("programmes.target"), color: "#b9cfc3" },
      { name: t("programmes.actual"), color: "#2f6f4e" },
    ],
    [t],
  );
  // What each chart's Excel download holds: its table, with the headers the reader sees.
  const targetsTable = useMemo((): ChartTable | null => {
    if (!d) return null;
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
          i.actual.notes.join("; "),
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
  }, [d, t]);
  const timelineTable = useMemo((): ChartTable | null => {
    if (!d) return null;
    return {
      sheetName: t("programmes.timeline"),
      columns: [t("programmes.month"), t("programmes.events"), t("programmes.peopleReached")],
      rows: [
        ...d.timeline.map((m) => [m.month, m.events, m.people]),
        ...(d.undated.events > 0
          ? [[t("programmes.dateNotReported.label"), d.undated.events, d.undated.people]]
          : []),
      ],
    };
  }, [d, t]);

  if (dashboard.error)
    return (
      <p className="page alert alert-error" role="alert">
        {errorText(t, dashboard.error)}
      </p>
    );
  if (!d) return <p className="page">{t("common.loading")}</p>;
  const title = programme.data ? programme.data.title : t("programmes.allProgrammes");
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("programmes.dashboardOf", { title })}</h1>
        <Link to={id ? `/programmes/${id}` : "/programmes"} className="button">
          {id ? t("programmes.backToProgramme") : t("programmes.title")}
        </Link>
      </div>
      <section className="stats" aria-label={t("programmes.peopleReached")}>
        <div className="stat">
          <span className="stat-number" data-testid="people-reached">
            {formatNumber(d.peopleReached, locale)}
          </span>
          <span>{t("programmes.peopleReached")}</span>
        </div>
        {d.qualitativeReach.length > 0 ? (
          <div className="stat">
            <span className="stat-number">+</span>
            <span>
              {[...new Set(d.qualitativeReach.map((q) => q.note))].join(", ")} (
              {t("programmes.eventsCount", { count: d.qualitativeReach.length })})
            </span>
          </div>
        ) : null}
      </section>
      <p className="muted rule">{t("programmes.doubleCountingRule")}</p>

      <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
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
              />
            ) : null}
            <div className="table-scroll">
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
        <ReachSection
          title={t("programmes.reachByCategory")}
          head={t("programmes.category")}
          rows={byCategory}
          id="reach-by-category"
        />
        <ReachSection
          title={t("programmes.reachByDistrict")}
          head={t("programmes.district")}
          rows={byDistrict}
          id="reach-by-district"
        />
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
              />
            ) : null}
            <div className="table-scroll">
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
                      <th scope="row">{m.month}</th>
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
      </Suspense>
    </div>
  );
}

/** People reached by one breakdown: the chart, with its table beside it. */
function ReachSection({
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
    <div className="table-scroll">
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
