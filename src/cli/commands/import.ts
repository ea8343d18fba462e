// `import status-report FILE [--dry-run] [--institution NAME] [--report-date YYYY-MM-DD] [--mapping FILE]
// [--exclude-rows ROWS] [--exclude-rows-with-errors] [--json]`: preview or import a status report (--report-date: the
// day it reports as of, the day of its undated progress). The mapping file holds the choices the browser's preview
// makes, as JSON (the preview's options): e.g.
// {"columns": {"Focal person": "ignore", "Where": "areas"}, "organisations": {…}, "themes": {…}}.
// --exclude-rows leaves rows out explicitly (decision 039): numbers ("4,7"), or locations as the preview prints them,
// separated by ";" ("table 2, row 3; table 3, row 1"); --exclude-rows-with-errors leaves out every row with an error.
// Without them, any error refuses the whole file.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import {
  applyStatusReportImport,
  areaNoteText,
  type ColumnChoice,
  type ExcludedRow,
  IGNORE_COLUMN,
  type ImportIssue,
  type ImportPreview,
  OTHER_COLUMN,
  previewStatusReportImport,
  type RowExclusion,
} from "../../modules/imports";
import { CliError, type CliIo, type RunCommand, singleFileArgument } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";

function formatCounts(c: ImportPreview["counts"]): string[] {
  return [
    `Organisations: ${c.organisationsCreated} to create, ${c.organisationsMatched} found in the register`,
    `Agreements:    ${c.agreementsCreated} to create, ${c.agreementsUpdated} to update, ${c.agreementsUnchanged} unchanged`,
    `Commitments:   ${c.commitments}   Progress entries: ${c.progressEntries}   Memberships: ${c.memberships}   Other fields: ${c.otherFields}`,
    `Warnings:      ${c.warnings}   Errors: ${c.errors}   Rows left out: ${c.rowsExcluded}`,
  ];
}

/** "column AREAS: No place we know is named here" — an issue of a row, its column first. */
const issueText = (i: ImportIssue) => `${i.column ? `column ${i.column}: ` : ""}${i.message}`;

/** Each row left out, by file and row, with the problems of each column (or that it was left out though sound). */
function formatExcludedRows(rows: readonly ExcludedRow[], heading: string): string[] {
  if (rows.length === 0) return [];
  const lines = [heading];
  for (const r of rows) {
    if (r.issues.length === 0) lines.push(`  ${r.file}, ${r.location}: left out as asked (no problem found)`);
    for (const i of r.issues) lines.push(`  ${r.file}, ${r.location}: ${i.severity}, ${issueText(i)}`);
  }
  return lines;
}

/** The rows whose errors refuse the file, and how to import the rest without them. */
function formatRowsWithErrors(p: ImportPreview): string[] {
  const rows = p.problemRows.filter((r) => !r.excluded && r.errors > 0);
  if (rows.length === 0) return [];
  return [
    "",
    `${rows.length} row(s) with errors refuse the whole file: correct them, or leave them out and import the rest with`,
    `  --exclude-rows "${rows.map((r) => r.location).join("; ")}"   (or --exclude-rows-with-errors)`,
  ];
}

function formatPreview(p: ImportPreview): string[] {
  const lines = [
    `${p.file} (${p.format}), kept by ${p.institution.name}${p.institution.action === "create" ? " (new)" : ""}`,
    "",
  ];
  for (const s of p.sections) {
    lines.push(`Section ${s.number ?? "-"} ${s.title} [${s.kind}], ${s.rows} rows`);
    lines.push(
      `  columns: ${s.columns
        .filter((c) => c.key !== IGNORE_COLUMN && c.key !== OTHER_COLUMN)
        .map((c) => `${c.header} → ${c.key}`)
        .join("; ")}`,
    );
    // Every column not mapped is said, with a cell of it: kept as other fields, or left out by the mapping file.
    const unmapped = (key: ColumnChoice) =>
      s.columns
        .filter((c) => c.key === key && (c.header !== "" || c.sample !== null))
        .map(
          (c) =>
            `${c.header || `column ${c.index + 1}`}${c.sample ? ` (e.g. "${c.sample.slice(0, 60)}")` : ""}`,
        );
    const kept = unmapped(OTHER_COLUMN);
    if (kept.length > 0) lines.push(`  kept as other fields: ${kept.join("; ")}`);
    const left = unmapped(IGNORE_COLUMN);
    if (left.length > 0) lines.push(`  left out: ${left.join("; ")}`);
  }
  lines.push("", "Organisations:");
  for (const o of p.organisations) {
    const target = o.existing ? ` → ${o.existing.name} (${o.how})` : "";
    lines.push(`  ${o.action.padEnd(6)} ${o.name}${o.acronym ? ` (${o.acronym})` : ""}${target}`);
  }
  lines.push("", "Rows:");
  for (const r of p.rows) {
    if (r.kind === "membership") {
      lines.push(`  ${r.key.padEnd(5)} membership of ${r.partners.join(", ")} as ${r.membership?.role}`);
      continue;
    }
    const places = r.areas.map((a) => a.label).join(", ") || "no place";
    lines.push(
      `  ${r.key.padEnd(5)} ${r.action.padEnd(9)} ${r.title} | signed ${r.signedOnText ?? "—"} (${r.signedOnPrecision}) | ${places} | ${r.commitments.length} commitments, ${r.progress.length} progress | themes: ${r.themes.join(", ") || "none"}`,
    );
    for (const note of r.areaNotes) lines.push(`        note: ${areaNoteText(note)}`);
  }
  if (p.issues.length > 0) {
    lines.push("", "Warnings and errors:");
    for (const i of p.issues)
      lines.push(
        `  ${i.severity}: ${i.file}, ${i.location}${i.column ? `, column ${i.column}` : ""}: ${i.message}${i.text ? ` ("${i.text}")` : ""}`,
      );
  }
  const excluded = formatExcludedRows(p.excludedRows, `Rows to leave out (${p.excludedRows.length}):`);
  if (excluded.length > 0) lines.push("", ...excluded);
  lines.push(...formatRowsWithErrors(p));
  lines.push("", ...formatCounts(p.counts));
  return lines;
}

