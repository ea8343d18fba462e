// A chart's table as an Excel workbook, written in the browser from exactly what the table beside the chart shows.
// exceljs is loaded only when someone asks for a workbook, so the dashboard stays light on slow connections.
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
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Ubufatanye";
  const sheet = workbook.addWorksheet(
    table.sheetName.replace(SHEET_NAME_FORBIDDEN, " ").slice(0, 31).trim() || "Sheet",
    { views: [{ state: "frozen", ySplit: 1 }] },
  );
  sheet.columns = table.columns.map((header, i) => {
    const longest = Math.max(header.length, ...table.rows.map((r) => String(r[i] ?? "").length));
    return { header: neutraliseFormula(header), width: Math.min(60, Math.max(10, longest + 2)) };
  });
  sheet.getRow(1).font = { bold: true };
  // Numbers stay numbers; text goes through the shared neutraliser, in Excel's Text format.
  for (const row of table.rows) sheet.addRow(row.map(xlsxCellValue));
  sheet.eachRow((row) => {
    row.alignment = { vertical: "top", wrapText: true };
    row.eachCell((cell) => {
      if (typeof cell.value === "string") cell.numFmt = XLSX_TEXT_FORMAT;
    });
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
}
