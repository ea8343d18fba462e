// Monitoring visits: planned, conducted or cancelled, confidential to the monitoring body's monitors until the
// institution publishes the visit report; then every signed-in user reads it (decision 022).
import type { Executor } from "../../db/client";
import {
  type Action,
  type Actor,
  assertAllowedOnResource,
  assertVersion,
  inTransaction,
  isAllowed,
  isForeignKeyViolation,
  listScope,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { AppError, conflict, type FieldError, forbidden, invalid, notFound } from "../../shared/app-errors";
import { todayInKigali } from "../../shared/today";
import { parseInput } from "../../shared/validation";
import { recordChange, recordChanges, recordRead } from "../audit";
import { selectFindings } from "./findings.store";
import { visitStatusChangeError } from "./visit-status";
import {
  type Visit,
  VisitInputSchema,
  type VisitList,
  VisitListQuerySchema,
  VisitPatchSchema,
  VisitPublishSchema,
  visitFieldIssues,
} from "./visits.schema";
import {
  deleteVisitRow,
  insertVisit,
  publishVisitRow,
  selectOrganisationName,
  selectPlaceOfDetention,
  selectVisitBody,
  selectVisitRow,
  selectVisits,
  updateVisitRow,
  type VisitRow,
  type VisitValues,
} from "./visits.store";

export const VISIT_ENTITY = "monitoring_visit";
export const VISIT_LABEL = "The visit";

/** A visit belongs to its monitoring body (policy: monitoring_visit, in-scope). */
export const visitScope = (row: { monitoringOrganisationId: string }): RecordScope => ({
  organisationIds: [row.monitoringOrganisationId],
  districtIds: [],
});

export const isVisitPublished = (row: { publishedOn: string | null }, today: string) =>
  row.publishedOn !== null && row.publishedOn <= today;

/**
 * The visit, when the actor may do `action` on it: monitors of its body may do what the policy says; once
 * published, every signed-in user reads it (and gets 403, not 404, on a change). Otherwise 404.
 */
export async function loadAuthorisedVisit(
  db: Executor,
  actor: Actor,
  id: string,
  action: Action,
  options: { forUpdate?: boolean; today?: string } = {},
): Promise<VisitRow> {
  const row = await selectVisitRow(db, id, { forUpdate: options.forUpdate ?? action !== "read" });
  if (!row) throw notFound(VISIT_LABEL);
  const scope = visitScope(row);
  const readable =
    isAllowed(actor, "monitoring_visit", "read", scope) ||
    (actor.kind === "user" && isVisitPublished(row, options.today ?? todayInKigali()));
  if (!readable) throw notFound(VISIT_LABEL);
  if (action !== "read" && !isAllowed(actor, "monitoring_visit", action, scope))
    throw forbidden("Your role does not allow this action on this visit.");
  return row;
}

/** Records a read of an unpublished visit's confidential content (a file, the report); published ones are public. */
export async function recordConfidentialRead(
  ctx: ServiceContext,
  row: { id: string; reference: string; publishedOn: string | null },
  reason: string,
): Promise<void> {
  if (isVisitPublished(row, todayOf(ctx))) return;
  await recordRead(ctx, { entityType: VISIT_ENTITY, entityId: row.id, entityLabel: row.reference, reason });
}

export async function listVisits(ctx: ServiceContext, query: unknown): Promise<VisitList> {
  const values = parseInput(VisitListQuerySchema, query, "query");
  return selectVisits(ctx.db, values, listScope(ctx.actor, "monitoring_visit"), todayOf(ctx));
}

async function presentVisit(ctx: ServiceContext, row: VisitRow): Promise<Visit> {
  const scope = visitScope(row);
  const monitors = isAllowed(ctx.actor, "monitoring_visit", "read", scope);
  // A reader of the published report is not told which findings became confidential incidents.
  const findings = (await selectFindings(ctx.db, row.id)).map((f) =>
    monitors ? f : { ...f, incidentId: null },
  );
  const mayUpdate = isAllowed(ctx.actor, "monitoring_visit", "update", scope);
  return {
    ...row,
    findingCount: findings.length,
    findings,
    can: {
      update: mayUpdate,
      delete: row.status === "planned" && isAllowed(ctx.actor, "monitoring_visit", "delete", scope),
      publish: mayUpdate && row.status === "conducted" && row.publishedOn === null,
    },
  };
}

export async function getVisit(ctx: ServiceContext, id: string): Promise<Visit> {
  const row = await loadAuthorisedVisit(ctx.db, ctx.actor, id, "read", { today: todayOf(ctx) });
  return presentVisit(ctx, row);
}

/** Checks what the schema cannot: the place is a place of detention, the body exists, a follow-up follows one of its visits. */
async function resolveRefs(
  db: Executor,
  values: {
    monitoringOrganisationId: string;
    placeId: string;
    followUpOfVisitId: string | null;
  },
  visitId?: string,
): Promise<{ districtId: string | null }> {
  const errors: FieldError[] = [];
  const [organisation, place, earlierBody] = await Promise.all([
    selectOrganisationName(db, values.monitoringOrganisationId),
    selectPlaceOfDetention(db, values.placeId),
    values.followUpOfVisitId ? selectVisitBody(db, values.followUpOfVisitId) : null,
  ]);
  if (organisation === null)
    errors.push({ path: "monitoringOrganisationId", message: "No organisation has this id.", in: "body" });
  if (place === null) errors.push({ path: "placeId", message: "Choose a place of detention.", in: "body" });
  if (
    values.followUpOfVisitId &&
    (earlierBody !== values.monitoringOrganisationId || values.followUpOfVisitId === visitId)
  )
    errors.push({
      path: "followUpOfVisitId",
      message: "Name an earlier visit of the same monitoring body.",
      in: "body",
    });
  if (errors.length > 0) throw invalid(errors);
  return { districtId: place?.districtId ?? null };
}

const snapshot = (row: VisitRow) => {
  const { monitoringOrganisationName: _o, placeName: _p, ...kept } = row;
  return kept;
};

export async function createVisit(ctx: ServiceContext, input: unknown): Promise<Visit> {
  const values = parseInput(VisitInputSchema, input);
  assertAllowedOnResource(ctx.actor, "monitoring_visit", "create", visitScope(values));
  return inTransaction(ctx, async (tx) => {
    const followUpOfVisitId = values.followUpOfVisitId ?? null;
    const { districtId } = await resolveRefs(tx.db, { ...values, followUpOfVisitId });
    const row: VisitValues = {
      monitoringOrganisationId: values.monitoringOrganisationId,
      placeId: values.placeId,
      districtId,
      status: "planned",
      announced: values.announced,
      visitType: values.visitType,
      followUpOfVisitId,
      startsOn: values.startsOn,
      endsOn: values.endsOn ?? null,
      objectives: values.objectives || null,
      team: values.team,
      interviews: values.interviews,
      summary: values.summary || null,
    };
    const id = await insertVisit(tx.db, row);
    const created = await selectVisitRow(tx.db, id);
    if (!created) throw new Error("the visit vanished inside its own transaction");
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: VISIT_ENTITY,
      entityId: id,
      entityLabel: created.reference,
      before: null,
      after: snapshot(created),
    });
    return presentVisit(tx, created);
  });
}

