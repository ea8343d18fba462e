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
} from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { normaliseForSearch } from "../../shared/search-text";
import { parseInput } from "../../shared/validation";
import { IsoDateSchema, listThemes } from "../agreements";
import { recordChange } from "../audit";
import type * as HxlParser from "./coordination.import";
import type { HxlParseResult, HxlRow } from "./coordination.import";
import {
  type HxlImportInput,
  HxlImportInputSchema,
  type HxlImportList,
  type HxlImportResult,
  type HxlImportSummary,
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
  return {
    index,
    matchPlace: placeMatcher(index),
    organisationOf: (name: string, acronym: string) =>
      (name ? byName.get(normaliseForSearch(name)) : undefined) ??
      (acronym ? byAcronym.get(acronym.toLowerCase()) : undefined) ??
      (name ? byAcronym.get(name.toLowerCase()) : undefined),
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

/** One row matched to the register, or null with each problem pushed to `errors` (file row and column named). */
function matchRow(row: ParsedRow, parsed: ParsedHxl, m: Matchers, errors: FieldError[]): MatchedRow | null {
  const col = (field: keyof ParsedHxl["columns"], fallback: string) => parsed.columns[field] ?? fallback;
  const problem = (column: string, code: string, params: Record<string, string | number>, message: string) =>
    errors.push({
      path: `rows.${row.line}.${column}`,
      code,
      params: { line: row.line, column, ...params },
      message: `Row ${row.line}, ${column}: ${message}.`,
      in: "body",
    });
  const organisation = m.organisationOf(row.organisation, row.acronym);
  if (!organisation) {
    const name = row.organisation || row.acronym;
    problem(
      col("organisation", col("acronym", "#org")),
      "org_unknown",
      { name },
      `no organisation “${name}” in the register (add it first)`,
    );
  }
  // A donor the register does not know fails the row like any other name: rows never create organisations.
  const hasFunder = Boolean(row.funder || row.funderAcronym);
  const funder = hasFunder ? m.organisationOf(row.funder, row.funderAcronym) : undefined;
  if (hasFunder && !funder) {
    const name = row.funder || row.funderAcronym;
    problem(
      col("funder", col("funderAcronym", "#org +funder")),
      "funder_unknown",
      { name },
      `no funder “${name}” in the register (add it first)`,
    );
  }
  const theme = row.theme ? m.themeOf(row.theme) : undefined;
  if (!theme) {
    if (row.theme)
      problem(col("theme", "#sector"), "theme_unknown", { theme: row.theme }, `no theme “${row.theme}”`);
    else problem(col("theme", "#sector"), "theme_missing", {}, "no theme");
  }
  const where = m.matchPlace(row);
  if (where.problem) problem(where.column, where.problem.code, where.problem.params, where.problem.message);
  const date = (value: string, column: string) => {
    if (!value) return null;
    if (IsoDateSchema.safeParse(value).success) return value;
    problem(column, "date_invalid", { value }, `“${value}” is not a date such as 2026-01-31`);
    return null;
  };
  const validFrom = date(row.start, col("start", "#date +start"));
  const validUntil = date(row.end, col("end", "#date +end"));
  if (validFrom && validUntil && validFrom > validUntil)
    problem(col("end", "#date +end"), "end_before_start", {}, "the end is before the start");
  if (!organisation || !theme || !where.place || (hasFunder && !funder)) return null;
  return {
    line: row.line,
    organisation: refOf(organisation),
    funder: funder && funder.id !== organisation.id ? refOf(funder) : null,
    theme: theme.code,
    place: m.index.ref(where.place.id) as PlaceRef, // the place comes from the index
    validFrom,
    validUntil,
    activity: row.activity || null,
  };
}

/** Stores the file and its rows in one transaction, with its audit entry. */
async function saveImport(
  ctx: ServiceContext,
  fileName: string,
  contentSha256: string,
  matched: readonly MatchedRow[],
): Promise<HxlImportSummary> {
  return inTransaction(ctx, async ({ db: tx }) => {
    const file = await insertReportedImport(
      tx,
      { fileName, contentSha256, rowCount: matched.length, importedBy: ctx.actor.label },
      matched.map((m) => ({
        sourceLine: m.line,
        organisationId: m.organisation.id,
        funderOrganisationId: m.funder?.id ?? null,
        themeCode: m.theme,
        placeId: m.place.id,
        activity: m.activity,
        validFrom: m.validFrom,
        validUntil: m.validUntil,
      })),
    );
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: HXL_IMPORT_ENTITY,
      entityId: file.id,
      entityLabel: fileName,
      before: null,
      after: { fileName, rows: matched.length },
    });
    return file;
  });
}

export async function importHxl3w(ctx: ServiceContext, input: HxlImportInput): Promise<HxlImportResult> {
  const values = parseInput(HxlImportInputSchema, input);
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
  const matched = parsed.rows.flatMap((row) => matchRow(row, parsed, matchers, errors) ?? []);
  if (errors.length > 0) {
    throw invalid(
      errors,
      `Nothing was imported from ${values.fileName}: correct the rows named below and import it again.`,
    );
  }
  const sameName = await selectReportedImportsNamed(ctx.db, values.fileName);
  if (values.dryRun) return { imported: 0, dryRun: true, importId: null, sameName, rows: matched };
  try {
    const created = await saveImport(ctx, values.fileName, contentSha256, matched);
    return { imported: matched.length, dryRun: false, importId: created.id, sameName, rows: matched };
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
