// Files → the tables they hold: the Word text export, .docx (mammoth → HTML), .xlsx, .csv and HTML.
import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { type HTMLElement, parse as parseHtml } from "node-html-parser";
import {
  assertZipWithinLimits,
  FILE_LIMITS,
  type FileLimits,
  fileLimitExceeded,
  whatIsNoTable,
} from "../../kernel/files";
import { AppError } from "../../shared/app-errors";
import { cleanText, htmlText, textAsHtml } from "./cell-blocks";
import { isSectionHeader, looksLikeHeader } from "./column-mapping";
import type { ColumnChoice, ImportFormat, ImportIssue } from "./imports.schema";

type Choices = Readonly<Record<string, ColumnChoice>>;

export type SourceRow = {
  /** "line 12", "sheet Partners, row 4", "table 2, row 3". */
  location: string;
  /** The line or row number that errors name. */
  number: number;
  /** Per column, the HTML fragments of the cell (a text export continues cells on following lines). */
  cells: string[][];
};

export type SourceTable = {
  section: { number: number | null; title: string };
  headers: string[];
  headerLocation: string;
  rows: SourceRow[];
};

export type SourceDocument = {
  file: string;
  format: ImportFormat;
  title: string;
  tables: SourceTable[];
  issues: ImportIssue[];
};

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly issue: ImportIssue,
    /** What the file is instead of a table ("PDF"), when it was recognised as something else. */
    readonly kind?: string,
  ) {
    super(message);
    this.name = "ImportFileError";
  }
}

function fileError(file: string, code: string, message: string, location = "file"): ImportFileError {
  return new ImportFileError(message, {
    severity: "error",
    code,
    message,
    file,
    location,
    row: null,
    column: null,
    text: null,
  });
}

const SECTION = /^\s*(\d{1,2})\s*[.)]\s+(\S.*)$/;
const SERIAL = /^\s*(?:<[^>]+>\s*)*(\d{1,3})\s*[.)]?\s*(?:<\/[^>]+>\s*)*$/;