export async function updateVisit(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Visit> {
  const changes = parseInput(VisitPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedVisit(tx.db, tx.actor, id, "update", { today: todayOf(ctx) });
    assertVersion(current, expectedVersion);
    const merged = {
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    } as VisitRow;
    const issues = visitFieldIssues(merged);
    const statusError = visitStatusChangeError(current.status, merged.status, merged.startsOn, todayOf(ctx));
    if (statusError) issues.push({ path: "status", message: statusError });
    if (issues.length > 0) throw invalid(issues.map((i) => ({ ...i, in: "body" as const })));
    const { districtId } =
      changes.placeId !== undefined || changes.followUpOfVisitId
        ? await resolveRefs(tx.db, merged, id)
        : { districtId: current.districtId };
    const values: VisitValues = {
      monitoringOrganisationId: current.monitoringOrganisationId,
      placeId: merged.placeId,
      districtId,
      status: merged.status,
      announced: merged.announced,
      visitType: merged.visitType,
      followUpOfVisitId: merged.followUpOfVisitId ?? null,
      startsOn: merged.startsOn,
      endsOn: merged.endsOn ?? null,
      objectives: merged.objectives || null,
      team: merged.team,
      interviews: merged.interviews,
      summary: merged.summary || null,
    };
    if (!(await updateVisitRow(tx.db, id, expectedVersion, values)))
      throw preconditionFailed(current.version);
    const updated = await selectVisitRow(tx.db, id);
    if (!updated) throw new Error("the visit vanished inside its own transaction");
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: VISIT_ENTITY,
      entityId: id,
      entityLabel: updated.reference,
      before: snapshot(current),
      after: snapshot(updated),
    });
    return presentVisit(tx, updated);
  });
}

