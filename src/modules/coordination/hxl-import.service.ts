// Imports a 3W CSV by its HXL hashtags: every row matched to an organisation, a theme and a place, or nothing is stored.
import { randomUUID } from "node:crypto";
import type { FieldError } from "../../shared/app-errors";
import { invalid } from "../../shared/app-errors";
import { normaliseForSearch } from "../../shared/search-text";
import { parseInput } from "../../shared/validation";
import { assertAllowedOnResource, type ServiceContext } from "../access/service-context";
import { IsoDateSchema, listThemes } from "../agreements";
import { recordChange } from "../audit";
import { type HxlRow, parseHxl3w } from "./coordination.import";
import {
  type HxlImportInput,
  HxlImportInputSchema,
  type HxlImportResult,
  type OrganisationRef,
  type PlaceRef,
} from "./coordination.schema";
import { loadPlaceIndex } from "./coordination.service";
import type { IndexedPlace, PlaceIndex } from "./place-index";
import { insertReportedPresence, selectOrganisationNames } from "./reported-source.store";

const norm = (s: string) => normaliseForSearch(s).replace(/\s+(district|province)$/, "");

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
  return (row: HxlRow): { place?: IndexedPlace; column: string; problem?: string } => {
    if (row.locationCode) {
      const place = index.byCodeOf(row.locationCode.toUpperCase());
      return place
        ? { place, column: "#loc +code" }
        : { column: "#loc +code", problem: `no place has the code “${row.locationCode}”` };
    }
    const province = row.province ? find("province", row.province) : undefined;
    if (row.province && !province) return { column: "#adm1", problem: `no province named “${row.province}”` };
    const district = row.district
      ? (index.byCodeOf(`RW-D${row.district}`) ??
        index.byCodeOf(row.district.toUpperCase()) ??
        find("district", row.district, province))
      : undefined;
    if (row.district && district?.kind !== "district")
      return { column: "#adm2", problem: `no district named “${row.district}”` };
    if (row.location) {
      const place =
        find("place_of_detention", row.location, district) ?? find("headquarters", row.location, district);
      return place
        ? { place, column: "#loc" }
        : { column: "#loc", problem: `no place of detention named “${row.location}”` };
    }
    if (row.sector) {
      const place = find("sector", row.sector, district);
      return place
        ? { place, column: "#adm3" }
        : {
            column: "#adm3",
            problem: `no sector named “${row.sector}”${district ? ` in ${district.name}` : ""}`,
          };
    }
    if (district) return { place: district, column: "#adm2" };
    if (province) return { place: province, column: "#adm1" };
    return { column: "#adm2", problem: "no place (#adm1, #adm2, #adm3 or #loc)" };
  };
}

export async function importHxl3w(ctx: ServiceContext, input: HxlImportInput): Promise<HxlImportResult> {
  const values = parseInput(HxlImportInputSchema, input);
  // Imported rows are presence claims like agreements: who may register agreements may import them.
  assertAllowedOnResource(ctx.actor, "agreement", "create");
  const parsed = parseHxl3w(values.csv);
  const errors: FieldError[] = [...parsed.errors];
  if (parsed.rows.length === 0 && errors.length === 0) {
    errors.push({ path: "csv", message: "The file has a hashtag row but no data rows.", in: "body" });
  }
  const [index, themes, organisations] = await Promise.all([
    loadPlaceIndex(ctx),
    listThemes(ctx),
    selectOrganisationNames(ctx.db),
  ]);
  const byName = new Map<string, (typeof organisations)[number]>();
  for (const o of organisations) {
    byName.set(o.nameKey, o);
    for (const alias of o.aliases) byName.set(normaliseForSearch(alias), o);
  }
  const byAcronym = new Map(
    organisations.flatMap((o) => (o.acronym ? [[o.acronym.toLowerCase(), o] as const] : [])),
  );
  const themeOf = (text: string) =>
    themes.find(
      (t) =>
        t.code === text.toLowerCase() ||
        [t.names.en, t.names.fr, t.names.rw].some((n) => norm(n) === norm(text)),
    );
  const matchPlace = placeMatcher(index);
  const col = (field: keyof typeof parsed.columns, fallback: string) => parsed.columns[field] ?? fallback;

  const matched: HxlImportResult["rows"] = [];
  for (const row of parsed.rows) {
    const problem = (column: string, message: string) =>
      errors.push({
        path: `rows.${row.line}.${column}`,
        message: `Row ${row.line}, ${column}: ${message}.`,
        in: "body",
      });
    const organisation =
      (row.organisation ? byName.get(normaliseForSearch(row.organisation)) : undefined) ??
      (row.acronym ? byAcronym.get(row.acronym.toLowerCase()) : undefined) ??
      (row.organisation ? byAcronym.get(row.organisation.toLowerCase()) : undefined);
    if (!organisation)
      problem(
        col("organisation", "#org"),
        `no organisation “${row.organisation || row.acronym}” in the register (add it first)`,
      );
    const theme = row.theme ? themeOf(row.theme) : undefined;
    if (!theme) problem(col("theme", "#sector"), row.theme ? `no theme “${row.theme}”` : "no theme");
    const where = matchPlace(row);
    if (where.problem) problem(where.column, where.problem);
    const date = (value: string, column: string) => {
      if (!value) return null;
      if (IsoDateSchema.safeParse(value).success) return value;
      problem(column, `“${value}” is not a date such as 2026-01-31`);
      return null;
    };
    const validFrom = date(row.start, col("start", "#date +start"));
    const validUntil = date(row.end, col("end", "#date +end"));
    if (validFrom && validUntil && validFrom > validUntil)
      problem(col("end", "#date +end"), "the end is before the start");
    if (organisation && theme && where.place) {
      const ref: OrganisationRef = {
        id: organisation.id,
        name: organisation.name,
        acronym: organisation.acronym,
        kind: organisation.kind,
      };
      matched.push({
        line: row.line,
        organisation: ref,
        theme: theme.code,
        place: index.ref(where.place.id) as PlaceRef, // the place comes from the index
        validFrom,
        validUntil,
        activity: row.activity || null,
      });
    }
  }
  if (errors.length > 0) {
    throw invalid(
      errors,
      `Nothing was imported from ${values.fileName}: correct the rows named below and import it again.`,
    );
  }
  if (values.dryRun) return { imported: 0, dryRun: true, rows: matched };
  const importId = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await insertReportedPresence(
      tx,
      matched.map((m) => ({
        importId,
        sourceName: values.fileName,
        sourceLine: m.line,
        organisationId: m.organisation.id,
        themeCode: m.theme,
        placeId: m.place.id,
        activity: m.activity,
        validFrom: m.validFrom,
        validUntil: m.validUntil,
        importedBy: ctx.actor.label,
      })),
    );
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: "reported_presence_import",
      entityId: importId,
      entityLabel: values.fileName,
      before: null,
      after: { fileName: values.fileName, rows: matched.length },
    });
  });
  return { imported: matched.length, dryRun: false, rows: matched };
}
