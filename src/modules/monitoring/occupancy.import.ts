// Reads an occupancy table (CSV or XLSX) into figures: facility names matched to places of detention by name and
// alias (case and accents ignored), every bad cell reported with its file, row and column, nothing guessed.
import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import {
  assertZipWithinLimits,
  FILE_LIMITS,
  type FileLimits,
  fileLimitExceeded,
  type NotATable,
  whatIsNoTable,
} from "../../kernel/files";
import { AppError } from "../../shared/app-errors";
import { IsoDateSchema } from "../../shared/iso-date";
import type { OccupancyImportIssue } from "./occupancy.schema";
import { parseRateText } from "./occupancy-rate";

export const OCCUPANCY_FIELDS = [
  "facility",
  "date",
  "capacity",
  "population",
  "men",
  "women",
  "minors",
  "rate",
  "source",
] as const;
export type OccupancyField = (typeof OCCUPANCY_FIELDS)[number];

/** "Établissement" → "etablissement", "Taux d'occupation (%)" → "taux d occupation". */
export function normaliseName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Headers as sources write them, in English, French and Kinyarwanda (normalised).
const HEADERS: Record<OccupancyField, readonly string[]> = {
  facility: [
    "facility",
    "facility name",
    "name",
    "prison",
    "place",
    "place of detention",
    "correctional facility",
    "etablissement",
    "etablissement penitentiaire",
    "lieu de detention",
    "prison name",
    "gereza",
    "igororero",
  ],
  date: ["date", "as of", "as at", "asof", "as of date", "date of figures", "itariki"],
  capacity: ["capacity", "official capacity", "capacite", "places", "ubushobozi"],
  population: ["population", "inmates", "detainees", "prisoners", "total", "detenus", "abafungwa"],
  men: ["men", "male", "males", "hommes", "abagabo"],
  women: ["women", "female", "females", "femmes", "abagore"],
  minors: ["minors", "juveniles", "children", "mineurs", "abana"],
  rate: ["rate", "occupancy", "occupancy rate", "taux", "taux d occupation", "igipimo"],
  source: ["source", "sources", "inkomoko"],
};

function fieldOfHeader(header: string): OccupancyField | null {
  // "Rate (%)" → "rate"; "Occupancy rate %" → "occupancy rate".
  const h = normaliseName(header);
  for (const field of OCCUPANCY_FIELDS) if (HEADERS[field].includes(h)) return field;
  return null;
}

export type RawOccupancyRow = {
  /** The row's number as the spreadsheet or text editor shows it (1-based, header included). */
  row: number;
  cells: Partial<Record<OccupancyField, string>>;
};

export type OccupancyTable = {
  file: string;
  /** The header as written in the file, per field, for messages. */
  headers: Partial<Record<OccupancyField, string>>;
  rows: RawOccupancyRow[];
};

const fileProblem = (code: string, message: string, params?: Record<string, string>) =>
  new AppError("validation", message, [
    { path: "file", message, code, in: "body", ...(params ? { params } : {}) },
  ]);

/** Refused once for what it is (a PDF, a photo of the table), not for the facility column it lacks. */
const notATable = (file: string, found: NotATable) =>
  fileProblem(
    "not_a_table",
    `${file} is a ${found.kind} file, not a table: import an Excel (.xlsx) or CSV file of ${found.advice}.`,
    { file, kind: found.kind },
  );

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // A date cell is a day: exceljs gives it at UTC midnight.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  return "";
}

