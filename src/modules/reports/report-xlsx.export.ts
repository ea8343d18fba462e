// The report as an Excel workbook: one sheet per section, frozen header, wrapped text with row heights
// computed from the text (Excel does not grow rows it did not lay out itself).
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { neutraliseFormula, XLSX_TEXT_FORMAT } from "../../shared/spreadsheet-text";
import { BULLET, type ReportCell, type ReportDocument } from "./report-document";

/** Characters across all columns of a sheet, shared by the columns' relative widths. */
const SHEET_CHARACTERS = 190;
const FONT_SIZE = 10;
const LINE_HEIGHT = 13.5; // points per line at 10 pt
const MAX_ROW_HEIGHT = 409; // Excel's limit

type RichText = { text: string; font?: { bold?: boolean; size?: number } }[];

function richTextOf(cell: ReportCell): RichText {
  const parts: RichText = [];
  const newline = () => {
    if (parts.length > 0) parts.push({ text: "\n", font: { size: FONT_SIZE } });
  };
  for (const block of cell) {
    const lines =
      block.kind === "paragraph"
        ? [block.runs]
        : block.items.map((item) => [{ text: `${BULLET} ` }, ...item]);
    for (const runs of lines) {
      newline();
      for (const run of runs)
        parts.push({ text: run.text, font: { bold: run.bold === true, size: FONT_SIZE } });
    }
  }
  // Rich text is a text cell, never a formula; its text is still neutralised like every spreadsheet cell, so that a
  // copy to CSV or a re-edited cell does not bring a formula to life.
  const head = parts.find((part) => part.text !== "");
  if (head) head.text = neutraliseFormula(head.text);
  return parts;
}

/** How many lines a text takes in a column this many characters wide. */
export function wrappedLineCount(text: string, columnWidth: number): number {
  const perLine = Math.max(1, Math.floor(columnWidth * 1.25) - 2);
  return text.split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

export async function writeReportXlsx(report: ReportDocument): Promise<Uint8Array> {
  // Streamed: each row is written out (and let go) as it is made, so a report of 10,000 agreements costs a fraction
  // of the memory the whole workbook's objects would (~350 MB in ExcelJS's in-memory model, issue 20).
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Ubufatanye";
  workbook.title = report.title;
  const used = new Set<string>();
  for (const section of report.sections) {
    let name = section.sheetName.replace(SHEET_NAME_FORBIDDEN, " ").slice(0, 31).trim() || "Sheet";
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${name.slice(0, 27)} (${n})`;
    used.add(name.toLowerCase());
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: "frozen", ySplit: 1 }],
      pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      headerFooter: { oddHeader: `&L${section.title.replace(/&/g, "&&")}` },
    });
    sheet.pageSetup.printTitlesRow = "1:1";
    const total = section.columns.reduce((sum, c) => sum + c.width, 0);
    const widths = section.columns.map((c) => Math.max(6, Math.round((SHEET_CHARACTERS * c.width) / total)));
    sheet.columns = section.columns.map((column, i) => ({
      header: neutraliseFormula(column.header),
      width: widths[i],
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true, size: FONT_SIZE };
    header.alignment = { wrapText: true, vertical: "middle" };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E2F3" } };
    header.height = Math.min(
      MAX_ROW_HEIGHT,
      Math.max(...section.columns.map((c, i) => wrappedLineCount(c.header, widths[i] ?? 10))) * LINE_HEIGHT +
        4,
    );
    for (const cells of section.rows) {
      const row = sheet.addRow(cells.map(() => ""));
      let lines = 1;
      cells.forEach((cell, i) => {
        const rich = richTextOf(cell);
        const target = row.getCell(i + 1);
        target.value = rich.length > 0 ? { richText: rich } : "";
        target.alignment = { wrapText: true, vertical: "top" };
        target.numFmt = XLSX_TEXT_FORMAT;
        lines = Math.max(lines, wrappedLineCount(rich.map((r) => r.text).join(""), widths[i] ?? 10));
      });
      row.height = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4);
      row.commit();
    }
    if (section.rows.length === 0) sheet.addRow([neutraliseFormula(section.emptyText)]).commit();
    sheet.commit();
  }
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
