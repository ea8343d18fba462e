// Reporting obligations: set one by one or in bulk from the 3W, changed, ended (history kept).
import {
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isUniqueViolation,
  preconditionFailed,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { AppError, conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChanges } from "../audit";
import { getDistrictSummary } from "../coordination";
import { selectBodies, selectDistricts } from "./bodies.store";
import {
  insertObligations,
  type ObligationFields,
  type ObligationRow,
  selectObligation,
  selectObligations,
  updateObligationRow,
} from "./obligations.store";
import { comparePeriods, parsePeriod } from "./periods";
import {
  DEFAULT_SECTIONS,
  type Obligation,
  type ObligationInput,
  ObligationInputSchema,
  type ObligationListQuery,
  ObligationPatchSchema,
  type ObligationPlan,
  type ObligationPlanQuery,
  ObligationPlanQuerySchema,
} from "./reporting.schema";
import { obligationScope } from "./reporting-scope";
import { selectDeactivatedOrganisations, selectOrganisationNames } from "./submissions.store";

const ENTITY = "reporting_obligation";
const LABEL = "The reporting obligation";

const labelOf = (o: Obligation) => `${o.organisationName} → ${o.bodyName} (${o.periodType})`;

export async function listObligations(
  ctx: ServiceContext,
  query: ObligationListQuery,
): Promise<Obligation[]> {
  assertAllowedOnResource(ctx.actor, "reporting_obligation", "read");
  return selectObligations(ctx.db, {
    organisationId: query.organisationId,
    bodyId: query.bodyId,
    districtId: query.districtId,
    running: query.running === undefined ? undefined : query.running === "true",
  });
}

export async function getObligation(ctx: ServiceContext, id: string): Promise<Obligation> {
  const obligation = await selectObligation(ctx.db, id);
  if (!obligation) throw notFound(LABEL);
  assertAllowed(ctx.actor, "reporting_obligation", "read", obligationScope(obligation), LABEL);
  return obligation;
}

export async function createObligation(ctx: ServiceContext, input: ObligationInput): Promise<Obligation> {
  const [created] = await createInBulk(ctx, [input], "single");
  if (!created) throw new Error("a bulk of one created no obligation");
  return created;
}

export async function createObligationsInBulk(
  ctx: ServiceContext,
  inputs: readonly ObligationInput[],
): Promise<Obligation[]> {
  return createInBulk(ctx, inputs, "bulk");
}

async function createInBulk(
  ctx: ServiceContext,
  inputs: readonly ObligationInput[],
  mode: "single" | "bulk",
): Promise<Obligation[]> {
  const pathOf = (i: number, path: string) => (mode === "single" ? path : `items.${i}.${path}`);
  const values = inputs.map((input, i) => {
    try {
      return parseInput(ObligationInputSchema, input);
    } catch (error) {
      if (error instanceof AppError && error.kind === "validation")
        throw invalid(error.errors.map((e) => ({ ...e, path: pathOf(i, e.path) })));
      throw error;
    }
  });
  const errors: FieldError[] = [];
  values.forEach((v, i) => {
    if (parsePeriod(v.startPeriod)?.type !== v.periodType) {
      errors.push({
        path: pathOf(i, "startPeriod"),
        message: `The first period must be a ${v.periodType.replace("_", "-")}, like ${example[v.periodType]}.`,
        code: "period_type",
        in: "body",
      });
    }
  });
  if (errors.length > 0) throw invalid(errors);
  try {
    return await inTransaction(ctx, async (tx) => {
      const bodies = new Map(
        (await selectBodies(tx.db, { ids: [...new Set(values.map((v) => v.bodyId))] })).map((b) => [b.id, b]),
      );
      const organisationIds = [...new Set(values.map((v) => v.organisationId))];
      const organisations = await selectOrganisationNames(tx.db, organisationIds);
      const deactivated = await selectDeactivatedOrganisations(tx.db, organisationIds);
      values.forEach((v, i) => {
        const body = bodies.get(v.bodyId);
        if (!body) errors.push({ path: pathOf(i, "bodyId"), message: "No such reporting body.", in: "body" });
        else if (!body.active)
          errors.push({
            path: pathOf(i, "bodyId"),
            message: "This reporting body is deactivated.",
            in: "body",
          });
        else if (body.organisationId === v.organisationId)
          errors.push({
            path: pathOf(i, "organisationId"),
            message: "A body does not report to itself.",
            in: "body",
          });
        if (!organisations.has(v.organisationId))
          errors.push({ path: pathOf(i, "organisationId"), message: "No such organisation.", in: "body" });
        else if (deactivated.has(v.organisationId))
          errors.push({
            path: pathOf(i, "organisationId"),
            message: `This organisation was deactivated on ${deactivated.get(v.organisationId)}: reactivate it before it is asked to report.`,
            code: "organisation_deactivated",
            in: "body",
          });
      });
      if (errors.length > 0) throw invalid(errors);
      for (const v of values) {
        const body = bodies.get(v.bodyId);
        if (!body) continue;
        assertAllowedOnResource(
          ctx.actor,
          "reporting_obligation",
          "create",
          obligationScope({ bodyOrganisationId: body.organisationId, districtId: body.districtId }),
        );
      }
      const fields: ObligationFields[] = values.map((v) => ({
        organisationId: v.organisationId,
        bodyId: v.bodyId,
        periodType: v.periodType,
        dueDays: v.dueDays,
        startPeriod: v.startPeriod,
        sections: [...(v.sections ?? DEFAULT_SECTIONS)],
      }));
      const ids = await insertObligations(tx.db, fields);
      const created = await selectObligations(tx.db, { ids });
      await recordChanges(
        tx.db,
        ctx.actor,
        created.map((o) => ({
          action: "create" as const,
          entityType: ENTITY,
          entityId: o.id,
          entityLabel: labelOf(o),
          before: null,
          after: o,
        })),
      );
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(
        mode === "single"
          ? "This organisation already reports to this body for this period type."
          : "Some of these organisations already report to these bodies.",
        [
          {
            path: mode === "single" ? "bodyId" : "items",
            message: "Already obliged.",
            code: "duplicate",
            in: "body",
          },
        ],
      );
    }
    throw error;
  }
}

const example = { month: "2026-01", quarter: "2026-Q1", half_year: "2026-H1", year: "2026" } as const;

/** Change the due days or sections, or end the obligation after a period (its reports so far stay). */
export async function updateObligation(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Obligation> {
  const changes = parseInput(ObligationPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await selectObligation(tx.db, id, { forUpdate: true });
    if (!current) throw notFound(LABEL);
    assertAllowed(ctx.actor, "reporting_obligation", "update", obligationScope(current), LABEL);
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (changes.endPeriod) {
      if (parsePeriod(changes.endPeriod)?.type !== current.periodType) {
        throw invalid([
          {
            path: "endPeriod",
            message: `The last period must be a ${current.periodType.replace("_", "-")}, like ${example[current.periodType]}.`,
            code: "period_type",
            in: "body",
          },
        ]);
      }
      if (comparePeriods(changes.endPeriod, current.startPeriod) < 0) {
        throw invalid([
          {
            path: "endPeriod",
            message: `The last period cannot come before the first (${current.startPeriod}).`,
            in: "body",
          },
        ]);
      }
    }
    const next = {
      ...changes,
      ...(changes.endPeriod === null ? { endReason: null } : {}),
    };
    try {
      if (!(await updateObligationRow(tx.db, id, expectedVersion, next)))
        throw preconditionFailed(current.version);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict("Another running obligation to this body has the same period type; end it first.", [
          { path: "endPeriod", message: "Another obligation is running.", code: "duplicate", in: "body" },
        ]);
      }
      throw error;
    }
    const updated = await selectObligation(tx.db, id);
    if (!updated) throw notFound(LABEL);
    await recordChanges(tx.db, ctx.actor, [
      {
        action: "update",
        entityType: ENTITY,
        entityId: id,
        entityLabel: labelOf(updated),
        before: current,
        after: updated,
      },
    ]);
    return updated;
  });
}

/**
 * The obligations to set for every organisation working in a district (per the 3W on a day), to the district's own
 * bodies unless others are named: a plan to review, then save with createObligationsInBulk.
 */
export async function planDistrictObligations(ctx: ServiceContext, query: unknown): Promise<ObligationPlan> {
  const q: ObligationPlanQuery = parseInput(ObligationPlanQuerySchema, query);
  if (parsePeriod(q.startPeriod)?.type !== q.periodType) {
    throw invalid([
      {
        path: "startPeriod",
        message: `The first period must be a ${q.periodType.replace("_", "-")}, like ${example[q.periodType]}.`,
        code: "period_type",
        in: "body",
      },
    ]);
  }
  const district = (await selectDistricts(ctx.db)).find((d) => d.id === q.districtId);
  if (!district) throw invalid([{ path: "districtId", message: "No such district.", in: "body" }]);
  const bodies = q.bodyIds
    ? await selectBodies(ctx.db, { ids: q.bodyIds })
    : (await selectBodies(ctx.db, { districtId: district.id })).filter((b) => b.kind !== "other");
  const known = new Set(bodies.map((b) => b.id));
  const missingBody = (q.bodyIds ?? []).findIndex((id) => !known.has(id));
  if (missingBody >= 0)
    throw invalid([{ path: `bodyIds.${missingBody}`, message: "No such reporting body.", in: "body" }]);
  for (const body of bodies) {
    assertAllowedOnResource(
      ctx.actor,
      "reporting_obligation",
      "create",
      obligationScope({ bodyOrganisationId: body.organisationId, districtId: body.districtId }),
    );
  }
  const summary = await getDistrictSummary(ctx, district.code, {
    date: q.on ?? todayOf(ctx),
    expiringWithinDays: 90,
  });

  const bodyOrganisations = new Set((await selectBodies(ctx.db)).map((b) => b.organisationId));
  const running = await selectObligations(ctx.db, {
    bodyIds: bodies.map((b) => b.id),
    running: true,
    periodType: q.periodType,
  });
  const items = summary.organisations
    .filter((o) => !bodyOrganisations.has(o.organisation.id))
    .flatMap((o) =>
      bodies.map((body) => ({
        input: {
          organisationId: o.organisation.id,
          bodyId: body.id,
          periodType: q.periodType,
          dueDays: q.dueDays,
          startPeriod: q.startPeriod,
          sections: [...(q.sections ?? DEFAULT_SECTIONS)],
        },
        organisationName: o.organisation.name,
        bodyName: body.organisationName,
        existingObligationId:
          running.find((r: ObligationRow) => r.organisationId === o.organisation.id && r.bodyId === body.id)
            ?.id ?? null,
      })),
    );
  return { districtId: district.id, items };
}
