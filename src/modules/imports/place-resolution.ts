// Places from the free text of "area(s) for implementation": facilities, districts, sectors, HQ, sets.
import { buildRwandaPlaces, type ReferencePlace } from "../places";

export type ResolvedArea =
  | { kind: "place"; code: string; label: string }
  | { kind: "set"; set: "all_correctional_facilities" | "national"; label: string }
  | { kind: "country"; countryCode: string; label: string };

/** How an ambiguous name was read, shown in the preview. */
export type AreaNote = {
  kind:
    | "facility_not_district"
    | "facility_not_district_or_sector"
    | "district_not_sector"
    | "sector_not_district"
    | "sector_ambiguous";
  name: string;
  label: string;
};

export function areaNoteText(note: AreaNote): string {
  switch (note.kind) {
    case "facility_not_district":
      return `${note.name}: read as ${note.label}, not the district`;
    case "facility_not_district_or_sector":
      return `${note.name}: read as ${note.label}, not the district or the sector`;
    case "district_not_sector":
      return `${note.name}: read as the district, not the sector`;
    case "sector_not_district":
      return `${note.name}: read as the sector, not the district`;
    case "sector_ambiguous":
      return `${note.name}: several sectors have this name; ${note.label} was taken`;
  }
}

export type PlaceResolution = {
  areas: ResolvedArea[];
  notes: AreaNote[];
  /** Text that named no place we know. */
  unresolved: boolean;
};

type Gazetteer = {
  districts: { name: string; key: string; code: string }[];
  sectorsByKey: Map<string, ReferencePlace[]>;
  facilityByDistrictCode: Map<string, ReferencePlace>;
  headquarters: ReferencePlace | undefined;
};

let gazetteer: Gazetteer | undefined;

const fold = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();

function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const places = buildRwandaPlaces();
  const districts = places
    .filter((p) => p.kind === "district")
    .map((p) => ({ name: p.name, key: fold(p.name), code: p.code }));
  const sectorsByKey = new Map<string, ReferencePlace[]>();
  for (const p of places.filter((p) => p.kind === "sector")) {
    const key = fold(p.name);
    sectorsByKey.set(key, [...(sectorsByKey.get(key) ?? []), p]);
  }
  const facilityByDistrictCode = new Map<string, ReferencePlace>();
  for (const p of places) {
    // The open RCS facility of each district ("Nyarugenge Correctional Facility").
    if (p.kind === "place_of_detention" && p.operator === "RCS" && p.open !== false && p.parentCode)
      facilityByDistrictCode.set(p.parentCode, p);
  }
  gazetteer = {
    districts,
    sectorsByKey,
    facilityByDistrictCode,
    headquarters: places.find((p) => p.kind === "headquarters"),
  };
  return gazetteer;
}

const ALL_FACILITIES =
  /\ball\s+(?:the\s+)?(?:correctional\s+)?(?:facilities|cfs|prisons)\b|\btous\s+les\s+(?:etablissements|prisons)\b|\bamagororero\s+yose\b|\bgereza\s+zose\b/;
const NATIONAL =
  /\b(?:nationwide|national\s+level|whole\s+country|all\s+districts|tout\s+le\s+pays|igihugu\s+cyose)\b/;
const HEADQUARTERS = /\b(?:hq|headquarters?|siege|icyicaro(?:\s+gikuru)?)\b/;
const FACILITY_WORD =
  /\b(?:facilit(?:y|ies)|cfs?|prisons?|correctional|etablissements?|gereza|amagororero|igororero)\b/;
const THE_FACILITIES = /\b(?:at|in|to)\s+(?:the\s+|all\s+)?(?:facilities|cfs|prisons)\b/;

/**
 * Reads the places a cell names. District names are found even when broken ("Rwamagan a"); a name that
 * is a district and a facility's district is the facility when the text or the context speaks of
 * facilities, the district when followed by "district", a sector when followed by "sector".
 */