async function readGrid(file: string, bytes: Uint8Array, limits: FileLimits): Promise<string[][]> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.xlsx$/i.test(file) || isZip) {
    await assertZipWithinLimits(bytes, { file, field: "file" }, limits).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      throw fileProblem("unreadable_xlsx", `${file} could not be read as an Excel workbook (.xlsx).`);
    });
    const { default: Excel } = await import("exceljs"); // loaded on first use (see reports/index.ts)
    const workbook = new Excel.Workbook();
    try {
      await workbook.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    } catch {
      throw fileProblem("unreadable_xlsx", `${file} could not be read as an Excel workbook (.xlsx).`);
    }
    const sheet = workbook.worksheets[0];
    const grid: string[][] = [];
    sheet?.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        values[col - 1] = cellText(cell.value);
      });
      grid[rowNumber - 1] = Array.from({ length: values.length }, (_, i) => values[i] ?? "");
    });
    return Array.from({ length: grid.length }, (_, i) => grid[i] ?? []);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fileProblem("not_utf8", `${file} is not UTF-8 text: save the CSV as UTF-8.`);
  }
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  try {
    // Empty lines are kept so that row numbers are the editor's line numbers.
    return parseCsv(text, { delimiter, bom: true, relax_column_count: true, to: limits.rows + 20 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw fileProblem("unreadable_csv", `${file} could not be read as CSV: ${message}`);
  }
}

/**
 * The table of the file's first sheet: the header is the first of the first 20 rows naming a facility column;
 * columns it does not know are left out. A file without such a header, or with more rows than the limit, is refused.
 */
export async function readOccupancyTable(
  file: string,
  bytes: Uint8Array,
  limits: FileLimits = FILE_LIMITS,
): Promise<OccupancyTable> {
  if (bytes.length === 0) throw fileProblem("empty_file", `${file} is empty.`);
  const found = whatIsNoTable(bytes);
  if (found) throw notATable(file, found);
  const grid = await readGrid(file, bytes, limits);
  const headerAt = grid.slice(0, 20).findIndex((cells) => cells.some((c) => fieldOfHeader(c) === "facility"));
  if (headerAt < 0) {
    throw fileProblem(
      "no_facility_column",
      `${file} has no header row with a facility column (e.g. "Facility", "Établissement", "Gereza") in its first 20 rows.`,
    );
  }
  const columns = new Map<number, OccupancyField>();
  const headers: Partial<Record<OccupancyField, string>> = {};
  (grid[headerAt] ?? []).forEach((cell, i) => {
    const field = fieldOfHeader(cell);
    if (field && headers[field] === undefined) {
      columns.set(i, field);
      headers[field] = cell.trim();
    }
  });
  const rows: RawOccupancyRow[] = [];
  for (let i = headerAt + 1; i < grid.length; i++) {
    const cells: Partial<Record<OccupancyField, string>> = {};
    for (const [index, field] of columns) {
      const value = (grid[i]?.[index] ?? "").trim();
      if (value !== "") cells[field] = value;
    }
    if (Object.keys(cells).length > 0) rows.push({ row: i + 1, cells });
  }
  // The same refusal as every other import's (413, the limit named), not a validation problem of this one.
  if (rows.length > limits.rows)
    throw fileLimitExceeded("file_too_many_rows", { file, field: "file" }, limits);
  return { file, headers, rows };
}

export type PlaceToMatch = {
  id: string;
  name: string;
  names: { en: string; fr: string; rw: string };
  aliases: string[];
};

/** Name or alias (case, accents and punctuation ignored) → place; a name two places share matches neither. */
export function placeMatcher(places: readonly PlaceToMatch[]): (name: string) => PlaceToMatch | null {
  const byName = new Map<string, PlaceToMatch | "ambiguous">();
  for (const place of places) {
    const keys = new Set(
      [place.name, place.names.en, place.names.fr, place.names.rw, ...place.aliases].map(normaliseName),
    );
    for (const key of keys) {
      const seen = byName.get(key);
      byName.set(key, seen && seen !== place ? "ambiguous" : place);
    }
  }
  return (name) => {
    const found = byName.get(normaliseName(name));
    return found && found !== "ambiguous" ? found : null;
  };
}

export type ParsedFigure = {
  row: number;
  facilityName: string;
  place: PlaceToMatch;
  asOf: string;
  capacity: number | null;
  population: number | null;
  men: number | null;
  women: number | null;
  minors: number | null;
  publishedRate: number | null;
  source: string;
};

/** "2021-10-31", "31/10/2021", "31.10.2021" → ISO; null when it is no date. */
function parseDate(text: string): string | null {
  const t = text.trim();
  let iso = t;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (dmy) iso = `${dmy[3]}-${dmy[2]?.padStart(2, "0")}-${dmy[1]?.padStart(2, "0")}`;
  return IsoDateSchema.safeParse(iso).success ? iso : null;
}

/**
 * Every row turned into a figure, or into the problems that stop it: unknown facility, missing date or source, a
 * count that is negative or no number, a rate that is not a rate, a row with nothing to count, the same facility,
 * day and source twice.
 */
export function figuresOfTable(
  table: OccupancyTable,
  places: readonly PlaceToMatch[],
  defaults: { source?: string; asOf?: string } = {},
): { figures: ParsedFigure[]; errors: OccupancyImportIssue[] } {
  const match = placeMatcher(places);
  const figures: ParsedFigure[] = [];
  const errors: OccupancyImportIssue[] = [];
  const seen = new Map<string, number>();
  const header = (field: OccupancyField) => table.headers[field] ?? field;
  for (const raw of table.rows) {
    const problems: OccupancyImportIssue[] = [];
    const problem = (field: OccupancyField, code: string, message: string) =>
      problems.push({ file: table.file, row: raw.row, column: header(field), code, message });
    const facilityName = raw.cells.facility ?? "";
    const place = facilityName === "" ? null : match(facilityName);
    if (facilityName === "") problem("facility", "missing_facility", "No facility named.");
    else if (!place)
      problem(
        "facility",
        "unknown_facility",
        `No place of detention is called "${facilityName}": add it, or its name as an alias, first.`,
      );
    const dateText = raw.cells.date;
    let asOf: string | null = null;
    if (dateText !== undefined) {
      asOf = parseDate(dateText);
      if (!asOf) problem("date", "invalid_date", `"${dateText}" is not a date (use 2021-10-31).`);
    } else if (defaults.asOf) asOf = defaults.asOf;
    else problem("date", "missing_date", "No date: give one in the row, or one date for the file.");
    const count = (field: "capacity" | "population" | "men" | "women" | "minors"): number | null => {
      const text = raw.cells[field];
      if (text === undefined) return null;
      const t = text.replace(/[\s\u00a0]/g, "").replace(/,(?=\d{3}(\D|$))/g, "");
      if (/^-\d+$/.test(t)) {
        problem(field, "negative", `${header(field)} cannot be negative ("${text}").`);
        return null;
      }
      if (!/^\d{1,7}$/.test(t)) {
        problem(field, "not_a_number", `${header(field)} must be a whole number ("${text}").`);
        return null;
      }
      const n = Number(t);
      if (field === "capacity" && n === 0) {
        problem(field, "zero_capacity", "A capacity is at least 1.");
        return null;
      }
      return n;
    };
    const capacity = count("capacity");
    const population = count("population");
    const men = count("men");
    const women = count("women");
    const minors = count("minors");
    let publishedRate: number | null = null;
    if (raw.cells.rate !== undefined) {
      const rate = parseRateText(raw.cells.rate);
      if (rate === null || Number.isNaN(rate))
        problem("rate", "invalid_rate", `"${raw.cells.rate}" is not a rate (write 138.6 or 138.6%).`);
      else publishedRate = rate;
    }
    const source = raw.cells.source ?? defaults.source?.trim() ?? "";
    if (source === "")
      problem("source", "missing_source", "No source: give one in the row, or one for the file.");
    else if (source.length > 500) problem("source", "source_too_long", "A source is at most 500 characters.");
    if (problems.length === 0 && capacity === null && population === null && publishedRate === null)
      problem("population", "nothing_to_count", "Give a population, a capacity or a rate.");
    if (problems.length === 0 && place && asOf) {
      const key = `${place.id}\u0001${asOf}\u0001${source}`;
      const first = seen.get(key);
      if (first !== undefined)
        problem(
          "facility",
          "duplicate_row",
          `Row ${first} already gives this facility's figure of ${asOf} from this source.`,
        );
      else seen.set(key, raw.row);
    }
    if (problems.length > 0 || !place || !asOf) {
      errors.push(...problems);
      continue;
    }
    figures.push({
      row: raw.row,
      facilityName,
      place,
      asOf,
      capacity,
      population,
      men,
      women,
      minors,
      publishedRate,
      source,
    });
  }
  if (table.rows.length === 0)
    errors.push({
      file: table.file,
      row: null,
      column: null,
      code: "no_rows",
      message: `${table.file} has no rows of figures.`,
    });
  return { figures, errors };
}
