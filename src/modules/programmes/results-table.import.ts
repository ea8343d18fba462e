// A programme's results table from Word (.docx), Excel (.xlsx), CSV or a text export → its rows, read in a parsing
// worker (kernel/files). Two layouts: activity | people reached, and indicator | target | achieved; the header is
// found by its words (English, French, Kinyarwanda) on any of the first rows, and every row keeps where it was.
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseHtml } from "node-html-parser";
import { assertZipWithinLimits, FILE_LIMITS, fileLimitExceeded, whatIsNoTable } from "../../kernel/files";
import { AppError } from "../../shared/app-errors";

import type { ResultsTableLayout } from "./results-table.schema";

export type { ResultsTableLayout };

export type ResultsTableRow = {
  /** "row 4", "sheet Results, row 4", "table 2, row 3", "line 74". */
  location: string;
  /** activity | people reached, or indicator | target | achieved (target empty when the table has none). */
  cells: { name: string; reach: string; target: string };
  /** The header of each column read, for errors that name the column. */
  columns: { name: string; reach: string; target: string | null };
};

export type ResultsTable = { layout: ResultsTableLayout; rows: ResultsTableRow[] };

const NAME = /^(activit(y|ies|é|és)|igikorwa|ibikorwa|indicat(or|eur)s?|igipimo|ibipimo)(?![\p{L}])/iu;
const INDICATOR = /^(indicat(or|eur)s?|igipimo|ibipimo)(?![\p{L}])/iu;
const REACH =
  /(people reached|persons? reached|reach|beneficiar|participants|personnes (atteintes|touchées)|bénéficiaires|abagezweho|abantu bagezweho|achieved|actual|réalisé|atteint|résultat|byagezweho|ibyagezweho)/i;
const TARGET = /^(target|cible|objectif|intego)/i;

/** Text of a cell: tags dropped (mammoth's <i>Ba Maso</i>), entities the parser knows decoded, spaces squeezed. */
const clean = (s: string) => parseHtml(`<p>${s}</p>`).textContent.replace(/\s+/g, " ").trim();

function problem(
  file: string,
  code: string,
  message: string,
  params: Record<string, string | number> = {},
): AppError {
  return new AppError("validation", message, [
    { path: "file", code, message, params: { file, ...params }, in: "body" },
  ]);
}

type Grid = { location: (rowIndex: number) => string; rows: string[][]; headerWithin?: number }[];

/**
 * The header row and which column is which; null when the rows hold none. A sheet's or table's header is within its
 * first 20 rows; a text export's anywhere (the seed's table comes after pages of prose).
 */
function findHeader(rows: string[][], within: number) {
  for (let i = 0; i < Math.min(rows.length, within); i++) {
    const cells = (rows[i] ?? []).map(clean);
    const name = cells.findIndex((c) => NAME.test(c));
    const reach = cells.findIndex((c, j) => j !== name && REACH.test(c) && !TARGET.test(c));
    if (name < 0 || reach < 0) continue;
    const target = cells.findIndex((c, j) => j !== name && TARGET.test(c));
    const layout: ResultsTableLayout =
      INDICATOR.test(cells[name] ?? "") || target >= 0 ? "indicators" : "activities";
    return { index: i, layout, name, reach, target: target >= 0 ? target : null, headers: cells };
  }
  return null;
}

