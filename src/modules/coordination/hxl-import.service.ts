// Imports a 3W CSV by its HXL hashtags: every row matched to an organisation, a theme and a place, or nothing is stored;
// lists the imported files and deletes one with its rows. The same file is never imported twice.
import { createHash } from "node:crypto";
import {
  assertAllowedOnResource,
  assertVersion,
  inTransaction,
  isUniqueViolation,
  listScope,
  preconditionFailed,
  type ServiceContext,
  type TransactionContext,
} from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { normaliseForSearch } from "../../shared/search-text";
import { parseInput } from "../../shared/validation";
import { listThemes } from "../agreements";
import { recordChange } from "../audit";
import { createOrganisationsInBulk } from "../organisations";
import { createTheme } from "../themes";
import type * as HxlParser from "./coordination.import";
import { type HxlDate, type HxlParseResult, type HxlRow, readHxlDate } from "./coordination.import";
import {
  type HxlImportInput,
  HxlImportInputSchema,
  type HxlImportList,
  type HxlImportResult,
  type HxlImportSummary,
  type HxlOrganisationProposal,
  type HxlThemeProposal,
  type OrganisationRef,
  type PlaceRef,
} from "./coordination.schema";
import { loadPlaceIndex } from "./coordination.service";
import type { IndexedPlace, PlaceIndex } from "./place-index";
import {
  deleteReportedImportRow,
  insertReportedImport,
  selectOrganisationNames,
  selectReportedImport,
  selectReportedImportByContent,
  selectReportedImports,
  selectReportedImportsNamed,
} from "./reported-source.store";

/** The audit log's name for an imported 3W file (its rows are created and deleted with it). */
export const HXL_IMPORT_ENTITY = "reported_presence_import";

const norm = (s: string) => normaliseForSearch(s).replace(/\s+(district|province)$/, "");

/** Why a row's place did not match: a code the browser app translates, its values, and English for API clients. */
type PlaceProblem = { code: string; params: Record<string, string>; message: string };

function placeMatcher(index: PlaceIndex) {
  const named = (p: IndexedPlace) => [p.name, p.names.en, p.names.fr, p.names.rw].map(norm);
  const find = (kind: string, text: string, within?: IndexedPlace) =>
    index
      .all()
      .find(
        (p) =>
          p.kind === kind &&
          named(p).includes(norm(text)) &&
          (!within || index.ancestors(p.id).some((a) => a.id === within.id)),
      );
  return (row: HxlRow): { place?: IndexedPlace; column: string; problem?: PlaceProblem } => {
    if (row.locationCode) {
      const place = index.byCodeOf(row.locationCode.toUpperCase());
      return place
        ? { place, column: "#loc +code" }
        : {
            column: "#loc +code",
            problem: {
              code: "place_code_unknown",
              params: { code: row.locationCode },
              message: `no place has the code “${row.locationCode}”`,
            },
          };
    }
    const province = row.province ? find("province", row.province) : undefined;
    if (row.province && !province)
      return {
        column: "#adm1",
        problem: {
          code: "province_unknown",
          params: { name: row.province },
          message: `no province named “${row.province}”`,
        },
      };
    const district = row.district
      ? (index.byCodeOf(`RW-D${row.district}`) ??
        index.byCodeOf(row.district.toUpperCase()) ??
        find("district", row.district, province))
      : undefined;
    if (row.district && district?.kind !== "district")
      return {
        column: "#adm2",
        problem: {
          code: "district_unknown",
          params: { name: row.district },
          message: `no district named “${row.district}”`,
        },
      };
    if (row.location) {
      const place =
        find("place_of_detention", row.location, district) ?? find("headquarters", row.location, district);
      return place
        ? { place, column: "#loc" }
        : {
            column: "#loc",
            problem: {
              code: "facility_unknown",
              params: { name: row.location },
              message: `no place of detention named “${row.location}”`,
            },
          };
    }
    if (row.sector) {
      const place = find("sector", row.sector, district);
      if (place) return { place, column: "#adm3" };
      return {
        column: "#adm3",
        problem: district
          ? {
              code: "sector_unknown_in",
              params: { name: row.sector, district: district.name },
              message: `no sector named “${row.sector}” in ${district.name}`,
            }
          : {
              code: "sector_unknown",
              params: { name: row.sector },
              message: `no sector named “${row.sector}”`,
            },
      };
    }
    if (district) return { place: district, column: "#adm2" };
    if (province) return { place: province, column: "#adm1" };
    return {
      column: "#adm2",
      problem: { code: "place_missing", params: {}, message: "no place (#adm1, #adm2, #adm3 or #loc)" },
    };
  };
}

