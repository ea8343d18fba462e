// Who does what where: the 3W matrix, gaps, a district's summary and the overlap check at entry.

import type { ServiceContext } from "../../kernel";
import { listScope } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { addDays, todayInKigali } from "../../shared/today";
import { parseInput } from "../../shared/validation";
import { listThemes } from "../agreements";
import { districtToHxlCsv, districtToXlsx, matrixToHxlCsv } from "./coordination.export";
import {
  type Coverage,
  type DistrictQuery,
  type DistrictRecord,
  type DistrictSummary,
  type Gaps,
  type GapsQuery,
  type Matrix,
  type MatrixQuery,
  OPEN_PERIOD_END,
  OPEN_PERIOD_START,
  type Overlap,
  type OverlapCheckInput,
  OverlapCheckInputSchema,
  type OverlapList,
  type Period,
  type PlaceRef,
} from "./coordination.schema";
import { selectIndexedPlaces, selectLatestProgressOf } from "./coordination.store";
import {
  type ActivityRecord,
  COORDINATION_SOURCES,
  type CoordinationSource,
  listActivities,
} from "./coordination-sources";
import { type AreaTarget, PlaceIndex } from "./place-index";
import { buildCells, organisationsOf, presenceInDistrict, recordRefOf, shortName } from "./presence";

const todayOf = (ctx: ServiceContext): string => ctx.today ?? todayInKigali();
// One collator for every sort: String.localeCompare builds one per call, slow over thousands of titles.
const byText = new Intl.Collator("en").compare;