function tableOf(file: string, grid: Grid): ResultsTable {
  for (const part of grid) {
    const header = findHeader(part.rows, part.headerWithin ?? 20);
    if (!header) continue;
    const rows: ResultsTableRow[] = [];
    const columns = {
      name: header.headers[header.name] ?? "",
      reach: header.headers[header.reach] ?? "",
      target: header.target === null ? null : (header.headers[header.target] ?? ""),
    };
    for (let i = header.index + 1; i < part.rows.length; i++) {
      const cells = (part.rows[i] ?? []).map(clean);
      if (cells.every((c) => c === "")) continue;
      // A table ends where a row no longer has its columns (the seed's text export goes on with "Contact us").
      if (cells.length <= Math.max(header.name, header.reach)) break;
      rows.push({
        location: part.location(i),
        cells: {
          name: cells[header.name] ?? "",
          reach: cells[header.reach] ?? "",
          target: header.target === null ? "" : (cells[header.target] ?? ""),
        },
        columns,
      });
    }
    return { layout: header.layout, rows };
  }
  throw problem(
    file,
    "no_results_table",
    `${file} holds no results table: a header row needs an activity or indicator column ("Activity", "Activité", "Igikorwa", "Indicator") and a people reached or achieved column ("People reached", "Personnes atteintes", "Achieved", "Réalisé").`,
  );
}

async function xlsxGrid(file: string, bytes: Uint8Array): Promise<Grid> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    throw problem(file, "unreadable_xlsx", `${file} could not be read as an Excel workbook (.xlsx).`);
  }
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    const numbers: number[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        values[col - 1] = cell.text ?? "";
      });
      rows.push(Array.from({ length: values.length }, (_, i) => values[i] ?? ""));
      numbers.push(rowNumber);
    });
    return { location: (i: number) => `sheet ${sheet.name}, row ${numbers[i] ?? i + 1}`, rows };
  });
}

function htmlGrid(html: string): Grid {
  return parseHtml(html)
    .querySelectorAll("table")
    .map((table, t) => ({
      location: (i: number) => `table ${t + 1}, row ${i + 1}`,
      rows: table.querySelectorAll("tr").map((tr) => tr.querySelectorAll("td, th").map((td) => td.innerHTML)),
    }));
}

/** A text export (the seed's .txt): tab-separated lines are table rows. */
function textGrid(text: string): Grid {
  const lines = text.split(/\r?\n/);
  return [
    {
      location: (i: number) => `line ${i + 1}`,
      headerWithin: lines.length,
      rows: lines.map((l) => (l.includes("\t") ? l.split("\t") : l.trim() === "" ? [] : [l])),
    },
  ];
}

function csvGrid(text: string): Grid {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const rows = parseCsv(text, {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    to: FILE_LIMITS.rows + 21,
  }) as string[][];
  // csv-parse gives raw text: escape it, since cells are read as HTML fragments like Word's.
  const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return [{ location: (i: number) => `row ${i + 1}`, rows: rows.map((r) => r.map(escapeHtml)) }];
}

/** What the parsing worker runs: the table's rows, or an AppError on the `file` field naming the file. */
export async function readResultsTable(file: string, bytes: Uint8Array): Promise<ResultsTable> {
  if (bytes.length === 0) throw problem(file, "empty_file", `${file} is empty.`);
  const notTable = whatIsNoTable(bytes);
  if (notTable)
    throw problem(file, "not_a_table", `${file} is a ${notTable.kind} file, not a table.`, {
      kind: notTable.kind,
    });
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? "";
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) await assertZipWithinLimits(bytes, { file, field: "file" }, FILE_LIMITS);
  const text = () => new TextDecoder("utf-8").decode(bytes);
  let grid: Grid;
  if (ext === "docx" || (isZip && ext !== "xlsx")) {
    const { default: mammoth } = await import("mammoth");
    const html = await mammoth
      .convertToHtml({ buffer: Buffer.from(bytes) })
      .then((r) => r.value)
      .catch(() => {
        throw problem(file, "unreadable_docx", `${file} could not be read as a Word document (.docx).`);
      });
    grid = htmlGrid(html);
  } else if (ext === "xlsx" || isZip) grid = await xlsxGrid(file, bytes);
  else if (ext === "csv") grid = csvGrid(text());
  else if (ext === "html" || ext === "htm") grid = htmlGrid(text());
  else grid = textGrid(text());
  const table = tableOf(file, grid);
  if (table.rows.length > FILE_LIMITS.rows)
    throw fileLimitExceeded("file_too_many_rows", { file, field: "file" });
  return table;
}