/**
 * What makes two files "the same file": their text, with a byte-order mark, line endings and trailing blank
 * lines set aside (a file saved again by a spreadsheet on another system is still the same file).
 */
export function contentHashOf(csv: string): string {
  const text = (csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv)
    .replace(/\r\n?/g, "\n")
    .replace(/\n+$/, "");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function alreadyImported(earlier: HxlImportSummary): AppError {
  return new AppError(
    "conflict",
    `This file was already imported on ${earlier.importedAt.slice(0, 10)} by ${earlier.importedBy} (as ${earlier.fileName}, ${earlier.rows} ${earlier.rows === 1 ? "row" : "rows"}): importing it again would count its rows twice. Delete that import first to import it again.`,
    [
      {
        path: "csv",
        code: "already_imported",
        params: {
          fileName: earlier.fileName,
          importedAt: earlier.importedAt,
          importedBy: earlier.importedBy,
          rows: earlier.rows,
          importId: earlier.id,
        },
        message: `Already imported on ${earlier.importedAt.slice(0, 10)} by ${earlier.importedBy} as ${earlier.fileName}.`,
        in: "body",
      },
    ],
  );
}

type OrganisationName = Awaited<ReturnType<typeof selectOrganisationNames>>[number];
type ParsedHxl = HxlParseResult;
/** Read in a worker thread (kernel/files), like every uploaded file. */
const HXL_PARSER = codeModuleUrl("modules/coordination/coordination.import.ts");
type ParsedRow = ParsedHxl["rows"][number];
type MatchedRow = HxlImportResult["rows"][number];
type ImportValues = ReturnType<typeof parseImportInput>;

const parseImportInput = (input: HxlImportInput) => parseInput(HxlImportInputSchema, input);
/** How a name of the file is keyed: the proposal it belongs to, and the choice that answers it. */
const keyOf = (name: string) => normaliseForSearch(name);

/** What a row's names are matched against: the register's organisations (names, aliases, acronyms), themes, places. */
async function loadMatchers(ctx: ServiceContext) {
  const [index, themes, organisations] = await Promise.all([
    loadPlaceIndex(ctx),
    listThemes(ctx),
    selectOrganisationNames(ctx.db),
  ]);
  const byName = new Map<string, OrganisationName>();
  for (const o of organisations) {
    byName.set(o.nameKey, o);
    for (const alias of o.aliases) byName.set(normaliseForSearch(alias), o);
  }
  const byAcronym = new Map(
    organisations.flatMap((o) => (o.acronym ? [[o.acronym.toLowerCase(), o] as const] : [])),
  );
  const wordsOf = (text: string) =>
    new Set(
      keyOf(text)
        .split(/\s+/)
        .filter((w) => w.length >= 3),
    );
  return {
    index,
    themes,
    organisations,
    matchPlace: placeMatcher(index),
    organisationOf: (name: string, acronym: string) =>
      (name ? byName.get(normaliseForSearch(name)) : undefined) ??
      (acronym ? byAcronym.get(acronym.toLowerCase()) : undefined) ??
      (name ? byAcronym.get(name.toLowerCase()) : undefined),
    /** Up to five organisations sharing a word of the name (or its acronym), most words first. */
    similarTo: (name: string, acronym: string | null): OrganisationRef[] => {
      const words = wordsOf(name);
      return organisations
        .map((o) => {
          let score = [...wordsOf(o.name)].filter((w) => words.has(w)).length;
          if (acronym && o.acronym?.toLowerCase() === acronym.toLowerCase()) score += 2;
          return { o, score };
        })
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.o.name.localeCompare(b.o.name))
        .slice(0, 5)
        .map((x) => refOf(x.o));
    },
    themeOf: (text: string) =>
      themes.find(
        (t) =>
          t.code === text.toLowerCase() ||
          [t.names.en, t.names.fr, t.names.rw].some((n) => norm(n) === norm(text)),
      ),
  };
}
type Matchers = Awaited<ReturnType<typeof loadMatchers>>;

