// The service-provider directory: who offers which service (legal aid, medical, psychosocial …) in which districts,
// with the organisation's public contacts. Not secret; kept by administrators and coordinators, each provider's own
// case workers keep their entry. Every change audited (the contacts are an organisation's, not a person's).
import type { Executor } from "../../db/client";
import {
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isForeignKeyViolation,
  isUniqueViolation,
  listScope,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
} from "../../kernel";
import { type AppError, conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import {
  type ServiceProvider,
  ServiceProviderInputSchema,
  ServiceProviderListQuerySchema,
  ServiceProviderPatchSchema,
} from "./incidents.schema";
import {
  countReferralsToProvider,
  deleteServiceProviderRow,
  insertServiceProvider,
  type ServiceProviderFields,
  selectDistrictNames,
  selectOrganisationName,
  selectServiceProvider,
  selectServiceProviders,
  updateServiceProviderRow,
} from "./service-providers.store";

const ENTITY = "service_provider";
const LABEL = "The service provider";

/** A provider sits with its organisation: that organisation's case workers keep its entry. */
export const serviceProviderScope = (provider: { organisationId: string }): RecordScope => ({
  organisationIds: [provider.organisationId],
  districtIds: [],
});

const bodyError = (path: string, message: string, code: string): FieldError => ({
  path,
  message,
  code,
  in: "body",
});

/** Districts that exist, once each, and either nationwide or at least one district. */
async function checkedDistricts(
  db: Executor,
  nationwide: boolean,
  districtIds: readonly string[],
): Promise<string[]> {
  const ids = [...new Set(districtIds)];
  if (nationwide && ids.length > 0)
    throw invalid([
      bodyError(
        "districtIds",
        "A nationwide provider serves every district: leave the list of districts empty.",
        "nationwide_with_districts",
      ),
    ]);
  if (!nationwide && ids.length === 0)
    throw invalid([
      bodyError(
        "districtIds",
        "Choose the districts it serves, or say that it works nationwide.",
        "no_district",
      ),
    ]);
  const names = await selectDistrictNames(db, ids);
  const unknown = districtIds.flatMap((id, i) =>
    names.has(id) ? [] : [bodyError(`districtIds.${i}`, `No district has the id ${id}.`, "unknown_district")],
  );
  if (unknown.length > 0) throw invalid(unknown);
  return ids;
}

function duplicateProvider(organisationName: string): AppError {
  return conflict(`${organisationName} is already in the directory of service providers.`, [
    bodyError("organisationId", `${organisationName} already has an entry: change that one.`, "duplicate"),
  ]);
}

/** The directory, by service and district (a nationwide provider serves every district), by organisation name. */
export async function listServiceProviders(ctx: ServiceContext, query: unknown): Promise<ServiceProvider[]> {
  const filter = parseInput(ServiceProviderListQuerySchema, query, "query");
  if (filter.districtId && (await selectDistrictNames(ctx.db, [filter.districtId])).size === 0)
    throw invalid([
      {
        path: "districtId",
        message: `No district has the id ${filter.districtId}.`,
        code: "unknown_district",
        in: "query",
      },
    ]);
  const scope = listScope(ctx.actor, "service_provider");
  // Every role reads the directory anywhere today; a narrower rule in the policy table would narrow this list.
  if (!scope.all && scope.organisationIds.length === 0) return [];
  return selectServiceProviders(ctx.db, {
    ...filter,
    ...(scope.all ? {} : { organisationIds: scope.organisationIds }),
  });
}

export async function getServiceProvider(ctx: ServiceContext, id: string): Promise<ServiceProvider> {
  const provider = await selectServiceProvider(ctx.db, id);
  if (!provider) throw notFound(LABEL);
  assertAllowed(ctx.actor, ENTITY, "read", serviceProviderScope(provider), LABEL);
  return provider;
}

/** Adds an organisation of the register to the directory; one entry per organisation (409 for a second). */
export async function createServiceProvider(ctx: ServiceContext, input: unknown): Promise<ServiceProvider> {
  const values = parseInput(ServiceProviderInputSchema, input);
  assertAllowedOnResource(ctx.actor, ENTITY, "create", serviceProviderScope(values));
  try {
    return await inTransaction(ctx, async ({ db: tx }) => {
      const organisationName = await selectOrganisationName(tx, values.organisationId);
      if (!organisationName)
        throw invalid([
          bodyError(
            "organisationId",
            `No organisation has the id ${values.organisationId}: register the organisation first.`,
            "unknown_organisation",
          ),
        ]);
      if ((await selectServiceProviders(tx, { organisationIds: [values.organisationId] })).length > 0)
        throw duplicateProvider(organisationName);
      const fields: ServiceProviderFields = {
        organisationId: values.organisationId,
        services: [...new Set(values.services)],
        nationwide: values.nationwide,
        districtIds: await checkedDistricts(tx, values.nationwide, values.districtIds),
        contactEmail: values.contactEmail ?? null,
        contactPhone: values.contactPhone || null,
        capacity: values.capacity || null,
        acceptingReferrals: values.acceptingReferrals,
      };
      const id = await insertServiceProvider(tx, fields);
      const created = await selectServiceProvider(tx, id);
      if (!created) throw new Error(`service provider ${id} vanished inside its own transaction`);
      await recordChange(tx, ctx.actor, {
        action: "create",
        entityType: ENTITY,
        entityId: id,
        entityLabel: created.organisationName,
        before: null,
        after: created,
      });
      return created;
    });
  } catch (error) {
    // Two administrators adding the same organisation at once: the unique index decides.
    if (isUniqueViolation(error)) throw duplicateProvider("This organisation");
    throw error;
  }
}

export async function updateServiceProvider(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ServiceProvider> {
  const changes = parseInput(ServiceProviderPatchSchema, patch);
  return inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectServiceProvider(tx, id, { forUpdate: true });
    if (!current) throw notFound(LABEL);
    assertAllowed(ctx.actor, ENTITY, "update", serviceProviderScope(current), LABEL);
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const nationwide = changes.nationwide ?? current.nationwide;
    // Becoming nationwide without naming districts drops the old list rather than refusing the change.
    const districtIds =
      changes.districtIds ??
      (changes.nationwide === true ? [] : current.districts.map((district) => district.id));
    const fields: Omit<ServiceProviderFields, "organisationId"> = {
      services: [...new Set(changes.services ?? current.services)],
      nationwide,
      districtIds: await checkedDistricts(tx, nationwide, districtIds),
      contactEmail: changes.contactEmail === undefined ? current.contactEmail : changes.contactEmail,
      contactPhone: changes.contactPhone === undefined ? current.contactPhone : changes.contactPhone || null,
      capacity: changes.capacity === undefined ? current.capacity : changes.capacity || null,
      acceptingReferrals: changes.acceptingReferrals ?? current.acceptingReferrals,
    };
    if (!(await updateServiceProviderRow(tx, id, expectedVersion, fields)))
      throw preconditionFailed(current.version);
    const updated = await selectServiceProvider(tx, id);
    if (!updated) throw new Error(`service provider ${id} vanished inside its own transaction`);
    await recordChange(tx, ctx.actor, {
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

/** Removes an entry that never received a referral; one that did stays (mark it as not accepting referrals). */
export async function deleteServiceProvider(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectServiceProvider(tx, id, { forUpdate: true });
    if (!current) throw notFound(LABEL);
    assertAllowed(ctx.actor, ENTITY, "delete", serviceProviderScope(current), LABEL);
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const referrals = await countReferralsToProvider(tx, id);
    const kept = () =>
      conflict(
        `${current.organisationName} has received ${referrals === 1 ? "a referral, which keeps" : `${referrals} referrals, which keep`} its entry. Mark it as not accepting referrals instead.`,
      );
    if (referrals > 0) throw kept();
    try {
      if (!(await deleteServiceProviderRow(tx, id, expectedVersion)))
        throw preconditionFailed(current.version);
    } catch (error) {
      // A referral made in between: the foreign key refuses.
      if (isForeignKeyViolation(error)) throw kept();
      throw error;
    }
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: current.organisationName,
      before: current,
      after: null,
    });
  });
}
