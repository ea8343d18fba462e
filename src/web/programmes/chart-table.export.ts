// A chart's table as an Excel workbook, written in the browser from exactly what the table beside the chart shows.
// The writer is loaded only when someone asks for a workbook, so the dashboard stays light on slow connections.
import type { Cell } from "write-excel-file/universal";
import { neutraliseFormula, XLSX_TEXT_FORMAT, xlsxCellValue } from "../../shared/spreadsheet-text";

export type ChartTableCell = string | number | null;
export type ChartTable = {
  /** The sheet's name (Excel allows 31 characters, some characters not at all). */
  sheetName: string;
  /** Column headers, in the reader's language. */
  columns: string[];
  /** Numbers stay numbers, so the reader can add them up; words (such as "not reported") stay words. */
  rows: ChartTableCell[][];
};

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

export async function writeChartTableXlsx(table: ChartTable): Promise<Blob> {
  // write-excel-file (70 kB with its zip) rather than exceljs, whose browser build (930 kB) was the first start's
  // "chunks larger than 400 kB" warning: this one button needs no reading of workbooks, styles or formulas.
  const { default: writeXlsxFile } = await import("write-excel-file/universal");
  const header: Cell[] = table.columns.map((text) => ({
    value: neutraliseFormula(text),
    type: String,
    format: XLSX_TEXT_FORMAT,
    fontWeight: "bold",
    alignVertical: "top",
    wrap: true,
  }));
  // Numbers stay numbers; text goes through the shared neutraliser, in Excel's Text format.
  const rows: Cell[][] = table.rows.map((row) => row.map(cellOf));
  const widths = table.columns.map((header, i) => {
    const longest = Math.max(header.length, ...table.rows.map((r) => String(r[i] ?? "").length));
    return { width: Math.min(60, Math.max(10, longest + 2)) };
  });
  return writeXlsxFile([header, ...rows], {
    sheet: table.sheetName.replace(SHEET_NAME_FORBIDDEN, " ").slice(0, 31).trim() || "Sheet",
    columns: widths,
    stickyRowsCount: 1,
  }).toBlob();
}

function cellOf(value: ChartTableCell): Cell {
  const cell = xlsxCellValue(value);
  if (cell === null) return null;
  return typeof cell === "number"
    ? { value: cell, type: Number, alignVertical: "top" }
    : { value: cell, type: String, format: XLSX_TEXT_FORMAT, alignVertical: "top", wrap: true };
}