const refOf = (o: OrganisationName): OrganisationRef => ({
  id: o.id,
  name: o.name,
  acronym: o.acronym,
  kind: o.kind,
});

/** A theme code made from the file's text: "Santé mentale" → sante_mentale. */
export function themeCodeFrom(name: string): string {
  const code = normaliseForSearch(name)
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  return code.length >= 2 ? code : `theme_${code}`;
}

/** The names of a file the register does not know, gathered row by row, with the choices that answer them. */
class Proposals {
  readonly organisations = new Map<string, HxlOrganisationProposal>();
  readonly themes = new Map<string, HxlThemeProposal>();
  constructor(
    private readonly m: Matchers,
    readonly values: ImportValues,
  ) {}

  organisation(name: string, acronym: string, role: "implementer" | "funder", line: number, column: string) {
    const shown = name || acronym;
    const key = keyOf(shown);
    let p = this.organisations.get(key);
    if (!p) {
      p = {
        name: shown,
        acronym: name && acronym ? acronym : null,
        roles: [],
        lines: [],
        column,
        similar: this.m.similarTo(shown, name && acronym ? acronym : null),
        choice: this.values.organisations.find((c) => keyOf(c.name) === key) ?? null,
      };
      this.organisations.set(key, p);
    }
    if (!p.roles.includes(role)) p.roles.push(role);
    if (!p.lines.includes(line)) p.lines.push(line);
    return p;
  }

  theme(name: string, line: number, column: string) {
    const key = keyOf(name);
    let p = this.themes.get(key);
    if (!p) {
      const choice = this.values.themes.find((c) => keyOf(c.name) === key) ?? null;
      p = {
        name,
        lines: [],
        column,
        suggestedCode: choice?.action === "create" && choice.code ? choice.code : themeCodeFrom(name),
        choice,
      };
      this.themes.set(key, p);
    }
    p.lines.push(line);
    return p;
  }
}

type RowOutcome =
  | { kind: "row"; row: MatchedRow }
  | { kind: "skipped"; skipped: HxlImportResult["skipped"][number] }
  | { kind: "waiting" }
  | { kind: "failed" };

/**
 * One row matched to the register. A name the register does not know becomes a proposal: the row waits for its
 * choice (an error only when importing without one). Other problems are pushed to `errors` (file row and column).
 */
