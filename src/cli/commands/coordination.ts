// `coordination matrix|gaps|district`: the 3W views of the API, as text tables, JSON or HXL CSV; and
// `coordination import-3w FILE`: a 3W file in by its HXL hashtags, checked first, with choices for unknown names.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import {
  DistrictQuerySchema,
  exportMatrixHxl,
  GapsQuerySchema,
  getDistrictSummary,
  getMatrix,
  type HxlDatePrecision,
  type HxlImportChoices,
  HxlImportChoicesSchema,
  type HxlImportResult,
  hxlDateValue,
  importHxl3w,
  listGaps,
  MatrixQuerySchema,
} from "../../modules/coordination";
import {
  ORGANISATION_KINDS,
  type OrganisationKind,
  OrganisationKindSchema,
} from "../../modules/organisations";
import { AppError, type FieldError } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { CliError, type RunCommand, singleFileArgument, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const byText = new Intl.Collator("en").compare;

const periodOptions = {
  date: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  json: { type: "boolean" },
} as const;

export const runMatrix: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      ...periodOptions,
      theme: { type: "string" },
      level: { type: "string" },
      hxl: { type: "boolean" },
    },
    strict: true,
  });
  const { json, hxl, ...rest } = values;
  const query = parseInput(MatrixQuerySchema, rest, "query");
  await withMigratedDatabase(io, async (_handle, ctx) => {
    if (hxl) {
      io.out((await exportMatrixHxl(ctx, query)).trimEnd());
      return;
    }
    const matrix = await getMatrix(ctx, query);
    if (json) {
      io.out(JSON.stringify(matrix, null, 2));
      return;
    }
    const orgs = new Map(matrix.organisations.map((o) => [o.id, o.acronym ?? o.name]));
    const places = new Map(matrix.places.map((p) => [p.id, p.name]));
    const rows = matrix.cells
      .map((c) => [
        places.get(c.placeId) ?? "",
        c.theme,
        orgs.get(c.organisationId) ?? "",
        String(c.recordIds.length),
      ])
      .sort((a, b) => a.join("|").localeCompare(b.join("|")));
    if (rows.length > 0) io.out(formatTable(["PLACE", "THEME", "ORGANISATION", "RECORDS"], rows));
    io.out(
      `${matrix.cells.length} cells, ${matrix.organisations.length} organisations, ${matrix.period.from} to ${matrix.period.to}`,
    );
  });
};

export const runGaps: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { ...periodOptions, theme: { type: "string" }, level: { type: "string" } },
    strict: true,
  });
  const { json, ...rest } = values;
  const query = parseInput(GapsQuerySchema, rest, "query");
  const gaps = await withMigratedDatabase(io, (_handle, ctx) => listGaps(ctx, query));
  if (json) {
    io.out(JSON.stringify(gaps, null, 2));
    return;
  }
  for (const p of gaps.gaps) io.out(p.name);
  io.out(`${gaps.gaps.length} without a partner for ${gaps.theme}, ${gaps.covered} with one.`);
};

export const runDistrict: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: periodOptions,
    allowPositionals: true,
    strict: true,
  });
  const [code] = positionals;
  if (!code) throw new UsageError("CODE is required (e.g. RW-D11).");
  const { json, ...rest } = values;
  const query = parseInput(DistrictQuerySchema, rest, "query");
  const summary = await withMigratedDatabase(io, (_handle, ctx) => getDistrictSummary(ctx, code, query));
  if (json) {
    io.out(JSON.stringify(summary, null, 2));
    return;
  }
  const byId = new Map(summary.organisationsById.map((o) => [o.id, o.acronym ?? o.name]));
  io.out(`${summary.district.name} (${summary.province?.name ?? ""})`);
  io.out(
    formatTable(
      ["ORGANISATION", "THEMES"],
      summary.organisations.map((o) => [o.organisation.acronym ?? o.organisation.name, o.themes.join(", ")]),
    ),
  );
  for (const f of summary.facilities) {
    io.out(`${f.place.name}${f.isOpen ? "" : " (closed)"}`);
    for (const t of f.themes) {
      // By the short name printed (the service orders them so too): ADEPR, ARDHO, LoH…, not by full name.
      const partners = t.organisationIds.map((id) => byId.get(id) ?? id).sort(byText);
      io.out(`  ${t.theme}: ${partners.join(", ")}`);
    }
  }
};

