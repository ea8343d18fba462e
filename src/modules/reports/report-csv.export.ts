// CSV as spreadsheets open it: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
// Every cell goes through the shared formula neutraliser (src/shared/spreadsheet-text.ts).
import { csvText, type SpreadsheetValue } from "../../shared/spreadsheet-text";
import { cellText, type ReportDocument } from "./report-document";

const BOM = "\uFEFF";

/** Rows of cells to CSV bytes; the BOM lets Excel read accents (Défense, Kinyarwanda) as UTF-8. */
export function writeCsv(rows: readonly (readonly SpreadsheetValue[])[]): Uint8Array {
  return new TextEncoder().encode(`${BOM}${csvText(rows)}`);
}

/**
 * The report as one flat table: a first column naming the section, then each section's own columns
 * side by side (a section leaves the others' columns empty). Bullets become "• " lines in the cell.
 */
export function reportToCsvRows(report: ReportDocument, sectionHeader: string): string[][] {
  const headers: string[] = [];
  const offsets: number[][] = [];
  for (const section of report.sections) {
    offsets.push(
      section.columns.map((column) => {
        const at = headers.indexOf(column.header);
        if (at >= 0) return at;
        headers.push(column.header);
        return headers.length - 1;
      }),
    );
  }
  const rows: string[][] = [[sectionHeader, ...headers]];
  report.sections.forEach((section, s) => {
    for (const row of section.rows) {
      const out = new Array<string>(headers.length).fill("");
      row.forEach((cell, c) => {
        const at = offsets[s]?.[c];
        if (at !== undefined) out[at] = cellText(cell);
      });
      rows.push([section.title, ...out]);
    }
  });
  return rows;
}