function matchRow(
  row: ParsedRow,
  parsed: ParsedHxl,
  m: Matchers,
  proposals: Proposals,
  errors: FieldError[],
  /** Problems of names waiting for a choice: refusals only on an import, or beside other problems. */
  waitingProblems: Set<FieldError>,
): RowOutcome {
  const values = proposals.values;
  const col = (field: keyof ParsedHxl["columns"], fallback: string) => parsed.columns[field] ?? fallback;
  const problem = (
    column: string,
    code: string,
    params: Record<string, string | number>,
    message: string,
  ) => {
    const e: FieldError = {
      path: `rows.${row.line}.${column}`,
      code,
      params: { line: row.line, column, ...params },
      message: `Row ${row.line}, ${column}: ${message}.`,
      in: "body",
    };
    errors.push(e);
    return e;
  };
  let waiting = false;
  let skipped: HxlImportResult["skipped"][number] | null = null;
  /** A name of the file: registered, proposed with a choice applied, or waiting for one. */
  const resolve = (name: string, acronym: string, role: "implementer" | "funder") => {
    const registered = m.organisationOf(name, acronym);
    if (registered) return { ref: refOf(registered), create: null };
    const column =
      role === "implementer"
        ? col("organisation", col("acronym", "#org"))
        : col("funder", col("funderAcronym", "#org +funder"));
    const p = proposals.organisation(name, acronym, role, row.line, column);
    const choice = p.choice;
    if (choice?.action === "match") {
      const chosen = m.organisations.find((o) => o.id === choice.organisationId);
      if (chosen) return { ref: refOf(chosen), create: null };
    }
    if (choice?.action === "create") return { ref: null, create: p.name };
    if (choice?.action === "skip") {
      skipped ??= {
        line: row.line,
        reason: role === "implementer" ? "organisation_skipped" : "funder_skipped",
        name: p.name,
      };
      return null;
    }
    waiting = true;
    waitingProblems.add(
      problem(
        column,
        role === "implementer" ? "org_unchosen" : "funder_unchosen",
        { name: p.name },
        `no ${role === "implementer" ? "organisation" : "funder"} “${p.name}” in the register: choose to create it, match it to one, or skip its rows`,
      ),
    );
    return null;
  };
  const notNamed = !row.organisation && !row.acronym;
  if (notNamed && values.implementerNotNamed === "skip")
    skipped = { line: row.line, reason: "implementer_not_named", name: null };
  const implementer = notNamed ? null : resolve(row.organisation, row.acronym, "implementer");
  const hasFunder = Boolean(row.funder || row.funderAcronym);
  const funder = hasFunder ? resolve(row.funder, row.funderAcronym, "funder") : null;

  let theme: { code: string; isNew: boolean } | null = null;
  const known = row.theme ? m.themeOf(row.theme) : undefined;
  if (known) theme = { code: known.code, isNew: false };
  else if (!row.theme) problem(col("theme", "#sector"), "theme_missing", {}, "no theme");
  else {
    const p = proposals.theme(row.theme, row.line, col("theme", "#sector"));
    const choice = p.choice;
    if (choice?.action === "match") theme = { code: choice.themeCode, isNew: false };
    else if (choice?.action === "create") theme = { code: p.suggestedCode, isNew: true };
    else if (choice?.action === "skip") skipped ??= { line: row.line, reason: "theme_skipped", name: p.name };
    else {
      waiting = true;
      waitingProblems.add(
        problem(
          col("theme", "#sector"),
          "theme_unchosen",
          { theme: row.theme },
          `no theme “${row.theme}”: choose to create it, match it to one, or skip its rows`,
        ),
      );
    }
  }
  const where = m.matchPlace(row);
  if (where.problem) problem(where.column, where.problem.code, where.problem.params, where.problem.message);
  const date = (value: string, column: string): HxlDate | null => {
    if (!value) return null;
    const read = readHxlDate(value);
    if (!read)
      problem(
        column,
        "date_invalid",
        { value },
        `“${value}” is not a date such as 2026-01-31, 2026-01 or 2026`,
      );
    return read;
  };
  const from = date(row.start, col("start", "#date +start"));
  const until = date(row.end, col("end", "#date +end"));
  if (from && until && from.from > until.until)
    problem(col("end", "#date +end"), "end_before_start", {}, "the end is before the start");
  const failedBefore = errors.some((e) => !waitingProblems.has(e) && e.path.startsWith(`rows.${row.line}.`));
  if (failedBefore || !where.place) return { kind: "failed" };
  if (skipped) return { kind: "skipped", skipped };
  if (waiting || !theme) return { kind: "waiting" };
  return {
    kind: "row",
    row: {
      line: row.line,
      organisation: implementer?.ref ?? null,
      implementerNotNamed: notNamed,
      newOrganisation: implementer?.create ?? null,
      funder: funder?.ref && funder.ref.id !== implementer?.ref?.id ? funder.ref : null,
      newFunder: funder?.create && funder.create !== implementer?.create ? funder.create : null,
      theme: theme.code,
      newTheme: theme.isNew,
      place: m.index.ref(where.place.id) as PlaceRef, // the place comes from the index
      validFrom: from?.from ?? null,
      validFromPrecision: from?.precision ?? null,
      validUntil: until?.until ?? null,
      validUntilPrecision: until?.precision ?? null,
      activity: row.activity || null,
    },
  };
}

