// Rows the user leaves out of a status-report import (decision 039): found by location or number, taken out of the
// document before it is read, and listed with the problems they had.
import { type FieldError, invalid } from "../../shared/app-errors";
import type { SourceDocument, SourceRow } from "./document-tables.import";
import type { ExcludedRow, ImportIssue, ProblemRow, RowExclusion } from "./imports.schema";

/** Every data row of the document (each table's), in the file's order. */
export function sourceRows(doc: SourceDocument): SourceRow[] {
  return doc.tables.flatMap((t) => t.rows);
}

/** A location as the user may type it: spaces collapsed, case ignored ("Table 2,  row 3" is "table 2, row 3"). */
const locationKey = (location: string) => location.replace(/\s+/g, " ").trim().toLowerCase();

/** "line 19", or "table 1, row 3 and table 2, row 3". */
function listLocations(rows: readonly SourceRow[]): string {
  const names = rows.map((r) => r.location);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function findOne(
  fileName: string,
  rows: readonly SourceRow[],
  byLocation: ReadonlyMap<string, SourceRow>,
  exclusion: RowExclusion,
  at: number,
): SourceRow | FieldError {
  const path = `excludeRows.${at}`;
  if (exclusion.location !== undefined) {
    const row = byLocation.get(locationKey(exclusion.location));
    if (!row)
      return {
        path: `${path}.location`,
        code: "row_not_found",
        message: `${fileName} has no row at "${exclusion.location}": name a row as the preview gives it.`,
        params: { location: exclusion.location },
        in: "body",
      };
    if (exclusion.row !== undefined && exclusion.row !== row.number)
      return {
        path: `${path}.row`,
        code: "row_not_at_location",
        message: `The row at ${row.location} is row ${row.number}, not ${exclusion.row}.`,
        params: { location: row.location, row: exclusion.row },
        in: "body",
      };
    return row;
  }
  const matching = rows.filter((r) => r.number === exclusion.row);
  const [only] = matching;
  if (only && matching.length === 1) return only;
  if (matching.length === 0)
    return {
      path: `${path}.row`,
      code: "row_not_found",
      message: `${fileName} has no row ${exclusion.row}.`,
      params: { row: exclusion.row ?? 0 },
      in: "body",
    };
  const locations = listLocations(matching);
  return {
    path: `${path}.row`,
    code: "row_ambiguous",
    message: `${fileName} has several rows ${exclusion.row} (${locations}): name the one to leave out by its location.`,
    params: { row: exclusion.row ?? 0, locations },
    in: "body",
  };
}

/**
 * The locations of the rows `excludeRows` names. A name matching no row of the file (or a number several rows
 * have) is a 422 at its path; so is leaving out every row, which would import nothing.
 */
export function findExcludedRows(
  fileName: string,
  doc: SourceDocument,
  exclusions: readonly RowExclusion[],
): Set<string> {
  const found = new Set<string>();
  if (exclusions.length === 0) return found;
  const rows = sourceRows(doc);
  const byLocation = new Map(rows.map((r) => [locationKey(r.location), r]));
  const errors: FieldError[] = [];
  for (const [at, exclusion] of exclusions.entries()) {
    const row = findOne(fileName, rows, byLocation, exclusion, at);
    if ("path" in row) errors.push(row);
    else found.add(row.location);
  }
  if (errors.length > 0)
    throw invalid(errors, `${fileName}: ${errors.length} row(s) to leave out are not rows of the file.`);
  if (found.size === rows.length)
    throw invalid(
      [
        {
          path: "excludeRows",
          code: "all_rows_excluded",
          message: "Every row of the file is left out: there is nothing to import.",
          in: "body",
        },
      ],
      `${fileName}: every row is left out; nothing to import.`,
    );
  return found;
}

/**
 * The document without the rows left out (every table kept, so sections stay as they are), and those rows alone in
 * their tables, to read what was wrong with them.
 */
export function splitDocument(
  doc: SourceDocument,
  excluded: ReadonlySet<string>,
): { kept: SourceDocument; left: SourceDocument } {
  if (excluded.size === 0) return { kept: doc, left: { ...doc, tables: [], issues: [] } };
  return {
    kept: {
      ...doc,
      tables: doc.tables.map((t) => ({ ...t, rows: t.rows.filter((r) => !excluded.has(r.location)) })),
    },
    left: {
      ...doc,
      tables: doc.tables
        .map((t) => ({ ...t, rows: t.rows.filter((r) => excluded.has(r.location)) }))
        .filter((t) => t.rows.length > 0),
      issues: [],
    },
  };
}

/** The rows left out, in the file's order, each with the problems reading it found (issues at its location). */
export function excludedRowsOf(
  fileName: string,
  doc: SourceDocument,
  excluded: ReadonlySet<string>,
  issuesOfLeft: readonly ImportIssue[],
): ExcludedRow[] {
  return sourceRows(doc)
    .filter((r) => excluded.has(r.location))
    .map((r) => ({
      file: fileName,
      location: r.location,
      row: r.number,
      issues: issuesOfLeft.filter((i) => i.location === r.location),
    }));
}

/**
 * The rows with an error or a warning and the rows left out, in the file's order: what the user may leave out or
 * take back. `issues` are those of the rows to import; a row left out counts the problems it had.
 */
export function problemRowsOf(
  doc: SourceDocument,
  issues: readonly ImportIssue[],
  excludedRows: readonly ExcludedRow[],
): ProblemRow[] {
  const tally = new Map<string, { errors: number; warnings: number; excluded: boolean }>();
  const add = (of: readonly ImportIssue[], excluded: boolean) => {
    for (const issue of of) {
      const entry = tally.get(issue.location) ?? { errors: 0, warnings: 0, excluded };
      if (issue.severity === "error") entry.errors++;
      else entry.warnings++;
      tally.set(issue.location, entry);
    }
  };
  add(issues, false);
  for (const r of excludedRows) {
    tally.set(r.location, { errors: 0, warnings: 0, excluded: true });
    add(r.issues, true);
  }
  return sourceRows(doc).flatMap((r): ProblemRow[] => {
    const entry = tally.get(r.location);
    return entry ? [{ location: r.location, row: r.number, ...entry }] : [];
  });
}