/** A 3W date as its file gave it: "2024", "2024-03" or "2024-03-15" (what the HXL export writes, too). */
const dateText = (iso: string | null, precision: HxlDatePrecision | null) =>
  iso ? hxlDateValue(iso, precision ?? "day") : "";

const SKIP_REASONS: Record<HxlImportResult["skipped"][number]["reason"], string> = {
  organisation_skipped: "organisation left out",
  funder_skipped: "funder left out",
  theme_skipped: "theme left out",
  implementer_not_named: "names no implementer",
};

type Choice =
  | HxlImportChoices["organisations"][number]
  | HxlImportChoices["themes"][number]
  | null
  | undefined;

function choiceText(choice: Choice, organisationName: (id: string) => string): string {
  if (!choice) return "no choice yet";
  if (choice.action === "skip") return "leave its rows out";
  if (choice.action === "create") return "kind" in choice ? `create (${choice.kind})` : "create";
  return "organisationId" in choice
    ? `match to ${organisationName(choice.organisationId)}`
    : `match to ${choice.themeCode}`;
}

/** The check as text: the rows that match, the names the register lacks (with similar ones), the rows left out. */
function formatPreview(result: HxlImportResult, file: string): string[] {
  const lines: string[] = [];
  const named = new Map<string, string>();
  for (const p of result.proposals.organisations)
    for (const o of p.similar) named.set(o.id, o.acronym ? `${o.name} (${o.acronym})` : o.name);
  for (const r of result.rows)
    for (const o of [r.organisation, r.funder]) if (o) named.set(o.id, o.acronym ?? o.name);
  const organisationName = (id: string) => named.get(id) ?? id;
  if (result.rows.length > 0) {
    lines.push(
      formatTable(
        ["ROW", "ORGANISATION", "FUNDER", "THEME", "PLACE", "FROM", "UNTIL", "ACTIVITY"],
        result.rows.map((r) => [
          String(r.line),
          r.implementerNotNamed
            ? "(implementer not named)"
            : r.newOrganisation
              ? `${r.newOrganisation} (new)`
              : (r.organisation?.acronym ?? r.organisation?.name ?? ""),
          r.newFunder ? `${r.newFunder} (new)` : (r.funder?.acronym ?? r.funder?.name ?? ""),
          r.newTheme ? `${r.theme} (new)` : r.theme,
          `${r.place.name} (${r.place.code})`,
          dateText(r.validFrom, r.validFromPrecision),
          dateText(r.validUntil, r.validUntilPrecision),
          r.activity ?? "",
        ]),
      ),
    );
  }
  const rowsOf = (list: readonly number[]) => `${list.length === 1 ? "row" : "rows"} ${list.join(", ")}`;
  if (result.proposals.organisations.length > 0) {
    lines.push("", "Organisations not in the register:");
    for (const p of result.proposals.organisations) {
      lines.push(
        `  "${p.name}"${p.acronym ? ` (${p.acronym})` : ""}, ${p.roles.join(" and ")}: ${file}, ${rowsOf(p.lines)}, column ${p.column}`,
      );
      lines.push(
        `    similar: ${p.similar.map((o) => `${o.acronym ? `${o.name} (${o.acronym})` : o.name} [${o.id}]`).join("; ") || "none"}`,
      );
      lines.push(`    choice: ${choiceText(p.choice, organisationName)}`);
    }
  }
  if (result.proposals.themes.length > 0) {
    lines.push("", "Themes not in the register:");
    for (const p of result.proposals.themes) {
      lines.push(`  "${p.name}": ${file}, ${rowsOf(p.lines)}, column ${p.column}`);
      lines.push(`    created as: ${p.suggestedCode}`);
      lines.push(`    choice: ${choiceText(p.choice, organisationName)}`);
    }
  }
  if (result.skipped.length > 0) {
    lines.push("", "Rows left out by the choices:");
    for (const s of result.skipped)
      lines.push(`  row ${s.line}: ${SKIP_REASONS[s.reason]}${s.name ? ` ("${s.name}")` : ""}`);
  }
  if (result.sameName.length > 0) {
    lines.push("", `Imported before under the same name (their rows stay until deleted):`);
    for (const i of result.sameName)
      lines.push(
        `  ${i.fileName}, ${countOf(i.rows, "row")}, on ${i.importedAt.slice(0, 10)} by ${i.importedBy}`,
      );
  }
  return lines;
}