/** "**1. MoUs with Local Partners and RCS,**" → "1. MoUs with Local Partners and RCS" */
function headingText(line: string): string {
  return cleanText(htmlText(line.replace(/^#+\s*/, "").replace(/\*\*|__/g, ""))).replace(/[\s,;:]+$/, "");
}

function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw fileError(
      file,
      "encoding",
      `${file} is not UTF-8 text. Save it again as UTF-8 (in Excel: "CSV UTF-8"; in Word: "Plain text, Unicode (UTF-8)").`,
    );
  }
}

/** The text export of a Word document: tab-separated rows, HTML fragments, cells continued on later lines. */
export function readTextDocument(file: string, text: string, chosen: Choices = {}): SourceDocument {
  const lines = text.split(/\r?\n/);
  const tables: SourceTable[] = [];
  const issues: ImportIssue[] = [];
  let title = "";
  let section: SourceTable["section"] = { number: null, title: "" };
  let table: SourceTable | null = null;
  let row: SourceRow | null = null;
  lines.forEach((line, i) => {
    const number = i + 1;
    if (line.trim() === "" || /^[\s|\-–—_=*]+$/.test(line) || /^[\s\-–]*\t[\t\s\-–]*$/.test(line)) return;
    const cells = line.split("\t");
    if (cells.length === 1) {
      const heading = headingText(line);
      const m = SECTION.exec(heading);
      if (m?.[1] && m[2]) {
        section = { number: Number(m[1]), title: m[2] };
        table = null;
        row = null;
      } else if (!title && heading) title = heading;
      return;
    }
    const plainCells = cells.map((c) => htmlText(c));
    if (!table || (row === null && looksLikeHeader(plainCells, chosen))) {
      if (looksLikeHeader(plainCells, chosen)) {
        table = { section, headers: plainCells, headerLocation: `line ${number}`, rows: [] };
        tables.push(table);
        row = null;
      } else
        issues.push({
          severity: "warning",
          code: "line_outside_table",
          message: "This line is outside any table with recognisable columns: it is not imported.",
          file,
          location: `line ${number}`,
          row: number,
          column: null,
          text: cleanText(htmlText(line)).slice(0, 200),
        });
      return;
    }
    const serial = SERIAL.exec(cells[0] ?? "");
    if (serial) {
      row = { location: `line ${number}`, number, cells: cells.map((c) => [c]) };
      table.rows.push(row);
      return;
    }
    if (row && (cells[0] ?? "").trim() === "") {
      // A cell continued on the next line, in the same column.
      cells.forEach((c, j) => {
        if (c.trim() === "" || !row) return;
        while (row.cells.length <= j) row.cells.push([]);
        row.cells[j]?.push(c);
      });
      return;
    }
    issues.push({
      severity: "warning",
      code: "line_unread",
      message: "This line does not start a numbered row nor continue one: it is not imported.",
      file,
      location: `line ${number}`,
      row: number,
      column: null,
      text: cleanText(htmlText(line)).slice(0, 200),
    });
  });
  return { file, format: "text", title, tables, issues };
}

/** HTML (what mammoth makes of a .docx): numbered headings start sections; each table is read by its header row. */
export function readHtmlDocument(
  file: string,
  html: string,
  format: ImportFormat = "html",
  chosen: Choices = {},
): SourceDocument {
  const root = parseHtml(html);
  const tables: SourceTable[] = [];
  let title = "";
  let section: SourceTable["section"] = { number: null, title: "" };
  let tableCount = 0;
  const visit = (el: HTMLElement) => {
    for (const child of el.childNodes as HTMLElement[]) {
      const tag = child.rawTagName?.toLowerCase();
      if (!tag) continue;
      if (tag === "table") {
        tableCount++;
        readTable(child, tableCount);
        continue;
      }
      if (/^(?:p|h[1-6]|li)$/.test(tag)) {
        const heading = headingText(child.innerHTML);
        const m = SECTION.exec(heading);
        if (m?.[1] && m[2]) section = { number: Number(m[1]), title: m[2] };
        else if (!title && heading) title = heading;
        continue;
      }
      visit(child);
    }
  };
  const readTable = (el: HTMLElement, n: number) => {
    let current: SourceTable | null = null;
    const trs = el.querySelectorAll("tr").filter((tr) => tr.closest("table") === el);
    trs.forEach((tr, i) => {
      const cells = tr.childNodes
        .filter((c): c is HTMLElement => /^(?:td|th)$/i.test((c as HTMLElement).rawTagName ?? ""))
        .map((c) => c.innerHTML);
      const texts = cells.map((c) => htmlText(c));
      if (texts.every((t) => t === "")) return;
      if (!current) {
        if (looksLikeHeader(texts, chosen)) {
          current = { section, headers: texts, headerLocation: `table ${n}, row ${i + 1}`, rows: [] };
          tables.push(current);
        }
        return;
      }
      if (looksLikeHeader(texts, chosen) && texts.join("|") === current.headers.join("|")) return; // repeated header
      current.rows.push({
        location: `table ${n}, row ${i + 1}`,
        number: i + 1,
        cells: cells.map((c) => [c]),
      });
    });
  };
  visit(root);
  return { file, format, title, tables, issues: [] };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const d = value;
    return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
  }
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("error" in value) return "";
  return "";
}

