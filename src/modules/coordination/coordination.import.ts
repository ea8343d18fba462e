// Reads a 3W CSV by its HXL hashtag row (headers in any language): one raw row per data line, problems named by row and column.
import { FILE_LIMITS, type FileLimits, fileLimitExceeded, whatTextIsNoTable } from "../../kernel/files";
import { AppError, type FieldError } from "../../shared/app-errors";
import { impossibleDateIn, parsePartialDate, partialDateRange } from "../../shared/partial-date";
import type { HxlDatePrecision } from "./period-bounds";

/** RFC 4180: quoted fields with doubled quotes and line breaks; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** `#org +name +i_fr` → { tag: "#org", attributes: {"name", "i_fr"} }; case and order do not matter. */
export function parseHashtag(cell: string): { tag: string; attributes: Set<string> } | null {
  const parts = cell
    .trim()
    .toLowerCase()
    .split(/\s*\+\s*/);
  const tag = parts[0]?.replace(/\s+/g, "") ?? "";
  if (!/^#[a-z][a-z0-9_]*$/.test(tag)) return null;
  return { tag, attributes: new Set(parts.slice(1).filter((a) => a !== "")) };
}

/** A 3W date cell read with its precision: the first and last day it may mean, never a day it does not give. */
export type HxlDate = { from: string; until: string; precision: HxlDatePrecision };

/**
 * "2024-03-15" or "15/03/2024" is a day, "2024-03", "Mar 2024" or "mars 2024" a month, "2024" a year. Null when the
 * cell is no such date: an impossible day ("2026-13-01") or a vague one ("early 2019") is refused, not rounded.
 */
export function readHxlDate(text: string): HxlDate | null {
  if (impossibleDateIn(text)) return null;
  const date = parsePartialDate(text);
  if (date.precision !== "day" && date.precision !== "month" && date.precision !== "year") return null;
  // Only a date: "signed 2024" or "2024 (estimated)" is not a 3W date cell.
  if (/[a-z]{2,}/i.test(text.replace(/\p{L}+(?=\.?\s*\d{4})/u, ""))) return null;
  const range = partialDateRange(date);
  return range ? { from: range.from, until: range.to, precision: date.precision } : null;
}

/** What a 3W row says, as text still to be matched against the register. */
export type HxlRow = {
  /** 1-based line number in the file, for messages. */
  line: number;
  /** Who does the work: `#org +impl`, else a plain `#org`, else `#org +prog`. */
  organisation: string;
  acronym: string;
  /** The donor: `#org +funder`. Never taken for the organisation doing the work. */
  funder: string;
  funderAcronym: string;
  theme: string;
  province: string;
  district: string;
  sector: string;
  location: string;
  locationCode: string;
  activity: string;
  start: string;
  end: string;
};

type Field = Exclude<keyof HxlRow, "line">;
type Attributes = Set<string>;

/** `#org` without `+funder`, `+impl` or `+prog`. */
const roleless = (a: Attributes) => !a.has("impl") && !a.has("funder") && !a.has("prog");
/**
 * Attributes saying a column holds something other than names (`#loc +type` "prison", `#org +code`); any other
 * attribute (`+i_fr`, `+v_3w`, `+main`) says nothing about what the cells are, so it does not get in the way.
 */
const NOT_NAMES = [
  "acronym",
  "abbrev",
  "type",
  "code",
  "id",
  "url",
  "email",
  "phone",
  "contact",
  "num",
  "pcode",
];
/** A column of names: `+name`, or no attribute saying it holds something else. */
const names = (a: Attributes) => a.has("name") || !NOT_NAMES.some((n) => a.has(n));
const codes = (a: Attributes) => a.has("code") || a.has("pcode");

/**
 * Which column feeds which field: for each field, the first entry (in this order) that a column's hashtag fits.
 * The organisation doing the work is `#org +impl`, then a plain `#org`, then `#org +prog`, in whatever order the
 * columns come; `#org +funder` is read as the donor only, so a funder column placed first is never taken for the
 * implementer (UNDP for Lawyers of Hope).
 */
const FIELD_TAGS: readonly [Field, string, (attributes: Attributes) => boolean][] = [
  ["organisation", "#org", (a) => a.has("impl") && !a.has("funder") && names(a)],
  ["organisation", "#org", (a) => roleless(a) && names(a)],
  ["organisation", "#org", (a) => a.has("prog") && !a.has("funder") && names(a)],
  ["acronym", "#org", (a) => a.has("impl") && !a.has("funder") && a.has("acronym")],
  ["acronym", "#org", (a) => roleless(a) && a.has("acronym")],
  ["acronym", "#org", (a) => a.has("prog") && !a.has("funder") && a.has("acronym")],
  ["funder", "#org", (a) => a.has("funder") && names(a)],
  ["funderAcronym", "#org", (a) => a.has("funder") && a.has("acronym")],
  ["theme", "#sector", names],
  ["theme", "#sector", codes],
  ["province", "#adm1", names],
  ["district", "#adm2", names],
  ["district", "#adm2", codes],
  ["sector", "#adm3", names],
  ["location", "#loc", names],
  ["locationCode", "#loc", codes],
  ["activity", "#activity", names],
  ["start", "#date", (a) => a.has("start")],
  ["end", "#date", (a) => a.has("end")],
];

export type HxlParseResult = {
  rows: HxlRow[];
  errors: FieldError[];
  columns: Partial<Record<Field, string>>;
};

/** A problem of the whole file: a code the browser app translates, and English for API clients. */
const fail = (code: string, message: string): HxlParseResult => ({
  rows: [],
  columns: {},
  errors: [{ path: "csv", code, message, in: "body" }],
});

export function parseHxl3w(text: string): HxlParseResult {
  const table = parseCsv(text);
  // The hashtag row: the first of the top rows whose every filled cell is a hashtag.
  const tagRowIndex = table
    .slice(0, 25)
    .findIndex(
      (r) => r.some((c) => c.trim() !== "") && r.every((c) => c.trim() === "" || parseHashtag(c) !== null),
    );
  if (tagRowIndex < 0)
    return fail(
      "no_hashtag_row",
      "No HXL hashtag row (such as #org +name,#sector,#adm2 +name) in the first 25 rows.",
    );
  const tags = (table[tagRowIndex] ?? []).map((c) => (c.trim() === "" ? null : parseHashtag(c)));
  const columnOf = new Map<Field, number>();
  const columns: Partial<Record<Field, string>> = {};
  for (const [field, tag, fits] of FIELD_TAGS) {
    if (columnOf.has(field)) continue;
    const i = tags.findIndex((t) => t !== null && t.tag === tag && fits(t.attributes));
    if (i >= 0) {
      columnOf.set(field, i);
      columns[field] = (table[tagRowIndex] ?? [])[i]?.trim();
    }
  }
  if (!columnOf.has("organisation") && !columnOf.has("acronym")) {
    return columnOf.has("funder") || columnOf.has("funderAcronym")
      ? fail(
          "only_funder_column",
          "The only #org column names a funder (+funder): add the organisation doing the work (#org +impl or #org).",
        )
      : fail("no_org_column", "No #org column: every 3W row needs an organisation.");
  }
  if (!columnOf.has("theme"))
    return fail("no_theme_column", "No #sector column: every 3W row needs a theme.");
  if (!["province", "district", "sector", "location", "locationCode"].some((f) => columnOf.has(f as Field))) {
    return fail("no_place_column", "No place column (#adm1, #adm2, #adm3 or #loc).");
  }
  const rows: HxlRow[] = [];
  const errors: FieldError[] = [];
  table.slice(tagRowIndex + 1).forEach((cells, i) => {
    const line = tagRowIndex + 2 + i;
    if (cells.every((c) => c.trim() === "")) return;
    const value = (field: Field) => {
      const index = columnOf.get(field);
      return index === undefined ? "" : (cells[index] ?? "").trim();
    };
    const row: HxlRow = {
      line,
      organisation: value("organisation"),
      acronym: value("acronym"),
      funder: value("funder"),
      funderAcronym: value("funderAcronym"),
      theme: value("theme"),
      province: value("province"),
      district: value("district"),
      sector: value("sector"),
      location: value("location"),
      locationCode: value("locationCode"),
      activity: value("activity"),
      start: value("start"),
      end: value("end"),
    };
    // A row naming no implementer is kept: the service flags it as "implementer not named".
    rows.push(row);
  });
  return { rows, errors, columns };
}

/**
 * What the parsing worker runs (see kernel/files): the 3W file read, and refused on the `csv` field, naming the
 * limit, when it has more data rows than a 3W import may hold.
 */
export function parseHxl3wWithinLimits(
  text: string,
  file: string,
  limits: FileLimits = FILE_LIMITS,
): HxlParseResult {
  // Refused once for what it is (a PDF or a photo picked by mistake), not for the hashtag row it lacks.
  const found = whatTextIsNoTable(text);
  if (found) {
    const message = `${file} is a ${found.kind} file, not a table: import the CSV file of ${found.advice}.`;
    throw new AppError("validation", message, [
      { path: "csv", code: "not_a_table", message, params: { file, kind: found.kind }, in: "body" },
    ]);
  }
  const result = parseHxl3w(text);
  if (result.rows.length > limits.rows)
    throw fileLimitExceeded("file_too_many_rows", { file, field: "csv" }, limits);
  return result;
}