/** Deletes a visit that is still planned (one that took place stays, conducted or cancelled, for the record). */
export async function deleteVisit(ctx: ServiceContext, id: string, expectedVersion: number): Promise<void> {
  try {
    await inTransaction(ctx, async (tx) => {
      const current = await loadAuthorisedVisit(tx.db, tx.actor, id, "delete", { today: todayOf(ctx) });
      assertVersion(current, expectedVersion);
      if (current.status !== "planned")
        throw conflict(`Only a planned visit can be deleted; this one is ${current.status}.`);
      if (!(await deleteVisitRow(tx.db, id, expectedVersion))) throw preconditionFailed(current.version);
      await recordChange(tx.db, tx.actor, {
        action: "delete",
        entityType: VISIT_ENTITY,
        entityId: id,
        entityLabel: current.reference,
        before: snapshot(current),
        after: null,
      });
    });
  } catch (error) {
    if (error instanceof AppError || !isForeignKeyViolation(error)) throw error;
    throw conflict("Recommendations or other visits name this visit: it cannot be deleted.");
  }
}

/**
 * Publishes the visit report on a day (today or earlier): the visit, its findings and its report become readable by
 * every signed-in user, and so do the recommendations that come from the visit. There is no unpublishing: what was
 * public stays on the record (decision 022).
 */
export async function publishVisit(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  input: unknown,
): Promise<Visit> {
  const { publishedOn } = parseInput(VisitPublishSchema, input);
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedVisit(tx.db, tx.actor, id, "update", { today: todayOf(ctx) });
    assertVersion(current, expectedVersion);
    if (current.publishedOn !== null)
      throw conflict(`This visit's report was published on ${current.publishedOn}; a publication stays.`);
    if (current.status !== "conducted") throw conflict("Only the report of a conducted visit is published.");
    if (publishedOn > todayOf(ctx))
      throw invalid([{ path: "publishedOn", message: "Publish on today or an earlier day.", in: "body" }]);
    if (publishedOn < current.startsOn)
      throw invalid([
        { path: "publishedOn", message: "A report is published after the visit starts.", in: "body" },
      ]);
    const { published, recommendationIds } = await publishVisitRow(tx.db, id, expectedVersion, publishedOn);
    if (!published) throw preconditionFailed(current.version);
    const updated = await selectVisitRow(tx.db, id);
    if (!updated) throw new Error("the visit vanished inside its own transaction");
    await recordChanges(tx.db, tx.actor, [
      {
        action: "update",
        entityType: VISIT_ENTITY,
        entityId: id,
        entityLabel: updated.reference,
        before: { publishedOn: null },
        after: { publishedOn },
      },
      ...recommendationIds.map((recommendationId) => ({
        action: "update" as const,
        entityType: "recommendation",
        entityId: recommendationId,
        entityLabel: `published with ${updated.reference}`,
        before: { publishedOn: null },
        after: { publishedOn },
      })),
    ]);
    return presentVisit(tx, updated);
  });
}
