// CSV as spreadsheets open it: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
import { cellText, type ReportDocument } from "./report-document";

const BOM = "\uFEFF";

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of text to CSV bytes; the BOM lets Excel read accents (Défense, Kinyarwanda) as UTF-8. */
export function writeCsv(rows: readonly (readonly string[])[]): Uint8Array {
  const text = rows.map((row) => row.map(csvField).join(",")).join("\r\n");
  return new TextEncoder().encode(`${BOM}${text}\r\n`);
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
