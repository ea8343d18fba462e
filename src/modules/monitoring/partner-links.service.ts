// From detention monitoring to the rest of the register: the agreements and partners that could act on a
// recommendation, and the partners per theme at a place of detention. Read through the 3W's own seam
// (coordination's listActivities and place index), so "present in a district" means here what it means there.
import { listScope, type ServiceContext, todayOf } from "../../kernel";
import { invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import type { PlaceSet } from "../agreements";
import {
  type ActivityRecord,
  listActivities,
  loadPlaceIndex,
  type OrganisationRef,
  type PlaceIndex,
} from "../coordination";
import { listThemes } from "../themes";
import { sectorThemesFor } from "./detention-theme-links";
import {
  type LinkedTheme,
  type PartnerReach,
  type PlacePartner,
  type PlacePartners,
  type RecommendationPartners,
  RecommendationPartnersInputSchema,
  type WorkRecord,
} from "./partner-links.schema";

type AreaTarget = { placeId: string | null; placeSet: PlaceSet | null };

const byText = new Intl.Collator("en").compare;
const shortName = (o: OrganisationRef) => o.acronym ?? o.name;
const byOrganisation = (a: OrganisationRef, b: OrganisationRef) => byText(shortName(a), shortName(b));
const workRecord = (r: ActivityRecord): WorkRecord => ({ source: r.source, id: r.id, title: r.title });

/** The register (agreements and the 3W) is read by whoever may read agreements: every signed-in role today. */
const readsRegister = (ctx: ServiceContext) => listScope(ctx.actor, "agreement").all;

async function themesNamed(ctx: ServiceContext, codes: readonly string[]): Promise<LinkedTheme[]> {
  const names = new Map((await listThemes(ctx)).map((t) => [t.code, t.names]));
  return codes.flatMap((code) => {
    const themeNames = names.get(code);
    return themeNames ? [{ code, names: themeNames }] : [];
  });
}

/** Does one of the record's areas touch what `related` says shares ground with the target? */
function touches(record: ActivityRecord, related: { placeIds: string[]; sets: PlaceSet[] }): boolean {
  const ids = new Set(related.placeIds);
  const sets = new Set(related.sets);
  return record.areas.some((a) =>
    a.placeId ? ids.has(a.placeId) : a.placeSet !== null && sets.has(a.placeSet),
  );
}

/**
 * Agreements of the register that the addressee is a party to, on the themes that can act on the recommendation's
 * detention theme (working ones: active, under revision, or expired after today); and the organisations at work on
 * those themes in the districts of its places (for "all facilities", wherever a correctional facility is).
 */
export async function findPartnersForRecommendation(
  ctx: ServiceContext,
  input: unknown,
): Promise<RecommendationPartners> {
  const values = parseInput(RecommendationPartnersInputSchema, input);
  const sectorThemes = sectorThemesFor(values.theme);
  if (!readsRegister(ctx)) return { themes: [], agreements: [], partners: [] };
  const index = await loadPlaceIndex(ctx);
  const unknown = values.placeIds.flatMap((id, i) =>
    index.get(id)
      ? []
      : [
          {
            path: `placeIds.${i}`,
            message: `No place has the id ${id}.`,
            code: "unknown_place",
            in: "body" as const,
          },
        ],
  );
  if (unknown.length > 0) throw invalid(unknown);
  const today = todayOf(ctx);
  const period = { from: today, to: today };
  const targets: AreaTarget[] = values.allFacilities
    ? [{ placeId: null, placeSet: "all_correctional_facilities" }]
    : values.placeIds.map((placeId) => ({ placeId, placeSet: null }));
  // Partners "in the places' districts": each place widened to its district (a place outside any district stays).
  const districts: AreaTarget[] = values.allFacilities
    ? targets
    : [...new Set(values.placeIds.map((id) => index.ancestorOfKind(id, "district")?.id ?? id))].map(
        (placeId) => ({ placeId, placeSet: null }),
      );
  const placesRelated = index.related(targets);
  const [themes, ofAddressee, around] = await Promise.all([
    themesNamed(ctx, sectorThemes),
    listActivities(ctx.db, {
      ...period,
      themes: sectorThemes,
      organisationId: values.addresseeOrganisationId,
    }),
    districts.length === 0
      ? Promise.resolve([])
      : listActivities(ctx.db, { ...period, themes: sectorThemes, areas: index.related(districts) }),
  ]);
  const matching = (r: ActivityRecord) => r.themes.filter((t) => sectorThemes.includes(t));
  const agreements = ofAddressee
    .filter((r) => r.source === "agreement")
    .map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      validUntil: r.validUntil,
      themes: matching(r),
      partners: r.organisations
        .filter((o) => o.id !== values.addresseeOrganisationId)
        .map(({ role: _role, ...o }) => o)
        .sort(byOrganisation),
      coversPlaces: targets.length > 0 && touches(r, placesRelated),
    }))
    // Those reaching the recommendation's places first.
    .sort((a, b) => Number(b.coversPlaces) - Number(a.coversPlaces) || byText(a.title, b.title));
  const partners = new Map<
    string,
    { organisation: OrganisationRef; themes: Set<string>; records: Map<string, WorkRecord> }
  >();
  for (const record of around) {
    for (const { role: _role, ...organisation } of record.organisations) {
      if (organisation.id === values.addresseeOrganisationId) continue;
      const entry = partners.get(organisation.id) ?? { organisation, themes: new Set(), records: new Map() };
      for (const theme of matching(record)) entry.themes.add(theme);
      entry.records.set(record.id, workRecord(record));
      partners.set(organisation.id, entry);
    }
  }
  return {
    themes,
    agreements,
    partners: [...partners.values()]
      .sort((a, b) => byOrganisation(a.organisation, b.organisation))
      .map((p) => ({
        organisation: p.organisation,
        themes: sectorThemes.filter((t) => p.themes.has(t)),
        records: [...p.records.values()].sort((a, b) => byText(a.title, b.title)),
      })),
  };
}