/** A sheet per section; the first row (of the first 20) that reads as a header starts the table. */
export async function readXlsxDocument(
  file: string,
  bytes: Uint8Array,
  chosen: Choices = {},
): Promise<SourceDocument> {
  // exceljs and mammoth load on first use (see reports/index.ts): a server that imports nothing need not carry them.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    throw fileError(
      file,
      "unreadable_xlsx",
      `${file} could not be read as an Excel workbook (.xlsx): it may be damaged or truncated.`,
    );
  }
  const tables: SourceTable[] = [];
  workbook.worksheets.forEach((sheet, sheetIndex) => {
    let table: SourceTable | null = null;
    const m = SECTION.exec(sheet.name);
    const section =
      m?.[1] && m[2] ? { number: Number(m[1]), title: m[2] } : { number: sheetIndex + 1, title: sheet.name };
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        values[col - 1] = cellText(cell.value);
      });
      const texts = Array.from({ length: values.length }, (_, i) => cleanText(values[i] ?? ""));
      if (texts.every((t) => t === "")) return;
      if (!table) {
        if (rowNumber <= 20 && looksLikeHeader(texts, chosen)) {
          table = {
            section,
            headers: texts,
            headerLocation: `sheet ${sheet.name}, row ${rowNumber}`,
            rows: [],
          };
          tables.push(table);
        }
        return;
      }
      table.rows.push({
        location: `sheet ${sheet.name}, row ${rowNumber}`,
        number: rowNumber,
        cells: Array.from({ length: values.length }, (_, i) => [textAsHtml(values[i] ?? "")]),
      });
    });
  });
  return { file, format: "xlsx", title: "", tables, issues: [] };
}

/**
 * UTF-8 CSV with or without BOM; the separator (comma, semicolon or tab) is read from the header line. Parsing stops
 * after `maxRecords` records: a file of millions of rows is refused on its count, not read whole.
 */
export function readCsvDocument(
  file: string,
  text: string,
  chosen: Choices = {},
  maxRecords?: number,
): SourceDocument {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      ...(maxRecords === undefined ? {} : { to: maxRecords }),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw fileError(file, "unreadable_csv", `${file} could not be read as CSV: ${message}`);
  }
  let table: SourceTable | null = null;
  records.forEach((record, i) => {
    const texts = record.map((c) => cleanText(c));
    if (!table) {
      if (i < 20 && looksLikeHeader(texts, chosen))
        table = {
          section: { number: null, title: "" },
          headers: texts,
          headerLocation: `row ${i + 1}`,
          rows: [],
        };
      return;
    }
    table.rows.push({ location: `row ${i + 1}`, number: i + 1, cells: record.map((c) => [textAsHtml(c)]) });
  });
  return { file, format: "csv", title: "", tables: table ? splitBySection(table) : [], issues: [] };
}

/**
 * The export's CSV is one flat table: a first column names the section ("1. MoUs with local partners"), and
 * each section fills only its own columns. Read back, each section is a table of the columns it fills, so
 * the associations' "Name of partner/stakeholder" is their partner column and they read as memberships.
 */
function splitBySection(table: SourceTable): SourceTable[] {
  const at = table.headers.findIndex((h) => isSectionHeader(h));
  if (at < 0) return [table];
  const groups = new Map<string, SourceRow[]>();
  for (const row of table.rows) {
    const title = htmlText((row.cells[at] ?? []).join(" "));
    groups.set(title, [...(groups.get(title) ?? []), row]);
  }
  return [...groups].map(([title, rows], index) => {
    const filled = table.headers
      .map((_, c) => c)
      .filter((c) => c !== at && rows.some((r) => htmlText((r.cells[c] ?? []).join(" ")) !== ""));
    const m = SECTION.exec(title);
    return {
      section: m?.[1] && m[2] ? { number: Number(m[1]), title: m[2] } : { number: index + 1, title },
      headers: filled.map((c) => table.headers[c] ?? ""),
      headerLocation: table.headerLocation,
      rows: rows.map((r) => ({ ...r, cells: filled.map((c) => r.cells[c] ?? [""]) })),
    };
  });
}

/** Refused once, by what the file is: "report.pdf is a PDF, not a table…" rather than a table not found in it. */
function refuseWhatIsNoTable(file: string, bytes: Uint8Array): void {
  const found = whatIsNoTable(bytes);
  if (!found) return;
  throw new ImportFileError(
    `${file} is a ${found.kind} file, not a table: import a Word (.docx), Excel (.xlsx) or CSV file of ${found.advice}.`,
    {
      severity: "error",
      code: "not_a_table",
      message: `${file} is a ${found.kind} file, not a table.`,
      file,
      location: "file",
      row: null,
      column: null,
      text: null,
    },
    found.kind,
  );
}