/** The period a query asks about: one date, a range (open ends allowed), or today. */
export function periodOf(
  query: { date?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
): Period {
  if (query.date) return { from: query.date, to: query.date };
  if (query.from || query.to)
    return { from: query.from ?? OPEN_PERIOD_START, to: query.to ?? OPEN_PERIOD_END };
  return { from: today, to: today };
}

/** The 3W register is the agreements register seen differently: who may read agreements may read it. */
function canRead(ctx: ServiceContext): boolean {
  return listScope(ctx.actor, "agreement").all;
}

/** An unknown theme is a typo, not a theme nobody works on: say so rather than answer "no one". */
async function assertKnownTheme(ctx: ServiceContext, code: string | undefined): Promise<void> {
  if (!code) return;
  if ((await listThemes(ctx)).some((t) => t.code === code)) return;
  throw new AppError("validation", "Some fields are not valid.", [
    { path: "theme", message: `There is no theme ${code}.`, in: "query" },
  ]);
}

/**
 * Places change only when reference data is reloaded or a country is first used: keep the index (and its
 * memos) for a minute per database rather than rebuilding it on every request.
 */
const PLACE_INDEX_TTL_MS = 60_000;
const placeIndexCache = new WeakMap<object, { index: PlaceIndex; loadedAt: number }>();

export async function loadPlaceIndex(ctx: Pick<ServiceContext, "db">): Promise<PlaceIndex> {
  const cached = placeIndexCache.get(ctx.db);
  if (cached && Date.now() - cached.loadedAt < PLACE_INDEX_TTL_MS) return cached.index;
  const index = new PlaceIndex(await selectIndexedPlaces(ctx.db));
  placeIndexCache.set(ctx.db, { index, loadedAt: Date.now() });
  return index;
}

function refs(index: PlaceIndex, ids: Iterable<string>): PlaceRef[] {
  const out: PlaceRef[] = [];
  for (const id of new Set(ids)) {
    const ref = index.ref(id);
    if (ref) out.push(ref);
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

export async function getMatrix(
  ctx: ServiceContext,
  query: MatrixQuery,
  sources: readonly CoordinationSource[] = COORDINATION_SOURCES,
): Promise<Matrix> {
  const period = periodOf(query, todayOf(ctx));
  const theme = query.theme ?? null;
  const empty: Matrix = {
    period,
    level: query.level,
    theme,
    cells: [],
    organisations: [],
    places: [],
    records: [],
  };
  if (!canRead(ctx)) return empty;
  await assertKnownTheme(ctx, query.theme);
  const [index, records] = await Promise.all([
    loadPlaceIndex(ctx),
    listActivities(
      ctx.db,
      { ...period, themes: theme ? [theme] : undefined, organisationId: query.organisationId },
      sources,
    ),
  ]);
  const cells = buildCells(records, index, query.level, theme ? [theme] : undefined).filter(
    (c) => !query.organisationId || c.organisationId === query.organisationId,
  );
  const used = new Set(cells.flatMap((c) => c.recordIds));
  const organisationIds = new Set(cells.map((c) => c.organisationId));
  return {
    period,
    level: query.level,
    theme,
    cells,
    organisations: organisationsOf(records).filter((o) => organisationIds.has(o.id)),
    places: refs(
      index,
      cells.map((c) => c.placeId),
    ),
    records: records.filter((r) => used.has(r.id)).map(recordRefOf),
  };
}

export async function listGaps(ctx: ServiceContext, query: GapsQuery): Promise<Gaps> {
  const period = periodOf(query, todayOf(ctx));
  const index = await loadPlaceIndex(ctx);
  const candidates = index.ofLevel(query.level);
  if (!canRead(ctx))
    return { period, theme: query.theme, level: query.level, gaps: [], districts: [], covered: 0 };
  await assertKnownTheme(ctx, query.theme);
  const records = await listActivities(ctx.db, { ...period, themes: [query.theme] });
  const covered = new Set(buildCells(records, index, query.level, [query.theme]).map((c) => c.placeId));
  const gaps = refs(
    index,
    candidates.filter((p) => !covered.has(p.id)).map((p) => p.id),
  );
  return {
    period,
    theme: query.theme,
    level: query.level,
    gaps,
    districts: refs(
      index,
      gaps.flatMap((g) => (g.districtId ? [g.districtId] : [])),
    ),
    covered: candidates.length - gaps.length,
  };
}

export async function getDistrictSummary(
  ctx: ServiceContext,
  code: string,
  query: DistrictQuery,
): Promise<DistrictSummary> {
  const today = todayOf(ctx);
  const period = periodOf(query, today);
  const index = await loadPlaceIndex(ctx);
  const district = index.byCodeOf(code);
  if (district?.kind !== "district" || !canRead(ctx)) {
    throw new AppError("not_found", "The district was not found.");
  }
  const districtRef = index.ref(district.id) as PlaceRef; // the id comes from the index itself
  const provinceRef = districtRef.provinceId ? (index.ref(districtRef.provinceId) ?? null) : null;
  const records = await listActivities(ctx.db, {
    ...period,
    areas: index.related([{ placeId: district.id, placeSet: null }]),
  });

  const facilities = index
    .descendants(district.id)
    .filter((p) => p.kind === "place_of_detention")
    .sort((a, b) => Number(b.isOpen) - Number(a.isOpen) || byText(a.name, b.name));
  const { byOrganisation, atFacilities, present } = presenceInDistrict(
    records,
    index,
    district.id,
    new Set(facilities.map((f) => f.id)),
  );
  const organisationRefs = organisationsOf(records);
  // Lists show an organisation by its short name (the acronym when it has one), so they sort by it: ADEPR
  // before LoH, not between LoH and PFR as its full name (Pentecostal Church of Rwanda) would put it.
  const shortNameOf = new Map(organisationRefs.map((o) => [o.id, shortName(o)]));
  const byShortName = (a: string, b: string) => byText(shortNameOf.get(a) ?? a, shortNameOf.get(b) ?? b);
  const there = records.filter((r) => present.has(r.id)).sort((a, b) => byText(a.title, b.title));
  // Rows of imported 3W files are not agreements: listed and counted apart, never linked as agreements.
  const agreementsThere = there.filter((r) => r.source === "agreement");
  const reportedThere = there.filter((r) => r.source !== "agreement");
  const toDistrictRecord = (r: ActivityRecord): DistrictRecord => ({
    ...recordRefOf(r),
    organisationIds: r.organisations.map((o) => o.id),
    themes: r.themes,
  });
  const until = addDays(today, query.expiringWithinDays);
  const expiring = agreementsThere
    .filter(
      (r) =>
        (r.status === "active" || r.status === "under_revision") &&
        r.validUntil !== null &&
        r.validUntil >= today &&
        r.validUntil <= until,
    )
    .sort((a, b) => (a.validUntil ?? "").localeCompare(b.validUntil ?? ""));
  const recentProgress = await selectLatestProgressOf(
    ctx.db,
    agreementsThere.map((r) => r.id),
    today,
    10,
  );

  return {
    period,
    district: districtRef,
    province: provinceRef,
    organisations: organisationRefs
      .filter((o) => byOrganisation.has(o.id))
      .sort((a, b) => byShortName(a.id, b.id))
      .map((organisation) => {
        const entry = byOrganisation.get(organisation.id);
        return {
          organisation,
          themes: (entry?.themes ?? []).sort(),
          coverage: entry?.coverage ?? [],
          recordIds: entry?.recordIds ?? [],
        };
      }),
    facilities: facilities.map((f) => ({
      place: index.ref(f.id) as PlaceRef, // f comes from the index
      isOpen: f.isOpen,
      themes: [...(atFacilities.get(f.id) ?? new Map<string, Set<string>>()).entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([theme, organisations]) => ({ theme, organisationIds: [...organisations].sort(byShortName) })),
    })),
    agreements: agreementsThere.slice(0, 200).map(toDistrictRecord),
    agreementsTotal: agreementsThere.length,
    reported: reportedThere.slice(0, 200).map(toDistrictRecord),
    reportedTotal: reportedThere.length,
    recentProgress,
    expiring: expiring.slice(0, 50).map(toDistrictRecord),
    organisationsById: organisationRefs,
  };
}

/** Where an existing area shares ground with the new record's places, and how. */
function overlapPlaces(
  index: PlaceIndex,
  footprint: readonly string[],
  area: AreaTarget,
): { placeIds: string[]; coverage: Coverage } | null {
  if (area.placeSet === "national") return { placeIds: [...footprint], coverage: "national" };
  if (area.placeSet === "all_correctional_facilities") {
    const ids = index
      .correctionalFacilities()
      .filter((f) => footprint.some((a) => index.sharesGround(f.id, a)))
      .map((f) => f.id);
    return ids.length > 0 ? { placeIds: ids, coverage: "all_correctional_facilities" } : null;
  }
  if (!area.placeId) return null;
  const q = area.placeId;
  const inside = footprint.filter((a) => a === q || index.ancestors(q).some((p) => p.id === a));
  if (inside.length > 0) return { placeIds: [q], coverage: "place" };
  // The existing area contains the new places (a district-wide agreement around a facility).
  const contained = footprint.filter((a) => index.ancestors(a).some((p) => p.id === q));
  return contained.length > 0 ? { placeIds: contained, coverage: "within" } : null;
}

/**
 * Who else works on these themes, on this ground, in this period: shown in the form before saving, never
 * blocking. "All correctional facilities" and national scope overlap every facility.
 */
export async function checkOverlaps(ctx: ServiceContext, input: OverlapCheckInput): Promise<OverlapList> {
  const values = parseInput(OverlapCheckInputSchema, input);
  const today = todayOf(ctx);
  const period: Period = { from: values.validFrom ?? today, to: values.validUntil ?? OPEN_PERIOD_END };
  if (period.from > period.to) period.from = period.to;
  if (!canRead(ctx) || values.themes.length === 0 || values.areas.length === 0) {
    return { period, overlaps: [] };
  }
  const index = await loadPlaceIndex(ctx);
  const areas: AreaTarget[] = values.areas.map((a) => ({
    placeId: a.placeId ?? null,
    placeSet: a.placeSet ?? null,
  }));
  const unknown = areas.findIndex((a) => a.placeId && !index.get(a.placeId));
  if (unknown >= 0) {
    throw new AppError("validation", "Some fields are not valid.", [
      { path: `areas.${unknown}.placeId`, message: "No place has this id.", in: "body" },
    ]);
  }
  const footprint = index.footprint(areas).map((p) => p.id);
  const records: ActivityRecord[] = (
    await listActivities(ctx.db, { ...period, themes: values.themes, areas: index.related(areas) })
  ).filter((r) => r.id !== values.excludeAgreementId);

  const excluded = new Set(values.excludeOrganisationIds);
  const groups = new Map<string, Overlap>();
  for (const record of records) {
    const where = new Map<string, Set<Coverage>>();
    for (const area of record.areas) {
      const hit = overlapPlaces(index, footprint, area);
      if (!hit) continue;
      for (const id of hit.placeIds) {
        const set = where.get(id) ?? new Set<Coverage>();
        set.add(hit.coverage);
        where.set(id, set);
      }
    }
    if (where.size === 0) continue;
    for (const organisation of record.organisations) {
      if (excluded.has(organisation.id)) continue;
      for (const theme of record.themes.filter((t) => values.themes.includes(t))) {
        const key = `${organisation.id}|${theme}`;
        const group = groups.get(key) ?? {
          organisation: {
            id: organisation.id,
            name: organisation.name,
            acronym: organisation.acronym,
            kind: organisation.kind,
          },
          theme,
          places: [],
          coverage: [],
          records: [],
        };
        const placeIds = new Set([...group.places.map((p) => p.id), ...where.keys()]);
        group.places = refs(index, placeIds);
        for (const set of where.values())
          for (const c of set) if (!group.coverage.includes(c)) group.coverage.push(c);
        if (!group.records.some((r) => r.id === record.id)) group.records.push(recordRefOf(record));
        groups.set(key, group);
      }
    }
  }
  const overlaps = [...groups.values()].sort(
    (a, b) => a.theme.localeCompare(b.theme) || a.organisation.name.localeCompare(b.organisation.name),
  );
  return { period, overlaps };
}

/** The current 3W view as HXL CSV (from the given sources: the public portal passes its published agreements). */
export async function exportMatrixHxl(
  ctx: ServiceContext,
  query: MatrixQuery,
  sources: readonly CoordinationSource[] = COORDINATION_SOURCES,
): Promise<string> {
  const [matrix, index, themes] = await Promise.all([
    getMatrix(ctx, query, sources),
    loadPlaceIndex(ctx),
    listThemes(ctx),
  ]);
  const around = matrix.places.flatMap((p) =>
    [p.districtId, p.provinceId].filter((id): id is string => id !== null),
  );
  return matrixToHxlCsv(matrix, themes, refs(index, around));
}

export async function exportDistrictSummary(
  ctx: ServiceContext,
  code: string,
  query: DistrictQuery,
  format: "xlsx" | "csv",
  locale: "en" | "fr" | "rw",
): Promise<{ body: Uint8Array | string; fileName: string }> {
  const [summary, themes] = await Promise.all([getDistrictSummary(ctx, code, query), listThemes(ctx)]);
  const base = `3w-${summary.district.name.toLowerCase()}-${summary.period.to}`;
  return format === "xlsx"
    ? { body: await districtToXlsx(summary, themes, locale), fileName: `${base}.xlsx` }
    : { body: districtToHxlCsv(summary, themes), fileName: `${base}.csv` };
}
