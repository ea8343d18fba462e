// Who may read or change a programme, and the programme as the parent of its logframe, indicators, results and events.
import type { Executor } from "../../db/client";
import { type Actor, assertAllowed, type ParentRecord, type RecordScope } from "../../kernel";
import { notFound } from "../../shared/app-errors";
import {
  type OrganisationLink,
  type ProgrammeRecord,
  selectPlaceRefs,
  selectProgramme,
  selectProgrammeOrganisations,
  selectProgrammePlaceIds,
} from "./programmes.store";

export const PROGRAMME_ENTITY = "programme";
export const PROGRAMME_LABEL = "The programme";

/** A programme with what its scope is made of: who leads and implements it, where it works. */
export type ProgrammeAccess = {
  record: ProgrammeRecord;
  organisations: OrganisationLink[];
  placeIds: string[];
  districtIds: string[];
};

export function scopeOf(
  current: Pick<ProgrammeAccess, "record" | "organisations" | "districtIds">,
): RecordScope {
  return {
    organisationIds: [
      // Donors read what they fund (everyone reads programmes) but keep no one's results: lead and partners only.
      ...new Set([
        current.record.leadOrganisationId,
        ...current.organisations
          .filter((o) => o.role === "implementing_partner")
          .map((o) => o.organisationId),
      ]),
    ],
    districtIds: current.districtIds,
  };
}

async function loadAccess(db: Executor, id: string, forUpdate: boolean): Promise<ProgrammeAccess | null> {
  const record = await selectProgramme(db, id, { forUpdate });
  if (!record) return null;
  const organisations = await selectProgrammeOrganisations(db, id);
  const placeIds = await selectProgrammePlaceIds(db, id);
  const places = await selectPlaceRefs(db, placeIds);
  const districtIds = [...new Set([...places.values()].flatMap((p) => (p.districtId ? [p.districtId] : [])))];
  return { record, organisations, placeIds, districtIds };
}

/** The programme, if the actor may do `action` on it: 404 when they may not read it, 403 when only read. */
export async function loadAuthorised(
  db: Executor,
  actor: Actor,
  id: string,
  action: "read" | "update" | "delete",
  options: { forUpdate: boolean } = { forUpdate: false },
): Promise<ProgrammeAccess> {
  const current = await loadAccess(db, id, options.forUpdate);
  if (!current) throw notFound(PROGRAMME_LABEL);
  assertAllowed(actor, "programme", action, scopeOf(current), PROGRAMME_LABEL);
  return current;
}

/** The programme as the parent of a child record: locked, and only for those who may change it. */
export type ProgrammeParent = ParentRecord & { record: ProgrammeRecord };

export async function loadProgrammeParent(db: Executor, actor: Actor, id: string): Promise<ProgrammeParent> {
  const { record } = await loadAuthorised(db, actor, id, "update", { forUpdate: true });
  return { id: record.id, label: record.title, record };
}

/** What every programme child's definition shares: the parent, and where its id goes in the child's history. */
export const PROGRAMME_PARENT = {
  parentEntityType: PROGRAMME_ENTITY,
  parentKey: "programmeId",
  loadParent: loadProgrammeParent,
} as const;