/** How to answer the names waiting for a choice, with the first of them as the examples. */
function choicesHint(result: HxlImportResult): string[] {
  const organisation = result.proposals.organisations.find((p) => !p.choice)?.name ?? "…";
  const theme = result.proposals.themes.find((p) => !p.choice)?.name ?? "…";
  const example = {
    organisations: [{ name: organisation, action: "create", kind: "local_cso" }],
    themes: [{ name: theme, action: "match", themeCode: "legal_aid" }],
  };
  return [
    "To import, choose for each name: --choices FILE, a JSON file such as",
    `  ${JSON.stringify(example)}`,
    "  (actions: create, match with organisationId or themeCode, skip to leave the rows out),",
    "or --create-unknown [--kind KIND] to create them all, or --skip-unknown to leave their rows out.",
  ];
}

/** The service's codes for a name of the file that waits for a choice. */
const UNCHOSEN = new Set(["org_unchosen", "funder_unchosen", "theme_unchosen"]);

/** Names still waiting for a choice: the import refuses them; the check lists them. */
const unanswered = (result: HxlImportResult) => [
  ...result.proposals.organisations.filter((p) => !p.choice),
  ...result.proposals.themes.filter((p) => !p.choice),
];

/**
 * A refusal of the service as lines naming the file, row and column (or the choices file and its field), so that the
 * operator finds each cell: "3w.csv, row 6, column #adm2: no district named “Atlantis”".
 */
function refusal(error: AppError, file: string, choicesFile: string | undefined): CliError {
  const where = (e: FieldError): string => {
    const line = e.params?.line;
    const column = e.params?.column;
    if (e.path.startsWith("rows.") && line !== undefined && column !== undefined) {
      const prefix = `Row ${line}, ${column}: `;
      const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      return `${file}, row ${line}, column ${column}: ${message}`;
    }
    if (/^(organisations|themes|implementerNotNamed)\b/.test(e.path))
      return `${choicesFile ?? "the choices"}, ${e.path}: ${e.message}`;
    return `${file}: ${e.message}`;
  };
  const [only, ...others] = error.errors;
  if (only && others.length === 0 && only.message === error.message) return new CliError(where(only));
  return new CliError([error.message, ...error.errors.map((e) => `  ${where(e)}`)].join("\n"));
}

