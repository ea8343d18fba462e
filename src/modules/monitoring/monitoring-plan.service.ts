// The monitoring body's roadmap: its action plan items (area, owner, due date, status, progress, order) and how far
// the plan has come. Kept by the body's monitors, read by administrators; every change audited.
import {
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  listScope,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import {
  type PlanItem,
  PlanItemInputSchema,
  PlanItemListQuerySchema,
  PlanItemPatchSchema,
  type PlanSummary,
} from "./monitoring-plan.schema";
import {
  deletePlanItemRow,
  insertPlanItem,
  type PlanItemFields,
  type PlanItemRow,
  renumberPlanItems,
  selectBodiesWithItems,
  selectOrganisationNames,
  selectPlanItem,
  selectPlanItems,
  updatePlanItemRow,
} from "./monitoring-plan.store";
import { isPlanItemOverdue, planProgress } from "./monitoring-plan-progress";

const ENTITY = "monitoring_plan_item";
const LABEL = "The roadmap item";

/** An item belongs to its monitoring body's plan: that body's monitors keep it. */
export const planScope = (monitoringOrganisationId: string): RecordScope => ({
  organisationIds: [monitoringOrganisationId],
  districtIds: [],
});

const present = (row: PlanItemRow, today: string): PlanItem => ({
  ...row,
  overdue: isPlanItemOverdue(row, today),
});

/** The bodies whose plans the actor reads, narrowed to one when asked. */
async function readableBodies(ctx: ServiceContext, only: string | undefined): Promise<string[] | "all"> {
  const scope = listScope(ctx.actor, "monitoring_plan");
  if (scope.all) return only ? [only] : "all";
  return only ? scope.organisationIds.filter((id) => id === only) : [...new Set(scope.organisationIds)];
}

/** Items of the plans the actor reads (their monitoring body or bodies), by area then position. */
export async function listPlanItems(ctx: ServiceContext, query: unknown): Promise<PlanItem[]> {
  const filter = parseInput(PlanItemListQuerySchema, query, "query");
  const bodies = await readableBodies(ctx, filter.monitoringOrganisationId);
  const rows = await selectPlanItems(ctx.db, bodies === "all" ? {} : { organisationIds: bodies });
  const today = todayOf(ctx);
  return rows.map((row) => present(row, today));
}

/**
 * One summary per plan the actor reads: progress per area and overall, overdue items. A monitor sees their body's
 * plan even before its first item (so that they can start it); an administrator sees the plans that have items.
 */
export async function listPlanSummaries(ctx: ServiceContext, query: unknown): Promise<PlanSummary[]> {
  const filter = parseInput(PlanItemListQuerySchema, query, "query");
  const readable = await readableBodies(ctx, filter.monitoringOrganisationId);
  const own = ctx.actor.kind === "user" ? listScope(ctx.actor, "monitoring_plan", "update") : null;
  const ownIds = own && !own.all ? own.organisationIds : [];
  const bodyIds =
    readable === "all" ? [...new Set([...ownIds, ...(await selectBodiesWithItems(ctx.db))])] : readable;
  const names = await selectOrganisationNames(ctx.db, bodyIds);
  const known = bodyIds.filter((id) => names.has(id));
  const rows = await selectPlanItems(ctx.db, { organisationIds: known });
  const today = todayOf(ctx);
  return known
    .map((id) => ({
      monitoringOrganisationId: id,
      monitoringOrganisationName: names.get(id) ?? "",
      ...planProgress(
        rows.filter((row) => row.monitoringOrganisationId === id),
        today,
      ),
      canEdit: isAllowed(ctx.actor, "monitoring_plan", "update", planScope(id)),
    }))
    .sort((a, b) => a.monitoringOrganisationName.localeCompare(b.monitoringOrganisationName));
}

export async function getPlanItem(ctx: ServiceContext, id: string): Promise<PlanItem> {
  const row = await selectPlanItem(ctx.db, id);
  if (!row) throw notFound(LABEL);
  assertAllowed(ctx.actor, "monitoring_plan", "read", planScope(row.monitoringOrganisationId), LABEL);
  return present(row, todayOf(ctx));
}

/** A done item without a percentage is 100 %; otherwise the percentage given, or 0. */
const progressFor = (status: PlanItemFields["status"], progress: number | undefined) =>
  progress ?? (status === "done" ? 100 : 0);

/** Adds an item at the end of its area of the body's plan. */
export async function createPlanItem(ctx: ServiceContext, input: unknown): Promise<PlanItem> {
  const values = parseInput(PlanItemInputSchema, input);
  assertAllowedOnResource(ctx.actor, "monitoring_plan", "create", planScope(values.monitoringOrganisationId));
  return inTransaction(ctx, async ({ db: tx }) => {
    if ((await selectOrganisationNames(tx, [values.monitoringOrganisationId])).size === 0)
      throw invalid([
        {
          path: "monitoringOrganisationId",
          message: `No organisation has the id ${values.monitoringOrganisationId}.`,
          code: "unknown_organisation",
          in: "body",
        },
      ]);
    const id = await insertPlanItem(tx, values.monitoringOrganisationId, {
      area: values.area,
      title: values.title,
      owner: values.owner || null,
      dueOn: values.dueOn ?? null,
      status: values.status,
      progress: progressFor(values.status, values.progress),
    });
    const created = await selectPlanItem(tx, id);
    if (!created) throw new Error(`roadmap item ${id} vanished inside its own transaction`);
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: created.title,
      before: null,
      after: created,
    });
    return present(created, todayOf(ctx));
  });
}

