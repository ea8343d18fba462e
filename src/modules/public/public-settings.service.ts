// What the public portal publishes: read and changed by administrators only, as one versioned record (the licence
// line, incident statistics on or off, and per institution its sections), every change in the audit log.
import {
  assertAllowedOnResource,
  inTransaction,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { PublicPortalPatchSchema, type PublicPortalSettings } from "./public.schema";
import {
  replaceInstitutions,
  selectExistingOrganisationIds,
  selectInstitutions,
  selectPortal,
  updatePortal,
} from "./public.store";

const ENTITY = "public_portal";
/** The settings row's id in the audit log: there is one. */
const ENTITY_ID = "1";

async function readSettings(
  ctx: Pick<ServiceContext, "db">,
  forUpdate = false,
): Promise<PublicPortalSettings> {
  const portal = await selectPortal(ctx.db, { forUpdate });
  const institutions = await selectInstitutions(ctx.db);
  return { ...portal, institutions };
}

export async function getPublicPortalSettings(ctx: ServiceContext): Promise<PublicPortalSettings> {
  assertAllowedOnResource(ctx.actor, ENTITY, "read");
  return readSettings(ctx);
}

/** What the audit keeps: the licence, the switch, and each institution's sections by organisation id. */
const snapshot = (s: PublicPortalSettings): Record<string, unknown> => ({
  licence: s.licence,
  incidentStatistics: s.incidentStatistics,
  institutions: Object.fromEntries(
    s.institutions.map((i) => [
      i.organisationId,
      (["agreements", "threeW", "recommendations", "programmeResults"] as const).filter((k) => i[k]),
    ]),
  ),
});

export async function updatePublicPortalSettings(
  ctx: ServiceContext,
  expectedVersion: number,
  input: unknown,
): Promise<PublicPortalSettings> {
  const patch = parseInput(PublicPortalPatchSchema, input);
  return inTransaction(ctx, async (tx) => {
    assertAllowedOnResource(tx.actor, ENTITY, "update");
    const before = await readSettings(tx, true);
    if (before.version !== expectedVersion) throw preconditionFailed(before.version);
    if (patch.institutions) {
      const ids = patch.institutions.map((i) => i.organisationId);
      const found = await selectExistingOrganisationIds(tx.db, ids);
      const seen = new Set<string>();
      const errors = patch.institutions.flatMap((i, n) => {
        const path = `institutions.${n}.organisationId`;
        if (!found.has(i.organisationId))
          return [{ path, message: "No organisation has this id.", in: "body" as const }];
        if (seen.has(i.organisationId))
          return [{ path, message: "This organisation is listed twice.", in: "body" as const }];
        seen.add(i.organisationId);
        return [];
      });
      if (errors.length > 0) throw invalid(errors);
      await replaceInstitutions(tx.db, patch.institutions);
    }
    if (!(await updatePortal(tx.db, expectedVersion, patch))) throw preconditionFailed(before.version);
    const after = await readSettings(tx);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: ENTITY_ID,
      entityLabel: "The public portal",
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}
