// Reporting bodies: each district's JRLOS secretariat and JADF (made at start, idempotent) and any body added.
import type { Executor } from "../../db/client";
import {
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isUniqueViolation,
  preconditionFailed,
  type ServiceContext,
  type SystemActor,
} from "../../kernel";
import { conflict, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { createOrganisationsInBulk, findOrganisationByName } from "../organisations";
import {
  insertBodies,
  selectBodies,
  selectBody,
  selectDistrictBodyKeys,
  selectDistricts,
  updateBodyRow,
} from "./bodies.store";
import {
  type ReportingBody,
  type ReportingBodyInput,
  ReportingBodyInputSchema,
  type ReportingBodyListQuery,
  ReportingBodyPatchSchema,
} from "./reporting.schema";
import { bodyScope } from "./reporting-scope";

const ENTITY = "reporting_body";
const LABEL = "The reporting body";

/** The names the district bodies are registered under (their organisations can be renamed afterwards). */
export const districtBodyName = {
  jrlos_secretariat: (district: string) => `${district} District JRLOS Secretariat`,
  jadf: (district: string) => `JADF ${district}`,
} as const;

/**
 * Makes sure each district has its JRLOS secretariat and its JADF as organisations and reporting bodies. Runs at
 * every start; does nothing when they exist. An organisation already registered under the same name is used.
 */
export async function loadReportingBodies(db: Executor): Promise<number> {
  const actor: SystemActor = { kind: "system", label: "reference reporting bodies" };
  return inTransaction({ db, actor }, async (tx) => {
    const existing = await selectDistrictBodyKeys(tx.db);
    const districts = await selectDistricts(tx.db);
    const wanted = districts.flatMap((d) =>
      (["jrlos_secretariat", "jadf"] as const)
        .filter((kind) => !existing.has(`${kind}:${d.id}`))
        .map((kind) => ({ kind, district: d, name: districtBodyName[kind](d.name) })),
    );
    if (wanted.length === 0) return 0;
    const organisationIds = new Map<string, string>();
    const missing: typeof wanted = [];
    for (const w of wanted) {
      const found = await findOrganisationByName(tx, w.name);
      if (found) organisationIds.set(w.name, found.id);
      else missing.push(w);
    }
    const created = await createOrganisationsInBulk(
      tx,
      missing.map((w) => ({
        name: w.name,
        acronym: w.kind === "jadf" ? "JADF" : "JRLOS",
        kind: w.kind === "jadf" ? ("association_network" as const) : ("government" as const),
        description:
          w.kind === "jadf"
            ? `Joint Action Development Forum of ${w.district.name} District.`
            : `Secretariat of the ${w.district.name} District JRLOS coordination committee.`,
      })),
    );
    for (const o of created) organisationIds.set(o.name, o.id);
    const ids = await insertBodies(
      tx.db,
      wanted.map((w) => ({
        organisationId: organisationIds.get(w.name) ?? "",
        kind: w.kind,
        districtId: w.district.id,
      })),
    );
    for (const body of await selectBodies(tx.db, { ids })) {
      await recordChange(tx.db, actor, {
        action: "create",
        entityType: ENTITY,
        entityId: body.id,
        entityLabel: body.organisationName,
        before: null,
        after: body,
      });
    }
    return ids.length;
  });
}

export async function listBodies(
  ctx: ServiceContext,
  query: ReportingBodyListQuery,
): Promise<ReportingBody[]> {
  assertAllowedOnResource(ctx.actor, "reporting_body", "read");
  return selectBodies(ctx.db, query);
}

export async function getBody(ctx: ServiceContext, id: string): Promise<ReportingBody> {
  const body = await selectBody(ctx.db, id);
  if (!body) throw notFound(LABEL);
  assertAllowed(ctx.actor, "reporting_body", "read", bodyScope(body), LABEL);
  return body;
}

/** An administrator adds a body: a ministry, a donor, a network — any registered organisation. */
export async function createBody(ctx: ServiceContext, input: ReportingBodyInput): Promise<ReportingBody> {
  const values = parseInput(ReportingBodyInputSchema, input);
  assertAllowedOnResource(ctx.actor, "reporting_body", "create");
  if (values.kind !== "other" && !values.districtId) {
    throw invalid([
      { path: "districtId", message: "A district secretariat or JADF belongs to a district.", in: "body" },
    ]);
  }
  try {
    return await inTransaction(ctx, async (tx) => {
      const [id] = await insertBodies(tx.db, [
        {
          organisationId: values.organisationId,
          kind: values.kind,
          districtId: values.districtId ?? null,
          remindersEnabled: values.remindersEnabled,
          digestEnabled: values.digestEnabled,
          reminderDaysBefore: values.reminderDaysBefore,
        },
      ]);
      const body = id ? await selectBody(tx.db, id) : null;
      if (!body) {
        throw conflict(
          "This organisation already is a reporting body, or the district already has one of this kind.",
          [{ path: "organisationId", message: "Already a reporting body.", code: "duplicate", in: "body" }],
        );
      }
      await recordChange(tx.db, ctx.actor, {
        action: "create",
        entityType: ENTITY,
        entityId: body.id,
        entityLabel: body.organisationName,
        before: null,
        after: body,
      });
      return body;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This organisation already is a reporting body.");
    throw error;
  }
}

export async function updateBody(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ReportingBody> {
  const changes = parseInput(ReportingBodyPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await selectBody(tx.db, id, { forUpdate: true });
    if (!current) throw notFound(LABEL);
    assertAllowed(ctx.actor, "reporting_body", "update", bodyScope(current), LABEL);
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await updateBodyRow(tx.db, id, expectedVersion, changes)))
      throw preconditionFailed(current.version);
    const updated = await selectBody(tx.db, id);
    if (!updated) throw notFound(LABEL);
    await recordChange(tx.db, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: updated.organisationName,
      before: current,
      after: updated,
    });
    return updated;
  });
}
