// Follow-up actions: the addressee's staff keep their action plan (one action may serve several of the
// recommendations addressed to them); monitors of the monitoring body read the actions serving its recommendations.
import {
  type Actor,
  assertAllowedOnResource,
  assertVersion,
  inTransaction,
  isAllowed,
  listScope,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { AppError, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import {
  type FollowUpAction,
  FollowUpActionInputSchema,
  type FollowUpActionList,
  FollowUpActionListQuerySchema,
  FollowUpActionPatchSchema,
} from "./follow-up-actions.schema";
import {
  type ActionReach,
  type ActionValues,
  deleteFollowUpActionRow,
  type FollowUpActionRow,
  insertFollowUpAction,
  selectFollowUpActions,
  selectRecommendationAddressees,
  updateFollowUpActionRow,
} from "./follow-up-actions.store";
import { addresseeScope } from "./recommendation-access";
import { recommendationReference } from "./recommendations.service";

const ENTITY = "follow_up_action";
const LABEL = "The follow-up action";

function reachOf(actor: Actor): ActionReach {
  if (actor.kind === "system") return { all: true };
  const acting = listScope(actor, "recommendation_response");
  const monitors = listScope(actor, "recommendation");
  if (acting.all || monitors.all) return { all: true };
  return { all: false, actingOrgIds: acting.organisationIds, monitorOrgIds: monitors.organisationIds };
}

const mayEdit = (actor: Actor, organisationId: string) =>
  isAllowed(actor, "recommendation_response", "update", addresseeScope(organisationId));

function present(actor: Actor, row: FollowUpActionRow): FollowUpAction {
  return {
    id: row.id,
    organisation: { id: row.organisationId, name: row.organisationName },
    title: row.title,
    description: row.description,
    dueOn: row.dueOn,
    status: row.status as FollowUpAction["status"],
    progress: row.progress,
    progressNote: row.progressNote,
    recommendations: row.recommendations.map((r) => ({ id: r.id, reference: recommendationReference(r) })),
    can: { edit: mayEdit(actor, row.organisationId) },
    version: row.version,
  };
}

/** Every recommendation served is addressed to the acting organisation; 422 naming `recommendationIds.N` otherwise. */
async function checkRecommendations(ctx: ServiceContext, organisationId: string, ids: readonly string[]) {
  const found = await selectRecommendationAddressees(ctx.db, ids);
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    if (found.get(id)?.addresseeOrganisationId !== organisationId)
      errors.push({
        path: `recommendationIds.${i}`,
        message: "No recommendation addressed to the acting organisation has this id.",
        code: "not_addressed_to_organisation",
        in: "body",
      });
  });
  if (errors.length > 0) throw invalid(errors);
}

const snapshot = (values: ActionValues, recommendationIds: readonly string[]) => ({
  ...values,
  recommendationIds: [...recommendationIds].sort(),
});

async function loadOne(ctx: ServiceContext, id: string, forUpdate = false): Promise<FollowUpActionRow> {
  const [row] = await selectFollowUpActions(ctx.db, { reach: reachOf(ctx.actor), id }, { forUpdate });
  if (!row) throw notFound(LABEL);
  return row;
}

export async function listFollowUpActions(ctx: ServiceContext, query: unknown): Promise<FollowUpActionList> {
  const q = parseInput(FollowUpActionListQuerySchema, query, "query");
  const rows = await selectFollowUpActions(ctx.db, {
    reach: reachOf(ctx.actor),
    ...(q.recommendationId ? { recommendationId: q.recommendationId } : {}),
    ...(q.organisationId ? { organisationId: q.organisationId } : {}),
  });
  return { items: rows.map((r) => present(ctx.actor, r)) };
}

export async function getFollowUpAction(ctx: ServiceContext, id: string): Promise<FollowUpAction> {
  return present(ctx.actor, await loadOne(ctx, id));
}

export async function createFollowUpAction(ctx: ServiceContext, input: unknown): Promise<FollowUpAction> {
  const { recommendationIds, ...values } = parseInput(FollowUpActionInputSchema, input);
  assertAllowedOnResource(
    ctx.actor,
    "recommendation_response",
    "create",
    addresseeScope(values.organisationId),
  );
  return inTransaction(ctx, async (tx) => {
    await checkRecommendations(tx, values.organisationId, recommendationIds);
    const id = await insertFollowUpAction(tx.db, values, recommendationIds);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: values.title,
      before: null,
      after: snapshot(values, recommendationIds),
    });
    return present(tx.actor, await loadOne(tx, id));
  });
}

const valuesOf = (row: FollowUpActionRow): ActionValues => ({
  organisationId: row.organisationId,
  title: row.title,
  description: row.description,
  dueOn: row.dueOn,
  status: row.status,
  progress: row.progress,
  progressNote: row.progressNote,
});

function assertMayEdit(actor: Actor, row: FollowUpActionRow) {
  if (!mayEdit(actor, row.organisationId))
    throw new AppError("forbidden", "Only the acting organisation's staff change its actions.");
}

export async function updateFollowUpAction(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<FollowUpAction> {
  const { recommendationIds, ...changes } = parseInput(FollowUpActionPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const row = await loadOne(tx, id, true);
    assertMayEdit(tx.actor, row);
    assertVersion(row, expectedVersion);
    const before = valuesOf(row);
    const beforeIds = row.recommendations.map((r) => r.id);
    const values: ActionValues = { ...before, ...changes };
    const ids = recommendationIds ?? beforeIds;
    if (recommendationIds) await checkRecommendations(tx, row.organisationId, recommendationIds);
    if (!(await updateFollowUpActionRow(tx.db, id, expectedVersion, values, ids)))
      throw preconditionFailed(row.version);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: values.title,
      before: snapshot(before, beforeIds),
      after: snapshot(values, ids),
    });
    return present(tx.actor, await loadOne(tx, id));
  });
}

export async function deleteFollowUpAction(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await loadOne(tx, id, true);
    assertMayEdit(tx.actor, row);
    assertVersion(row, expectedVersion);
    if (!(await deleteFollowUpActionRow(tx.db, id, expectedVersion))) throw preconditionFailed(row.version);
    await recordChange(tx.db, tx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: row.title,
      before: snapshot(
        valuesOf(row),
        row.recommendations.map((r) => r.id),
      ),
      after: null,
    });
  });
}
