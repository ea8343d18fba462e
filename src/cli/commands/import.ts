// `import status-report FILE [--dry-run] [--institution NAME] [--report-date YYYY-MM-DD] [--mapping FILE] [--json]`:
// preview or import a status report (--report-date: the day it reports as of, the day of its undated progress). The mapping file holds the choices the browser's preview makes, as JSON (the preview's options): e.g.
// {"columns": {"Focal person": "ignore", "Where": "areas"}, "organisations": {…}, "themes": {…}}.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import {
  applyStatusReportImport,
  areaNoteText,
  type ColumnChoice,
  IGNORE_COLUMN,
  type ImportPreview,
  OTHER_COLUMN,
  previewStatusReportImport,
} from "../../modules/imports";
import { CliError, type CliIo, type RunCommand, singleFileArgument } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";

function formatCounts(c: ImportPreview["counts"]): string[] {
  return [
    `Organisations: ${c.organisationsCreated} to create, ${c.organisationsMatched} found in the register`,
    `Agreements:    ${c.agreementsCreated} to create, ${c.agreementsUpdated} to update, ${c.agreementsUnchanged} unchanged`,
    `Commitments:   ${c.commitments}   Progress entries: ${c.progressEntries}   Memberships: ${c.memberships}   Other fields: ${c.otherFields}`,
    `Warnings:      ${c.warnings}   Errors: ${c.errors}`,
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
  lines.push("", ...formatCounts(p.counts));
  return lines;
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
      json: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  const path = singleFileArgument(positionals);
  const bytes = new Uint8Array(await readFile(path));
  const file = { name: basename(path), bytes };
  const options = {
    ...(values.mapping ? await readMapping(values.mapping) : {}),
    ...(values.institution ? { institution: values.institution } : {}),
    ...(values["report-date"] ? { reportDate: values["report-date"] } : {}),
  };
  await withMigratedDatabase(
    io,
    async (_handle, ctx) => {
      const preview = await previewStatusReportImport(ctx, file, options);
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
          ].join("\n"),
        );
      // Places are matched by code: load them first, as `migrate` and the server do.
    },
    { referencePlaces: true },
  );
};
