// The timeliness answer as a workbook in the reader's language: bodies, districts, provinces, late and missing
// reports, the partner scorecard. Every text cell through the shared formula neutraliser.
import type ExcelJS from "exceljs";
import { type SpreadsheetValue, XLSX_TEXT_FORMAT, xlsxCellValue } from "../../shared/spreadsheet-text";
import { type ReportLanguage, reportLabels } from "../reports";
import type { TallyRow, TimelinessReport } from "./timeliness.schema";

const TALLY_KEYS = [
  "expected",
  "onTime",
  "late",
  "missing",
  "notDue",
  "reportingRate",
  "timeliness",
] as const;
const tallyCells = (t: TallyRow): SpreadsheetValue[] => TALLY_KEYS.map((k) => t[k]);

export async function timelinessToXlsx(
  report: TimelinessReport,
  language: ReportLanguage,
): Promise<Uint8Array> {
  const t = reportLabels(language);
  const column = (key: string) => t(`timeliness.columns.${key}`);
  const state = (key: string) => t(`timeliness.states.${key}`);
  const { default: Excel } = await import("exceljs"); // loaded on first use (see reports/index.ts)
  const workbook = new Excel.Workbook();
  workbook.creator = "Ubufatanye";
  const addTextRow = (ws: ExcelJS.Worksheet, values: readonly SpreadsheetValue[]) => {
    const row = ws.addRow(values.map(xlsxCellValue));
    row.eachCell((cell) => {
      if (typeof cell.value === "string") cell.numFmt = XLSX_TEXT_FORMAT;
    });
    return row;
  };
  const sheet = (key: string, headers: readonly string[]) => {
    const ws = workbook.addWorksheet(t(`timeliness.sheets.${key}`).slice(0, 31));
    addTextRow(ws, headers).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    return ws;
  };
  const tallyHeaders = TALLY_KEYS.map(column);

  const national = sheet("national", [column("period"), ...tallyHeaders]);
  for (const p of report.national.byPeriod) addTextRow(national, [p.period, ...tallyCells(p)]);
  addTextRow(national, [column("allPeriods"), ...tallyCells(report.national.total)]).font = { bold: true };

  const provinces = sheet("provinces", [column("province"), column("period"), ...tallyHeaders]);
  for (const g of report.provinces)
    for (const p of g.byPeriod) addTextRow(provinces, [g.name, p.period, ...tallyCells(p)]);

  const districts = sheet("districts", [
    column("district"),
    column("province"),
    column("period"),
    ...tallyHeaders,
  ]);
  for (const g of report.districts)
    for (const p of g.byPeriod) addTextRow(districts, [g.name, g.provinceName, p.period, ...tallyCells(p)]);

  const bodies = sheet("bodies", [
    column("body"),
    column("district"),
    column("period"),
    ...tallyHeaders,
    column("meanDaysLate"),
  ]);
  for (const g of report.bodies) {
    for (const p of g.byPeriod)
      addTextRow(bodies, [g.name, g.districtName, p.period, ...tallyCells(p), null]);
    addTextRow(bodies, [
      g.name,
      g.districtName,
      column("allPeriods"),
      ...tallyCells(g.total),
      g.meanDaysLate,
    ]);
  }

  const overdue = sheet("overdue", [
    column("organisation"),
    column("body"),
    column("period"),
    column("state"),
    column("dueDate"),
    column("firstSubmittedOn"),
    column("daysLate"),
  ]);
  for (const r of report.overdue)
    addTextRow(overdue, [
      r.organisationName,
      r.bodyName,
      r.period,
      state(r.state),
      r.dueDate,
      r.firstSubmittedOn,
      r.daysLate,
    ]);

  const scorecard = sheet("scorecard", [
    column("organisation"),
    ...report.scorecard.periods,
    column("reportingRate"),
    column("timeliness"),
  ]);
  for (const o of report.scorecard.organisations)
    addTextRow(scorecard, [
      o.organisationName,
      ...o.cells.map((c) =>
        c.state === "late" || c.state === "missing" ? `${state(c.state)} (${c.daysLate})` : state(c.state),
      ),
      o.total.reportingRate,
      o.total.timeliness,
    ]);

  for (const ws of workbook.worksheets) {
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 44 : 16;
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