export function resolvePlaces(text: string | null, options: { preferFacilities: boolean }): PlaceResolution {
  const g = loadGazetteer();
  const raw = (text ?? "").trim();
  const folded = fold(raw);
  if (!/\p{L}/u.test(folded)) return { areas: [], notes: [], unresolved: false };
  const found: { at: number; area: ResolvedArea }[] = [];
  const notes: AreaNote[] = [];
  const seen = new Set<string>();
  const push = (at: number, area: ResolvedArea) => {
    const id = area.kind === "place" ? area.code : area.kind === "set" ? area.set : area.countryCode;
    if (seen.has(id)) return;
    seen.add(id);
    found.push({ at, area });
  };

  const hq = HEADQUARTERS.exec(folded);
  if (hq && g.headquarters)
    push(hq.index, { kind: "place", code: g.headquarters.code, label: g.headquarters.name });
  const all = ALL_FACILITIES.exec(folded);
  if (all)
    push(all.index, {
      kind: "set",
      set: "all_correctional_facilities",
      label: "All correctional facilities",
    });
  const national = NATIONAL.exec(folded);
  if (national) push(national.index, { kind: "set", set: "national", label: "National" });

  // Letters only, so that "Rwamagan a" and "CORRECTIO NAL" read whole; positions map back to the text.
  const letters: string[] = [];
  const positions: number[] = [];
  for (let i = 0; i < folded.length; i++) {
    const ch = folded[i] ?? "";
    if (/[a-z]/.test(ch)) {
      letters.push(ch);
      positions.push(i);
    }
  }
  const squeezed = letters.join("");
  const mentionsFacilities = FACILITY_WORD.test(folded) || options.preferFacilities;
  const districtSpans: [number, number][] = [];
  for (const district of g.districts) {
    let from = 0;
    for (;;) {
      const hit = squeezed.indexOf(district.key, from);
      if (hit < 0) break;
      from = hit + district.key.length;
      const start = positions[hit] ?? 0;
      const end = (positions[hit + district.key.length - 1] ?? start) + 1;
      // Not part of a longer word ("Nyanza" inside "Nyanzaville"), allowing the broken spellings above.
      const before = folded[start - 1] ?? " ";
      if (/[a-z]/.test(before)) continue;
      districtSpans.push([start, end]);
      const after = folded.slice(end, end + 20);
      const facility = g.facilityByDistrictCode.get(district.code);
      const sectors = g.sectorsByKey.get(district.key) ?? [];
      if (
        /^\s*(?:district|akarere)\b/.test(after) ||
        // "district de Rwamagana", "akarere ka Rwamagana": the export's French and Kinyarwanda
        /\b(?:district(?:\s+de)?|akarere\s+ka)\s*$/.test(folded.slice(0, start))
      ) {
        push(start, { kind: "place", code: district.code, label: `${district.name} District` });
      } else if (
        (/^\s*(?:sector|secteur|umurenge)\b/.test(after) ||
          /\b(?:secteur\s+de|umurenge\s+wa)\s*$/.test(folded.slice(0, start))) &&
        sectors.length > 0
      ) {
        const sector = sectors.find((s) => s.parentCode === district.code) ?? sectors[0];
        if (sector) {
          push(start, { kind: "place", code: sector.code, label: `${sector.name} Sector` });
          notes.push({ kind: "sector_not_district", name: district.name, label: `${sector.name} Sector` });
        }
      } else if (facility && mentionsFacilities) {
        push(start, { kind: "place", code: facility.code, label: facility.name });
        if (!FACILITY_WORD.test(folded) || sectors.length > 0)
          notes.push({
            kind: sectors.length > 0 ? "facility_not_district_or_sector" : "facility_not_district",
            name: district.name,
            label: facility.name,
          });
      } else {
        push(start, { kind: "place", code: district.code, label: `${district.name} District` });
        if (sectors.length > 0)
          notes.push({
            kind: "district_not_sector",
            name: district.name,
            label: `${district.name} District`,
          });
      }
    }
  }
  // Sector names (whole words only) that are not district names.
  for (const match of folded.matchAll(/\p{L}{4,}/gu)) {
    const at = match.index ?? 0;
    if (districtSpans.some(([s, e]) => at >= s && at < e)) continue;
    const sectors = g.sectorsByKey.get(match[0]);
    const sector = sectors?.[0];
    if (!sector || !sectors) continue;
    push(at, { kind: "place", code: sector.code, label: `${sector.name} Sector` });
    if (sectors.length > 1)
      notes.push({
        kind: "sector_ambiguous",
        name: sector.name,
        label: `${sector.name} Sector (${sector.parentCode})`,
      });
  }
  // "RCS staffs from HQ and at the facilities": the facilities in general are the set.
  if (
    !found.some((f) => f.area.kind === "place" && f.area.code.startsWith("RW-F-")) &&
    THE_FACILITIES.test(folded)
  ) {
    const at = THE_FACILITIES.exec(folded)?.index ?? folded.length;
    push(at, { kind: "set", set: "all_correctional_facilities", label: "All correctional facilities" });
  }
  found.sort((a, b) => a.at - b.at);
  return { areas: found.map((f) => f.area), notes, unresolved: found.length === 0 };
}
