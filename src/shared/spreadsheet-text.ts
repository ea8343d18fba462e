// The one place that decides how text goes into a spreadsheet cell (CSV, HXL CSV, XLSX) without running as a formula.
// Browser-safe: the browser writes chart tables with it too.

/**
 * The first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP "CSV
 * injection": = + - @, tab, carriage return), the line feed some readers trim before parsing, and the full-width
 * forms (＝＋－＠) that East Asian Excel takes for the same.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Would a spreadsheet run this text as a formula (or a DDE command) if it were written raw? */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * Text made inert for a CSV cell, per OWASP: a leading single quote when it starts like a formula, so that
 * `=HYPERLINK("http://x","y")` and `-1+1+cmd|' /C calc'!A0` open as the text they are. Spreadsheets show the
 * quote (a reader sees the text was escaped); a number the writer knows is a number is passed as a number and
 * never goes through here, so -5 stays -5.
 */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/** A cell a writer hands over: text is neutralised, a number stays a number, null is an empty cell. */
export type SpreadsheetValue = string | number | null | undefined;

/** RFC 4180: quote a field holding the separator, a quote, a line break, or edge spaces a reader would trim. */
function quoteCsvField(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One CSV field from a cell value: text neutralised then quoted; finite numbers as written by JavaScript. */
export function csvField(value: SpreadsheetValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return quoteCsvField(neutraliseFormula(value));
}

/** Rows of cells to CSV text with CRLF line ends (RFC 4180), every cell through `csvField`. */
export function csvText(rows: readonly (readonly SpreadsheetValue[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/**
 * A value for an XLSX cell. Text is written as a text cell (a shared string, never a formula: exceljs makes a
 * formula only of a `{ formula }` object) and neutralised like CSV, because a reader who converts the sheet to CSV
 * or edits the cell (F2, Enter) would otherwise bring the formula to life. Use with `XLSX_TEXT_FORMAT` on text
 * cells so that a re-entered value stays text.
 */
export function xlsxCellValue(value: SpreadsheetValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return neutraliseFormula(value);
}

/** Excel's "Text" number format: what is typed into the cell later is kept as text, not parsed as a formula. */
export const XLSX_TEXT_FORMAT = "@";