/** The choices file: the API's choices for the proposals, as JSON (checked by the same schema). */
async function readChoices(path: string): Promise<HxlImportChoices> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CliError(`The choices file ${path} cannot be read.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`The choices file ${path} is not JSON.`);
  }
  try {
    return parseInput(HxlImportChoicesSchema, parsed);
  } catch (error) {
    if (error instanceof AppError)
      throw new CliError(
        [
          `The choices file ${path} is not valid: it holds {"organisations": [...], "themes": [...], "implementerNotNamed": "import"|"skip"}.`,
          ...error.errors.map((e) => `  ${basename(path)}, ${e.path || "(file)"}: ${e.message}`),
        ].join("\n"),
      );
    throw error;
  }
}

/** The choices for names the file's choices leave open, as --create-unknown or --skip-unknown asks. */
function answerTheRest(
  result: HxlImportResult,
  choices: HxlImportChoices,
  answer: { action: "create"; kind: OrganisationKind } | { action: "skip" },
): HxlImportChoices {
  const organisations = result.proposals.organisations
    .filter((p) => !p.choice)
    .map((p) =>
      answer.action === "create"
        ? { name: p.name, action: "create" as const, kind: answer.kind }
        : { name: p.name, action: "skip" as const },
    );
  const themes = result.proposals.themes
    .filter((p) => !p.choice)
    .map((p) =>
      answer.action === "create"
        ? { name: p.name, action: "create" as const }
        : { name: p.name, action: "skip" as const },
    );
  return {
    ...choices,
    organisations: [...choices.organisations, ...organisations],
    themes: [...choices.themes, ...themes],
  };
}

export const runImport3w: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "dry-run": { type: "boolean" },
      choices: { type: "string" },
      "create-unknown": { type: "boolean" },
      kind: { type: "string" },
      "skip-unknown": { type: "boolean" },
      "implementer-not-named": { type: "string" },
      json: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  const path = singleFileArgument(positionals);
  if (values["create-unknown"] && values["skip-unknown"])
    throw new UsageError("Give --create-unknown or --skip-unknown, not both.");
  if (values.kind !== undefined && !values["create-unknown"])
    throw new UsageError("--kind goes with --create-unknown: the kind of the organisations it creates.");
  const kind = values.kind ?? "local_cso";
  if (!OrganisationKindSchema.safeParse(kind).success)
    throw new UsageError(
      `--kind ${kind} is not a kind of organisation: use one of ${ORGANISATION_KINDS.join(", ")}.`,
    );
  const notNamed = values["implementer-not-named"];
  if (notNamed !== undefined && notNamed !== "import" && notNamed !== "skip")
    throw new UsageError(`--implementer-not-named is import or skip, not ${notNamed}.`);
  const file = basename(path);
  const csv = await readFile(path, "utf8");
  let choices = values.choices
    ? await readChoices(values.choices)
    : { organisations: [], themes: [], implementerNotNamed: "import" as const };
  if (notNamed) choices = { ...choices, implementerNotNamed: notNamed };
  const answer = values["create-unknown"]
    ? ({ action: "create", kind: kind as OrganisationKind } as const)
    : values["skip-unknown"]
      ? ({ action: "skip" } as const)
      : null;

  await withMigratedDatabase(
    io,
    async (_handle, ctx) => {
      const run = async (dryRun: boolean) => {
        try {
          return await importHxl3w(ctx, { fileName: file, csv, dryRun, ...choices });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          // Names that --create-unknown or --skip-unknown answers are no problem to list beside the real ones.
          const listed = answer
            ? new AppError(
                error.kind,
                error.message,
                error.errors.filter((e) => !UNCHOSEN.has(e.code ?? "")),
              )
            : error;
          throw refusal(listed, file, values.choices && basename(values.choices));
        }
      };
      // The check first, as in the browser: every problem named, then nothing is written.
      let preview = await run(true);
      if (answer && unanswered(preview).length > 0) {
        choices = answerTheRest(preview, choices, answer);
        preview = await run(true);
      }
      const waiting = unanswered(preview);
      const hint = waiting.length > 0 ? choicesHint(preview) : [];
      if (values["dry-run"] || waiting.length > 0) {
        if (values.json) io.out(JSON.stringify(preview, null, 2));
        else
          io.out(
            [
              `${file}: ${countOf(preview.rows.length, "row matches", "rows match")}, ${countOf(preview.skipped.length, "row", "rows")} left out, ${countOf(waiting.length, "name", "names")} waiting for a choice.`,
              ...formatPreview(preview, file),
              ...(values["dry-run"]
                ? [...(hint.length > 0 ? ["", ...hint] : []), "", "Dry run: nothing was written."]
                : []),
            ].join("\n"),
          );
        if (values["dry-run"]) return;
        throw new CliError(
          [
            `${countOf(waiting.length, "name")} of ${file} ${waiting.length === 1 ? "is" : "are"} not in the register and ${waiting.length === 1 ? "has" : "have"} no choice: nothing was imported.`,
            ...hint.map((l) => `  ${l}`),
          ].join("\n"),
        );
      }
      // Every row left out: the service refuses, saying so; nothing to announce as importing.
      if (preview.rows.length > 0) io.err(`Importing ${countOf(preview.rows.length, "row")} from ${file}…`);
      const result = await run(false);
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else
        io.out(
          [
            ...formatPreview(result, file),
            "",
            `Imported ${countOf(result.imported, "row")} from ${file}${result.skipped.length > 0 ? `, ${countOf(result.skipped.length, "row")} left out` : ""} (import ${result.importId}).`,
          ].join("\n"),
        );
    },
    // Places and themes are matched against the reference data: loaded first, as `migrate` and the server do.
    { referencePlaces: true },
  );
};