/**
 * Changes what the patch names. `position` (0 = first) moves the item within its area, the others closing up
 * behind it; a change of area without a position puts the item at the end of its new area.
 */
export async function updatePlanItem(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<PlanItem> {
  const changes = parseInput(PlanItemPatchSchema, patch);
  return inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectPlanItem(tx, id, { forUpdate: true });
    if (!current) throw notFound(LABEL);
    assertAllowed(ctx.actor, "monitoring_plan", "update", planScope(current.monitoringOrganisationId), LABEL);
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const status = changes.status ?? current.status;
    const fields: PlanItemFields = {
      area: changes.area ?? current.area,
      title: changes.title ?? current.title,
      owner: changes.owner === undefined ? current.owner : changes.owner || null,
      dueOn: changes.dueOn === undefined ? current.dueOn : changes.dueOn,
      status,
      // Marking an item done without saying how far it is means it is complete.
      progress:
        changes.progress ?? (changes.status === "done" && current.status !== "done" ? 100 : current.progress),
    };
    const siblings = (
      await selectPlanItems(tx, {
        organisationIds: [current.monitoringOrganisationId],
        area: fields.area,
        forUpdate: true,
      })
    ).filter((row) => row.id !== id);
    const moved = changes.position !== undefined || fields.area !== current.area;
    const index = Math.min(changes.position ?? siblings.length, siblings.length);
    const position = moved ? index : current.position;
    if (!(await updatePlanItemRow(tx, id, expectedVersion, { ...fields, position })))
      throw preconditionFailed(current.version);
    if (moved)
      await renumberPlanItems(tx, [
        ...siblings.slice(0, index).map((row) => row.id),
        id,
        ...siblings.slice(index).map((row) => row.id),
      ]);
    const updated = await selectPlanItem(tx, id);
    if (!updated) throw new Error(`roadmap item ${id} vanished inside its own transaction`);
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: updated.title,
      before: current,
      after: updated,
    });
    return present(updated, todayOf(ctx));
  });
}

export async function deletePlanItem(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectPlanItem(tx, id, { forUpdate: true });
    if (!current) throw notFound(LABEL);
    assertAllowed(ctx.actor, "monitoring_plan", "delete", planScope(current.monitoringOrganisationId), LABEL);
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await deletePlanItemRow(tx, id, expectedVersion))) throw preconditionFailed(current.version);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: current.title,
      before: current,
      after: null,
    });
  });
}
