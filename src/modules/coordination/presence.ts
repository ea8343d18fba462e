// Pure rules of the 3W view: records' work spread over the places of one level, grouped into cells.

import type { PartyRole } from "../agreements/agreements.schema";
import type { Coverage, OrganisationRef, PlaceLevel, PresenceCell, RecordRef } from "./coordination.schema";
import type { ActivityRecord } from "./coordination-sources";
import type { PlaceIndex } from "./place-index";

/** One organisation × theme × place cell per key, with the records, roles and kinds of coverage behind it. */
export function buildCells(
  records: readonly ActivityRecord[],
  index: PlaceIndex,
  level: PlaceLevel,
  themes?: readonly string[],
  /** Only these places (a district page needs one district, not all thirty). */
  only?: ReadonlySet<string>,
): PresenceCell[] {
  type Acc = { cell: PresenceCell; roles: Set<PartyRole>; coverage: Set<Coverage>; records: Set<string> };
  const cells = new Map<string, Acc>();
  for (const record of records) {
    const recordThemes = themes ? record.themes.filter((t) => themes.includes(t)) : record.themes;
    if (recordThemes.length === 0) continue;
    const covered = new Map<string, Set<Coverage>>();
    for (const area of record.areas) {
      for (const c of index.cover(area, level)) {
        if (only && !only.has(c.placeId)) continue;
        const set = covered.get(c.placeId);
        if (set) set.add(c.coverage);
        else covered.set(c.placeId, new Set([c.coverage]));
      }
    }
    if (covered.size === 0) continue;
    for (const organisation of record.organisations) {
      for (const theme of recordThemes) {
        for (const [placeId, coverage] of covered) {
          const key = `${organisation.id}|${theme}|${placeId}`;
          let acc = cells.get(key);
          if (!acc) {
            acc = {
              cell: {
                organisationId: organisation.id,
                theme,
                placeId,
                roles: [],
                coverage: [],
                recordIds: [],
              },
              roles: new Set(),
              coverage: new Set(),
              records: new Set(),
            };
            cells.set(key, acc);
          }
          acc.roles.add(organisation.role);
          for (const c of coverage) acc.coverage.add(c);
          acc.records.add(record.id);
        }
      }
    }
  }
  return [...cells.values()].map(({ cell, roles, coverage, records: ids }) => ({
    ...cell,
    roles: [...roles],
    coverage: [...coverage],
    recordIds: [...ids],
  }));
}

export type PresenceEntry = { coverage: Set<Coverage>; recordIds: Set<string> };
/** place → theme → organisation → how and by which records. */
export type PresenceByPlace = Map<string, Map<string, Map<string, PresenceEntry>>>;

/** The same facts as buildCells for a few places, nested instead of keyed by strings: the district page's shape. */
export function presenceAt(
  records: readonly ActivityRecord[],
  index: PlaceIndex,
  level: PlaceLevel,
  places: ReadonlySet<string>,
): PresenceByPlace {
  const out: PresenceByPlace = new Map();
  for (const record of records) {
    if (record.themes.length === 0) continue;
    for (const area of record.areas) {
      for (const c of index.cover(area, level)) {
        if (!places.has(c.placeId)) continue;
        let byTheme = out.get(c.placeId);
        if (!byTheme) {
          byTheme = new Map();
          out.set(c.placeId, byTheme);
        }
        for (const theme of record.themes) {
          let byOrganisation = byTheme.get(theme);
          if (!byOrganisation) {
            byOrganisation = new Map();
            byTheme.set(theme, byOrganisation);
          }
          for (const organisation of record.organisations) {
            const entry = byOrganisation.get(organisation.id);
            if (entry) {
              entry.coverage.add(c.coverage);
              entry.recordIds.add(record.id);
            } else {
              byOrganisation.set(organisation.id, {
                coverage: new Set([c.coverage]),
                recordIds: new Set([record.id]),
              });
            }
          }
        }
      }
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
  };
}

/** The organisation's short name: its acronym when it has one. */
export const shortName = (o: Pick<OrganisationRef, "name" | "acronym">) => o.acronym ?? o.name;