export function detectFormat(file: string, bytes: Uint8Array): ImportFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? "";
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (ext === "docx" || ext === "xlsx") return ext;
  if (isZip) {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.length, 4000)));
    return head.includes("word/") ? "docx" : "xlsx";
  }
  if (ext === "csv") return "csv";
  if (ext === "html" || ext === "htm") return "html";
  return "text";
}

/** Reads any accepted file; a malformed one throws ImportFileError naming the file. */
export async function readSourceDocument(
  file: string,
  bytes: Uint8Array,
  chosen: Choices = {},
  maxRecords?: number,
): Promise<SourceDocument> {
  if (bytes.length === 0) throw fileError(file, "empty_file", `${file} is empty.`);
  refuseWhatIsNoTable(file, bytes);
  const format = detectFormat(file, bytes);
  let doc: SourceDocument;
  if (format === "docx") {
    const { default: mammoth } = await import("mammoth");
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
    } catch {
      throw fileError(
        file,
        "unreadable_docx",
        `${file} could not be read as a Word document (.docx): it may be damaged or truncated.`,
      );
    }
    doc = readHtmlDocument(file, html, "docx", chosen);
  } else if (format === "xlsx") doc = await readXlsxDocument(file, bytes, chosen);
  else {
    const text = decodeUtf8(file, bytes);
    if (format === "csv") doc = readCsvDocument(file, text, chosen, maxRecords);
    else if (format === "html") doc = readHtmlDocument(file, text, "html", chosen);
    else doc = readTextDocument(file, text, chosen);
  }
  if (doc.tables.length === 0) {
    throw fileError(
      file,
      "no_table",
      `${file} holds no table with recognisable columns: a header row needs at least a partner column (e.g. "Partner", "Partenaire", "Umufatanyabikorwa") and one more (date of signature, field activities, areas…).`,
    );
  }
  return doc;
}

/** A file that cannot be read, as the problem on the request's `file` field. */
export function importFileProblem(error: ImportFileError): AppError {
  return new AppError("validation", error.message, [
    {
      path: "file",
      message: error.message,
      code: error.issue.code,
      // The browser says it in the reader's language (errors.codes.<code> with these values).
      params: { file: error.issue.file, ...(error.kind ? { kind: error.kind } : {}) },
      in: "body",
    },
  ]);
}

/**
 * What a parsing worker runs (see kernel/files): a docx or xlsx is checked against the zip limits before mammoth or
 * exceljs inflates it, a CSV stops reading past the row limit, and any file with more data rows than the limit is
 * refused. Errors are AppErrors on the `file` field, so they cross the worker boundary whole.
 */
export async function readSourceDocumentWithinLimits(
  file: string,
  bytes: Uint8Array,
  chosen: Choices = {},
  limits: FileLimits = FILE_LIMITS,
): Promise<SourceDocument> {
  const target = { file, field: "file" };
  try {
    refuseWhatIsNoTable(file, bytes);
    const format = detectFormat(file, bytes);
    if (format === "docx" || format === "xlsx") {
      await assertZipWithinLimits(bytes, target, limits).catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw format === "docx"
          ? fileError(
              file,
              "unreadable_docx",
              `${file} could not be read as a Word document (.docx): it may be damaged or truncated.`,
            )
          : fileError(
              file,
              "unreadable_xlsx",
              `${file} could not be read as an Excel workbook (.xlsx): it may be damaged or truncated.`,
            );
      });
    }
    // A header may sit on any of the first 20 records (see readCsvDocument): one past the limit is enough to refuse.
    const doc = await readSourceDocument(file, bytes, chosen, limits.rows + 21);
    const rows = doc.tables.reduce((sum, t) => sum + t.rows.length, 0);
    if (rows > limits.rows) throw fileLimitExceeded("file_too_many_rows", target, limits);
    return doc;
  } catch (error) {
    if (error instanceof ImportFileError) throw importFileProblem(error);
    throw error;
  }
}