/** Choices that cannot be applied: an organisation or theme to match that does not exist, a code already taken. */
function checkChoices(values: ImportValues, m: Matchers, proposals: Proposals, errors: FieldError[]): void {
  values.organisations.forEach((c, i) => {
    if (c.action === "match" && !m.organisations.some((o) => o.id === c.organisationId))
      errors.push({
        path: `organisations.${i}.organisationId`,
        code: "org_choice_unknown",
        params: { name: c.name },
        message: `No organisation has this id: choose an organisation of the register for “${c.name}”.`,
        in: "body",
      });
  });
  const codes = new Set(m.themes.map((t) => t.code));
  values.themes.forEach((c, i) => {
    if (c.action === "match" && !codes.has(c.themeCode))
      errors.push({
        path: `themes.${i}.themeCode`,
        code: "theme_choice_unknown",
        params: { name: c.name, code: c.themeCode },
        message: `No theme has the code “${c.themeCode}”.`,
        in: "body",
      });
    const p = proposals.themes.get(keyOf(c.name));
    if (c.action === "create" && p && codes.has(p.suggestedCode))
      errors.push({
        path: `themes.${i}.code`,
        code: "theme_code_taken",
        params: { name: c.name, code: p.suggestedCode },
        message: `A theme with the code “${p.suggestedCode}” exists: match “${c.name}” to it, or give another code.`,
        in: "body",
      });
  });
}

/** Creates the organisations and themes the choices ask for (in the caller's transaction), by proposal name. */
async function createChosen(ctx: TransactionContext, values: ImportValues, proposals: Proposals) {
  const toCreate = [...proposals.organisations.values()].flatMap((p) =>
    p.choice?.action === "create" ? [{ p, kind: p.choice.kind }] : [],
  );
  let created: Awaited<ReturnType<typeof createOrganisationsInBulk>>;
  try {
    created = await createOrganisationsInBulk(
      ctx,
      toCreate.map(({ p, kind }) => ({ name: p.name, acronym: p.acronym ?? undefined, kind })),
    );
  } catch (error) {
    // The bulk names its inputs by index; the caller knows them by their place among the choices.
    if (error instanceof AppError && error.errors.length > 0) {
      const choiceIndex = (i: number) =>
        values.organisations.findIndex((c) => keyOf(c.name) === keyOf(toCreate[i]?.p.name ?? ""));
      throw new AppError(
        error.kind,
        error.message,
        error.errors.map((e) => {
          const [i, ...rest] = e.path.split(".");
          return { ...e, path: ["organisations", choiceIndex(Number(i)), ...rest].join(".") };
        }),
      );
    }
    throw error;
  }
  const organisations = new Map<string, OrganisationRef>();
  created.forEach((o, i) => {
    const p = toCreate[i]?.p;
    if (p) organisations.set(p.name, { id: o.id, name: o.name, acronym: o.acronym, kind: o.kind });
  });
  for (const p of proposals.themes.values())
    if (p.choice?.action === "create")
      await createTheme(ctx, { code: p.suggestedCode, names: { en: p.name, fr: p.name, rw: p.name } });
  return organisations;
}

/** Stores the file and its rows in one transaction, with its audit entry; creates the chosen names first. */
async function saveImport(
  ctx: ServiceContext,
  values: ImportValues,
  contentSha256: string,
  proposals: Proposals,
  rows: readonly MatchedRow[],
): Promise<{ file: HxlImportSummary; rows: MatchedRow[] }> {
  return inTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const createdOrganisations = await createChosen(txCtx, values, proposals);
    const matched = rows.map((r) => ({
      ...r,
      organisation: r.newOrganisation
        ? (createdOrganisations.get(r.newOrganisation) ?? null)
        : r.organisation,
      funder: r.newFunder ? (createdOrganisations.get(r.newFunder) ?? null) : r.funder,
    }));
    const file = await insertReportedImport(
      tx,
      { fileName: values.fileName, contentSha256, rowCount: matched.length, importedBy: ctx.actor.label },
      matched.map((m) => ({
        sourceLine: m.line,
        organisationId: m.organisation?.id ?? null,
        funderOrganisationId: m.funder?.id ?? null,
        themeCode: m.theme,
        placeId: m.place.id,
        activity: m.activity,
        validFrom: m.validFrom,
        validUntil: m.validUntil,
        validFromPrecision: m.validFromPrecision ?? "day",
        validUntilPrecision: m.validUntilPrecision ?? "day",
      })),
    );
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: HXL_IMPORT_ENTITY,
      entityId: file.id,
      entityLabel: values.fileName,
      before: null,
      after: { fileName: values.fileName, rows: matched.length },
    });
    return { file, rows: matched };
  });
}

