// Tables of the timeliness page: a tally per row (with its chart beside it), late and missing reports, the scorecard.
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { OverdueReport, ScorecardRow, TallyRow } from "../../modules/reporting/timeliness.schema";
import type { ChartDatum } from "../programmes/PlotChart";
import { formatNumber } from "../programmes/ProgrammeBits";
import { Pager } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import "./timeliness.css";
import { scrollRegion } from "../ui/scroll-region";

const PlotChart = lazy(() => import("../programmes/PlotChart").then((m) => ({ default: m.PlotChart })));

export type TallyLine = { key: string; label: string; sub?: string | null; tally: TallyRow };

const COLUMNS = ["expected", "onTime", "late", "missing", "notDue", "reportingRate", "timeliness"] as const;

export function TallySection({
  id,
  title,
  lines,
  firstColumn,
}: {
  id: string;
  title: string;
  lines: TallyLine[];
  firstColumn: string;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const rate = t("timeliness.rate");
  const onTime = t("timeliness.onTimeRate");
  const series = useMemo(
    () => [
      { name: rate, color: "#9cc3ad" },
      { name: onTime, color: "#2f6f4e" },
    ],
    [rate, onTime],
  );
  const data: ChartDatum[] = useMemo(
    () =>
      lines.flatMap((l) => [
        { label: l.label, value: l.tally.reportingRate ?? 0, series: rate },
        { label: l.label, value: l.tally.timeliness ?? 0, series: onTime },
      ]),
    [lines, rate, onTime],
  );
  const table = useMemo(
    () => ({
      sheetName: title.slice(0, 31),
      columns: [firstColumn, ...COLUMNS.map((c) => t(`timeliness.columns.${c}`))],
      rows: lines.map((l) => [l.label, ...COLUMNS.map((c) => l.tally[c])]),
    }),
    [lines, title, firstColumn, t],
  );
  if (lines.length === 0) return null;
  const percent = (v: number | null) => (v === null ? "—" : `${formatNumber(v, locale)} %`);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="chart-with-table chart-with-table-stacked">
        <Suspense fallback={null}>
          <PlotChart
            title={`${title} — ${t("timeliness.chartLabel")}`}
            data={data}
            kind="bar"
            fileName={`timeliness-${id}`}
            table={table}
            series={series}
          />
        </Suspense>
        <div className="table-scroll" {...scrollRegion(title)}>
          <table className="data-table" data-testid={`timeliness-${id}`}>
            <thead>
              <tr>
                <th scope="col">{firstColumn}</th>
                {COLUMNS.map((c) => (
                  <th scope="col" key={c}>
                    {t(`timeliness.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.key}>
                  <th scope="row">
                    {l.label}
                    {l.sub ? <span className="muted"> · {l.sub}</span> : null}
                  </th>
                  <td>{l.tally.expected}</td>
                  <td>{l.tally.onTime}</td>
                  <td>{l.tally.late}</td>
                  <td>{l.tally.missing}</td>
                  <td>{l.tally.notDue}</td>
                  <td>{percent(l.tally.reportingRate)}</td>
                  <td>{percent(l.tally.timeliness)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

export function OverdueTable({ rows, total }: { rows: OverdueReport[]; total: number }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="overdue-title">
      <h2 id="overdue-title">{t("timeliness.sections.overdue")}</h2>
      {total > rows.length ? (
        <p className="muted">{t("timeliness.overdueMore", { shown: rows.length, total })}</p>
      ) : null}
      <div className="table-scroll" {...scrollRegion(t("timeliness.sections.overdue"))}>
        <table className="data-table" data-testid="timeliness-overdue">
          <thead>
            <tr>
              {["organisation", "body", "period", "state", "dueDate", "firstSubmittedOn", "daysLate"].map(
                (c) => (
                  <th scope="col" key={c}>
                    {t(`timeliness.columns.${c}`)}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.obligationId}-${r.period}`}>
                <th scope="row">{r.organisationName}</th>
                <td>{r.bodyName}</td>
                <td>{r.period}</td>
                <td>
                  <span className={`report-state report-state-${r.state}`}>
                    {t(`timeliness.states.${r.state}`)}
                  </span>
                </td>
                <td>{r.dueDate}</td>
                <td>{r.firstSubmittedOn ?? "—"}</td>
                <td>{r.daysLate}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ScorecardTable({
  periods,
  rows,
  paging,
}: {
  periods: string[];
  rows: ScorecardRow[];
  paging: { total: number; limit: number; offset: number; page: number; setPage(page: number): void };
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  if (rows.length === 0) return null;
  const percent = (v: number | null) => (v === null ? "—" : `${formatNumber(v, locale)} %`);
  return (
    <section aria-labelledby="scorecard-title">
      <h2 id="scorecard-title">{t("timeliness.sections.scorecard")}</h2>
      {paging.total > rows.length ? (
        <p className="muted">
          {t("timeliness.scorecardPage", {
            from: paging.offset + 1,
            to: paging.offset + rows.length,
            total: paging.total,
          })}
        </p>
      ) : null}
      <div className="table-scroll" {...scrollRegion(t("timeliness.sections.scorecard"))}>
        <table className="data-table scorecard" data-testid="timeliness-scorecard">
          <thead>
            <tr>
              <th scope="col">{t("timeliness.columns.organisation")}</th>
              {periods.map((p) => (
                <th scope="col" key={p}>
                  {p}
                </th>
              ))}
              <th scope="col">{t("timeliness.columns.reportingRate")}</th>
              <th scope="col">{t("timeliness.columns.timeliness")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.organisationId}>
                <th scope="row">{o.organisationName}</th>
                {o.cells.map((c, i) => (
                  <td key={periods[i]} className={`report-state report-state-${c.state}`}>
                    {t(`timeliness.states.${c.state}`)}
                    {c.state === "late" || c.state === "missing" ? ` (${c.daysLate})` : ""}
                  </td>
                ))}
                <td>{percent(o.total.reportingRate)}</td>
                <td>{percent(o.total.timeliness)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {paging.total > paging.limit ? (
        <Pager page={paging.page} pages={Math.ceil(paging.total / paging.limit)} setPage={paging.setPage} />
      ) : null}
    </section>
  );
}