const REACH_RANK: Record<PartnerReach, number> = { place: 0, district: 1, wider: 2 };

/** How close one of a record's areas comes to the place; null when it does not reach it (another district). */
function reachOf(
  index: PlaceIndex,
  area: AreaTarget,
  placeId: string,
  districtId: string | null,
): PartnerReach | null {
  if (area.placeSet === "national") return "wider";
  if (area.placeSet === "all_correctional_facilities")
    return index.correctionalFacilities().some((f) => f.id === placeId) ? "place" : null;
  if (!area.placeId) return null;
  if (area.placeId === placeId) return "place";
  if (districtId && index.sharesGround(area.placeId, districtId))
    // Inside the district (a sector, another facility) or the district itself: in the district; around it: wider.
    return index.ancestors(districtId).some((p) => p.id === area.placeId) ? "wider" : "district";
  return index.ancestors(placeId).some((p) => p.id === area.placeId) ? "wider" : null;
}

function closest(index: PlaceIndex, record: ActivityRecord, placeId: string, districtId: string | null) {
  let best: PartnerReach | null = null;
  for (const area of record.areas) {
    const reach = reachOf(index, area, placeId, districtId);
    if (reach && (best === null || REACH_RANK[reach] < REACH_RANK[best])) best = reach;
  }
  return best;
}

/**
 * The partners per theme at a place of detention: organisations whose work under way today (agreements and
 * imported 3W rows) reaches the place itself, its district, or a wider area containing it, grouped by the
 * register's theme, the closest first.
 */
export async function findPartnersForPlace(ctx: ServiceContext, placeId: string): Promise<PlacePartners> {
  const index = await loadPlaceIndex(ctx);
  const place = index.ref(placeId);
  if (!place) throw notFound("The place");
  const today = todayOf(ctx);
  if (!readsRegister(ctx)) return { place, on: today, themes: [] };
  const districtId = place.districtId;
  const records = await listActivities(ctx.db, {
    from: today,
    to: today,
    areas: index.related([{ placeId: districtId ?? placeId, placeSet: null }]),
  });
  const byTheme = new Map<string, Map<string, { partner: PlacePartner; records: Map<string, WorkRecord> }>>();
  for (const record of records) {
    const reach = closest(index, record, placeId, districtId);
    if (!reach) continue;
    for (const theme of record.themes) {
      const partners: Map<string, { partner: PlacePartner; records: Map<string, WorkRecord> }> =
        byTheme.get(theme) ?? new Map();
      for (const { role: _role, ...organisation } of record.organisations) {
        const entry = partners.get(organisation.id) ?? {
          partner: { organisation, reach, records: [] },
          records: new Map(),
        };
        if (REACH_RANK[reach] < REACH_RANK[entry.partner.reach]) entry.partner.reach = reach;
        entry.records.set(record.id, workRecord(record));
        partners.set(organisation.id, entry);
      }
      byTheme.set(theme, partners);
    }
  }
  // In the register's own order of themes (built-in ones first, as every theme list shows them).
  const themes = (await listThemes(ctx))
    .filter((t) => byTheme.has(t.code))
    .map((t) => ({ code: t.code, names: t.names }));
  return {
    place,
    on: today,
    themes: themes.map((theme) => ({
      ...theme,
      partners: [...(byTheme.get(theme.code)?.values() ?? [])]
        .map(({ partner, records: found }) => ({
          ...partner,
          records: [...found.values()].sort((a, b) => byText(a.title, b.title)),
        }))
        .sort(
          (a, b) =>
            REACH_RANK[a.reach] - REACH_RANK[b.reach] || byOrganisation(a.organisation, b.organisation),
        ),
    })),
  };
}