const ROW_NUMBERS = /^\s*\d+(?:\s*,\s*\d+)*\s*$/;

/**
 * --exclude-rows, given once or more: "4,7" (row numbers), or locations as the preview prints them separated by ";"
 * ("table 2, row 3; sheet Partners, row 4"), since a location holds a comma.
 */
export function readRowExclusions(values: readonly string[]): RowExclusion[] {
  return values.flatMap((value): RowExclusion[] => {
    if (ROW_NUMBERS.test(value)) return value.split(",").map((n) => ({ row: Number(n.trim()) }));
    return value
      .split(";")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map((part) => (/^\d+$/.test(part) ? { row: Number(part) } : { location: part }));
  });
}

/** A line on standard error every tenth of the way: long imports show they are moving. */
export function progressPrinter(io: CliIo): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth !== shown) {
      shown = tenth;
      io.err(`Importing… ${done}/${total} rows`);
    }
  };
}

/** A value that should be a list, as one (anything else is kept as one item, for the options' check to name). */
const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** The mapping file's choices, as an object the import checks (ImportOptionsSchema) like the browser's. */
async function readMapping(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CliError(`The mapping file ${path} cannot be read.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`The mapping file ${path} is not JSON.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new CliError(
      `The mapping file ${path} must hold a JSON object, such as {"columns": {"Focal person": "ignore"}}.`,
    );
  return parsed as Record<string, unknown>;
}

export const runImportStatusReport: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "dry-run": { type: "boolean" },
      institution: { type: "string" },
      "report-date": { type: "string" },
      mapping: { type: "string" },
      "exclude-rows": { type: "string", multiple: true },
      "exclude-rows-with-errors": { type: "boolean" },
      json: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  const path = singleFileArgument(positionals);
  const bytes = new Uint8Array(await readFile(path));
  const file = { name: basename(path), bytes };
  const mapping = values.mapping ? await readMapping(values.mapping) : {};
  const excluded = readRowExclusions(values["exclude-rows"] ?? []);
  let options: Record<string, unknown> = {
    ...mapping,
    ...(values.institution ? { institution: values.institution } : {}),
    ...(values["report-date"] ? { reportDate: values["report-date"] } : {}),
    // The mapping file's own exclusions (the preview's choices) and the command line's, together.
    ...(excluded.length > 0 ? { excludeRows: [...asList(mapping.excludeRows), ...excluded] } : {}),
  };
  await withMigratedDatabase(
    io,
    async (_handle, ctx) => {
      let preview = await previewStatusReportImport(ctx, file, options);
      const withErrors = preview.problemRows.filter((r) => !r.excluded && r.errors > 0);
      if (values["exclude-rows-with-errors"] && withErrors.length > 0) {
        // Named one by one, as the browser's "leave out every row with an error" does: the import itself never
        // drops a row it was not told about.
        options = {
          ...options,
          excludeRows: [...asList(options.excludeRows), ...withErrors.map((r) => ({ location: r.location }))],
        };
        preview = await previewStatusReportImport(ctx, file, options);
      }
      if (values["dry-run"]) {
        if (values.json) io.out(JSON.stringify(preview, null, 2));
        else io.out([...formatPreview(preview), "", "Dry run: nothing was written."].join("\n"));
        return;
      }
      const result = await applyStatusReportImport(ctx, file, options, progressPrinter(io));
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else
        io.out(
          [
            `Imported ${file.name}:`,
            ...formatCounts({ ...preview.counts, ...result.counts }).slice(0, 3),
            ...preview.issues.map(
              (i) => `  ${i.severity}: ${i.location}${i.column ? `, column ${i.column}` : ""}: ${i.message}`,
            ),
            ...formatExcludedRows(result.excludedRows, `Left out ${result.excludedRows.length} row(s):`),
          ].join("\n"),
        );
      // Places are matched by code: load them first, as `migrate` and the server do.
    },
    { referencePlaces: true },
  );
};