export async function importHxl3w(ctx: ServiceContext, input: HxlImportInput): Promise<HxlImportResult> {
  const values = parseImportInput(input);
  // Imported rows are presence claims like agreements: who may register agreements may import them.
  assertAllowedOnResource(ctx.actor, "agreement", "create");
  // An identical file is refused, on the check as on the import: its rows are already in the 3W, and a second
  // copy would count every organisation twice. A revised file is a new file; the earlier one stays until deleted.
  const contentSha256 = contentHashOf(values.csv);
  const earlier = await selectReportedImportByContent(ctx.db, contentSha256);
  if (earlier) throw alreadyImported(earlier);

  const parsed = await parseOffThread<ParsedHxl>({
    module: HXL_PARSER,
    exportName: "parseHxl3wWithinLimits" satisfies keyof typeof HxlParser,
    args: [values.csv, values.fileName],
    file: values.fileName,
    field: "csv",
  });
  const errors: FieldError[] = [...parsed.errors];
  if (parsed.rows.length === 0 && errors.length === 0) {
    errors.push({
      path: "csv",
      code: "no_data_rows",
      message: "The file has a hashtag row but no data rows.",
      in: "body",
    });
  }
  const matchers = await loadMatchers(ctx);
  const proposals = new Proposals(matchers, values);
  const waitingProblems = new Set<FieldError>();
  const outcomes = parsed.rows.map((row) =>
    matchRow(row, parsed, matchers, proposals, errors, waitingProblems),
  );
  checkChoices(values, matchers, proposals, errors);
  // A check lists the names waiting for a choice as proposals, not as refusals, unless the file is refused anyway.
  if (values.dryRun && errors.every((e) => waitingProblems.has(e))) errors.length = 0;
  if (errors.length > 0) {
    throw invalid(
      errors,
      `Nothing was imported from ${values.fileName}: correct the rows named below and import it again.`,
    );
  }
  const matched = outcomes.flatMap((o) => (o.kind === "row" ? [o.row] : []));
  const skipped = outcomes.flatMap((o) => (o.kind === "skipped" ? [o.skipped] : []));
  const proposed = {
    organisations: [...proposals.organisations.values()],
    themes: [...proposals.themes.values()],
  };
  const sameName = await selectReportedImportsNamed(ctx.db, values.fileName);
  if (values.dryRun)
    return {
      imported: 0,
      dryRun: true,
      importId: null,
      sameName,
      proposals: proposed,
      skipped,
      rows: matched,
    };
  if (matched.length === 0)
    throw invalid(
      [
        {
          path: "csv",
          code: "all_rows_skipped",
          message: "Every row is skipped: nothing to import.",
          in: "body",
        },
      ],
      `Nothing was imported from ${values.fileName}: every row is skipped.`,
    );
  try {
    const saved = await saveImport(ctx, values, contentSha256, proposals, matched);
    return {
      imported: saved.rows.length,
      dryRun: false,
      importId: saved.file.id,
      sameName,
      proposals: proposed,
      skipped,
      rows: saved.rows,
    };
  } catch (error) {
    // The same file imported at the same moment by someone else: the unique hash lets one of the two in.
    if (isUniqueViolation(error)) {
      const winner = await selectReportedImportByContent(ctx.db, contentSha256);
      if (winner) throw alreadyImported(winner);
    }
    throw error;
  }
}

/** The imported 3W files, newest first: whoever may read the 3W may see where its reported rows come from. */
export async function listHxlImports(ctx: ServiceContext): Promise<HxlImportList> {
  if (!listScope(ctx.actor, "agreement").all) return { items: [] };
  return { items: await selectReportedImports(ctx.db) };
}

/** Deletes an imported file and its rows (administrators and coordinators, as for agreements), in the audit log. */
export async function deleteHxlImport(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  if (!listScope(ctx.actor, "agreement").all) throw notFound("The import");
  assertAllowedOnResource(ctx.actor, "agreement", "delete");
  await inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectReportedImport(tx, id);
    if (!current) throw notFound("The import");
    assertVersion(current, expectedVersion);
    const removed = await deleteReportedImportRow(tx, id, expectedVersion);
    if (!removed) throw preconditionFailed(current.version);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: HXL_IMPORT_ENTITY,
      entityId: removed.id,
      entityLabel: removed.fileName,
      before: {
        fileName: removed.fileName,
        rows: removed.rows,
        importedBy: removed.importedBy,
        importedAt: removed.importedAt,
      },
      after: null,
    });
  });
}
