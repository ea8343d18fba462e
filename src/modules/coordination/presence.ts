// Pure rules of the 3W view: records' work spread over the places of one level, grouped into cells.

import type { Coverage, OrganisationRef, PlaceLevel, PresenceCell, RecordRef } from "./coordination.schema";
import type { ActivityRecord } from "./coordination-sources";
import type { PlaceIndex } from "./place-index";

/** Adds a value to a short list unless it is there (lists of a few items: cheaper than a Set each). */
function addOnce<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * Adds a record to a list of record ids. A record is added to a list during its own pass only, so it is
 * either the last one there or not there at all: no search through long lists.
 */
function addRecord(list: string[], id: string): void {
  if (list[list.length - 1] !== id) list.push(id);
}

/** One organisation × theme × place cell per key, with the records, roles and kinds of coverage behind it. */
export function buildCells(
  records: readonly ActivityRecord[],
  index: PlaceIndex,
  level: PlaceLevel,
  themes?: readonly string[],
  /** Only these places (a district page needs one district, not all thirty). */
  only?: ReadonlySet<string>,
): PresenceCell[] {
  // Thousands of cells per request: plain arrays, filled in place, and no copy at the end.
  const cells = new Map<string, PresenceCell>();
  for (const record of records) {
    const recordThemes = themes ? record.themes.filter((t) => themes.includes(t)) : record.themes;
    if (recordThemes.length === 0) continue;
    const covered = new Map<string, Coverage[]>();
    for (const area of record.areas) {
      for (const c of index.cover(area, level)) {
        if (only && !only.has(c.placeId)) continue;
        const list = covered.get(c.placeId);
        if (list) addOnce(list, c.coverage);
        else covered.set(c.placeId, [c.coverage]);
      }
    }
    if (covered.size === 0) continue;
    for (const organisation of record.organisations) {
      for (const theme of recordThemes) {
        const prefix = `${organisation.id}|${theme}|`;
        for (const [placeId, coverage] of covered) {
          const key = prefix + placeId;
          let cell = cells.get(key);
          if (!cell) {
            cell = {
              organisationId: organisation.id,
              theme,
              placeId,
              roles: [],
              coverage: [],
              recordIds: [],
            };
            cells.set(key, cell);
          }
          addOnce(cell.roles, organisation.role);
          for (const c of coverage) addOnce(cell.coverage, c);
          addRecord(cell.recordIds, record.id);
        }
      }
    }
  }
  return [...cells.values()];
}

/** Who works in one district and at its places of detention: the district page's facts, in one pass. */
export type DistrictPresence = {
  /** Organisations working in the district (at it, within it, or through a set), with their themes. */
  byOrganisation: Map<string, { themes: string[]; coverage: Coverage[]; recordIds: string[] }>;
  /** Place of detention → theme → the organisations working there on it. */
  atFacilities: Map<string, Map<string, Set<string>>>;
  /** The records behind either. */
  present: Set<string>;
};

export function presenceInDistrict(
  records: readonly ActivityRecord[],
  index: PlaceIndex,
  districtId: string,
  facilityIds: ReadonlySet<string>,
): DistrictPresence {
  const out: DistrictPresence = { byOrganisation: new Map(), atFacilities: new Map(), present: new Set() };
  for (const record of records) {
    if (record.themes.length === 0) continue;
    const atDistrict: Coverage[] = [];
    for (const area of record.areas) {
      for (const c of index.cover(area, "district")) {
        if (c.placeId === districtId) addOnce(atDistrict, c.coverage);
      }
      for (const c of index.cover(area, "place_of_detention")) {
        if (!facilityIds.has(c.placeId)) continue;
        out.present.add(record.id);
        let byTheme = out.atFacilities.get(c.placeId);
        if (!byTheme) {
          byTheme = new Map();
          out.atFacilities.set(c.placeId, byTheme);
        }
        for (const theme of record.themes) {
          let organisations = byTheme.get(theme);
          if (!organisations) {
            organisations = new Set();
            byTheme.set(theme, organisations);
          }
          for (const organisation of record.organisations) organisations.add(organisation.id);
        }
      }
    }
    if (atDistrict.length === 0) continue;
    out.present.add(record.id);
    for (const organisation of record.organisations) {
      let entry = out.byOrganisation.get(organisation.id);
      if (!entry) {
        entry = { themes: [], coverage: [], recordIds: [] };
        out.byOrganisation.set(organisation.id, entry);
      }
      for (const theme of record.themes) addOnce(entry.themes, theme);
      for (const c of atDistrict) addOnce(entry.coverage, c);
      addRecord(entry.recordIds, record.id);
    }
  }
  return out;
}

const byName = new Intl.Collator("en").compare;

export function organisationsOf(records: readonly ActivityRecord[]): OrganisationRef[] {
  const byId = new Map<string, OrganisationRef>();
  for (const r of records) {
    for (const o of r.organisations) {
      byId.set(o.id, { id: o.id, name: o.name, acronym: o.acronym, kind: o.kind });
    }
  }
  return [...byId.values()].sort((a, b) => byName(a.name, b.name));
}

export function recordRefOf(r: ActivityRecord): RecordRef {
  return {
    source: r.source,
    id: r.id,
    title: r.title,
    status: r.status,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    validFromPrecision: r.validFromPrecision ?? "day",
    validUntilPrecision: r.validUntilPrecision ?? "day",
    reportedRow: r.reportedRow,
  };
}

/** The organisation's short name: its acronym when it has one. */
export const shortName = (o: Pick<OrganisationRef, "name" | "acronym">) => o.acronym ?? o.name;
