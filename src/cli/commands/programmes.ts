// `programmes list` and `programmes show`: programmes with people reached, one programme with logframe and indicators.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  DEFAULT_IATI_SCHEMA,
  DOUBLE_COUNTING_RULE,
  exportIati,
  getProgramme,
  getProgrammeDashboard,
  type IndicatorActual,
  importIati,
  importResultsTable,
  listProgrammes,
  type ProgrammeDetail,
  type ProgrammeList,
  ProgrammeListQuerySchema,
  type ProgrammeSummary,
  type ResultsTableTarget,
} from "../../modules/programmes";
import { notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";
import { progressPrinter } from "./import";

const PAGE_SIZE = 200;

export const runListProgrammes: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { q: { type: "string" }, status: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const query = parseInput(
    ProgrammeListQuerySchema,
    { q: values.q, status: values.status, limit: PAGE_SIZE, offset: 0 },
    "query",
  );
  const { items, total } = await withMigratedDatabase(io, async (_handle, ctx): Promise<ProgrammeList> => {
    const all: ProgrammeSummary[] = [];
    for (;;) {
      const page = await listProgrammes(ctx, { ...query, offset: all.length });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return { items: all, total: page.total };
    }
  });
  if (values.json) {
    io.out(JSON.stringify({ items, total }, null, 2));
    return;
  }
  if (items.length > 0) {
    io.out(
      formatTable(
        ["TITLE", "LEAD", "STATUS", "PERIOD", "PEOPLE REACHED", "EVENTS", "ID"],
        items.map((p) => [
          p.title,
          p.lead.acronym ?? p.lead.name,
          p.status,
          `${p.startDate} to ${p.endDate}`,
          String(p.peopleReached),
          String(p.eventCount),
          p.id,
        ]),
      ),
    );
  }
  io.out(`Total: ${countOf(total, "programme")}`);
};

/** "1542", "50000+" (a lower bound), "Nationwide", "not reported" — never a zero for what was not reported. */
function actualText(a: IndicatorActual): string {
  const words = a.notes.join("; ");
  if (a.value === null) return a.kind === "not_reported" ? "not reported" : words || "no result yet";
  const n = a.kind === "lower_bound" ? `${a.value}+` : String(a.value);
  return words ? `${n} (${words})` : n;
}

function formatProgramme(detail: ProgrammeDetail, peopleReached: number, reach: string[]): string[] {
  const lines: string[] = [];
  const field = (label: string, value: string | null | undefined) => {
    if (value) lines.push(`${`${label}:`.padEnd(16)}${value}`);
  };
  field("Title", detail.title);
  field("Id", detail.id);
  field("Status", detail.status);
  field("Period", `${detail.startDate} to ${detail.endDate}`);
  field("Lead", detail.lead.name);
  field("Partners", detail.partners.map((p) => p.name).join(", "));
  field(
    "Donors",
    detail.donors
      .map((d) => (d.amount !== null ? `${d.name} (${d.amount} ${d.currency})` : d.name))
      .join(", "),
  );
  field("Places", detail.places.map((p) => p.name).join(", "));
  field("Themes", detail.themes.join(", "));
  field("People reached", String(peopleReached));
  lines.push("", "Logframe:");
  const depth = { objective: 0, outcome: 1, output: 2, activity: 3 } as const;
  const walk = (parentId: string | null) => {
    for (const item of detail.logframe.filter((i) => i.parentId === parentId)) {
      lines.push(`${"  ".repeat(depth[item.level] + 1)}${item.level}: ${item.text}`);
      walk(item.id);
    }
  };
  walk(null);
  if (detail.indicators.length > 0) {
    lines.push("", "Indicators:");
    for (const i of detail.indicators) {
      const target = i.target !== null ? `, target ${i.target}` : "";
      const progress = i.progressPercent !== null ? ` (${i.progressPercent} %)` : "";
      lines.push(`  - ${i.title} [${i.unit}]: ${actualText(i.actual)}${target}${progress}`);
    }
  }
  if (reach.length > 0) lines.push("", "People reached by category:", ...reach.map((r) => `  - ${r}`));
  lines.push("", DOUBLE_COUNTING_RULE);
  return lines;
}

export const runShowProgramme: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const [id, ...extra] = positionals;
  if (id === undefined || id === "") throw new UsageError("ID is required.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  if (!z.uuid().safeParse(id).success) throw notFound("The programme");
  const { detail, dashboard } = await withMigratedDatabase(io, async (_handle, ctx) => ({
    detail: await getProgramme(ctx, id),
    dashboard: await getProgrammeDashboard(ctx, id),
  }));
  if (values.json) {
    io.out(JSON.stringify({ ...detail, dashboard }, null, 2));
    return;
  }
  const byCategory = new Map<string, number>();
  for (const r of dashboard.reach) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.people);
  const reach = [...byCategory].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c.replace(/_/g, " ")}: ${n}`);
  io.out(formatProgramme(detail, dashboard.peopleReached, reach).join("\n"));
};

export const runExportIati: RunCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { out: { type: "string" } }, strict: true });
  const xml = await withMigratedDatabase(io, (_handle, ctx) => exportIati(ctx));
  if (!values.out) {
    io.out(xml.trimEnd());
    return;
  }
  await writeFile(values.out, xml);
  io.out(
    `Wrote ${countOf((xml.match(/<iati-activity /g) ?? []).length, "activity", "activities")} to ${values.out}`,
  );
};

export const runImportIati: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: { schema: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("FILE is required.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  const schemaPath = resolve(values.schema ?? process.env.IATI_SCHEMA ?? DEFAULT_IATI_SCHEMA);
  if (!existsSync(schemaPath))
    throw new UsageError(`The IATI schema ${schemaPath} was not found: give it with --schema.`);
  const xml = await readFile(file, "utf8");
  const result = await withMigratedDatabase(io, (_handle, ctx) =>
    importIati(ctx, xml, { schemaPath, fileName: file }),
  );
  io.out(
    `Imported ${countOf(result.programmes, "programme")}: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged (${countOf(result.organisationsCreated, "new organisation")}${result.indicators > 0 ? `, ${countOf(result.indicators, "indicator")}, ${countOf(result.results, "result value")}` : ""}) from ${file}`,
  );
};

/**
 * `import results-table FILE --programme ID` (or `--new-title T --lead ORG --start D --end D`): a results table into
 * a programme; without `--confirm`, prints what it would write and writes nothing (the browser's preview).
 */
export const runImportResultsTable: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      programme: { type: "string" },
      "new-title": { type: "string" },
      lead: { type: "string" },
      start: { type: "string" },
      end: { type: "string" },
      confirm: { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("FILE is required.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  const fresh = values["new-title"];
  if (!values.programme && !(fresh && values.lead && values.start && values.end))
    throw new UsageError(
      "Give --programme ID, or --new-title, --lead, --start and --end for a new programme.",
    );
  const target: ResultsTableTarget = values.programme
    ? { programmeId: values.programme }
    : {
        newProgramme: {
          title: fresh ?? "",
          leadOrganisationId: values.lead ?? "",
          startDate: values.start ?? "",
          endDate: values.end ?? "",
        },
      };
  const bytes = new Uint8Array(await readFile(file));
  const outcome = await withMigratedDatabase(io, (_handle, ctx) =>
    // Rows written / total on standard error, as the status-report import shows them.
    importResultsTable(ctx, { file, bytes, target, confirm: values.confirm }, progressPrinter(io)),
  );
  const reachText = (r: (typeof outcome.rows)[number]["reach"]) => ("text" in r ? r.text : "");
  io.out(
    formatTable(
      [
        "Where",
        outcome.layout === "activities" ? "Activity" : "Indicator",
        "Read as",
        "Value",
        "Matches",
        "Change",
      ],
      outcome.rows.map((r) => [
        r.location,
        r.name,
        r.reach.kind,
        reachText(r.reach),
        r.matches ? "existing" : "new",
        r.change,
      ]),
    ),
  );
  const w = outcome.written;
  io.out(
    w
      ? `Imported into programme ${w.programmeId}: ${countOf(w.events, "event")}, ${countOf(w.results, "result value")}, ${countOf(w.indicators, "new indicator")}, ${countOf(w.activities, "new activity", "new activities")}; rows already imported: ${w.updated} updated, ${w.unchanged} unchanged.`
      : "Nothing was written: run again with --confirm to import.",
  );
};
