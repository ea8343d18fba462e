// Organisation use cases (memberships are in memberships.service.ts): check rights, one transaction, audit.
import type { Executor } from "../../db/client";
import {
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  isForeignKeyViolation,
  isUniqueViolation,
  listScope,
  preconditionFailed,
  type ServiceContext,
  tableOfError,
  todayOf,
} from "../../kernel";
import { AppError, conflict, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { type AuditEntry, listHistory, recordChange, recordChanges } from "../audit";
import { selectContactPersons } from "./contact-persons.store";
import { recordMembershipsRemovedWith } from "./memberships.service";
import { selectMemberships } from "./memberships.store";
import { organisationScope } from "./organisation-scope";
import {
  type Organisation,
  type OrganisationDetail,
  type OrganisationInput,
  OrganisationInputSchema,
  type OrganisationList,
  type OrganisationListQuery,
  OrganisationPatchSchema,
} from "./organisations.schema";
import {
  countAgreementsWithParty,
  deleteOrganisationRow,
  fieldsFromValues,
  insertOrganisations,
  organisationNameKey,
  selectAllOrganisations,
  selectOrganisation,
  selectOrganisationByNameKey,
  selectOrganisations,
  selectOrganisationsByNameKeys,
  updateOrganisationRow,
  updateOrganisationStatus,
} from "./organisations.store";

const ENTITY = "organisation";

async function assertNameFree(db: Executor, name: string, exceptId?: string): Promise<void> {
  const existing = await selectOrganisationByNameKey(db, organisationNameKey(name));
  if (existing && existing.id !== exceptId) {
    throw conflict(`An organisation named "${existing.name}" already exists.`, [
      { path: "name", message: `"${existing.name}" is already registered.`, code: "duplicate", in: "body" },
    ]);
  }
}

function nameConflictFrom(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw conflict("An organisation with this name already exists.", [
      { path: "name", message: "This name is already registered.", code: "duplicate", in: "body" },
    ]);
  }
  throw error;
}

/** The organisation with this name, whatever its case and accents (for matching imported names). */
export async function findOrganisationByName(
  ctx: ServiceContext,
  name: string,
): Promise<Organisation | null> {
  return selectOrganisationByNameKey(ctx.db, organisationNameKey(name));
}

export async function listOrganisations(
  ctx: ServiceContext,
  query: OrganisationListQuery,
): Promise<OrganisationList> {
  const scope = listScope(ctx.actor, "organisation");
  // Organisations are readable by every role anywhere; a scope-limited policy would filter here.
  if (!scope.all) return { items: [], total: 0 };
  return selectOrganisations(ctx.db, query);
}

/** The whole register, in the list's name order, in one query (an import matches every name of its file against it). */
export async function listAllOrganisations(ctx: ServiceContext): Promise<Organisation[]> {
  if (!listScope(ctx.actor, "organisation").all) return [];
  return selectAllOrganisations(ctx.db);
}

export async function getOrganisation(ctx: ServiceContext, id: string): Promise<OrganisationDetail> {
  const organisation = await selectOrganisation(ctx.db, id);
  if (!organisation) throw notFound("The organisation");
  assertAllowed(ctx.actor, "organisation", "read", organisationScope(id), "The organisation");
  const [memberships, members, contactPersons] = await Promise.all([
    selectMemberships(ctx.db, { organisationId: id }),
    selectMemberships(ctx.db, { networkId: id }),
    selectContactPersons(ctx.db, { organisationId: id }),
  ]);
  return {
    ...organisation,
    memberships,
    members,
    contactPersons,
    canEdit: isAllowed(ctx.actor, "organisation", "update", organisationScope(id)),
    canDelete: isAllowed(ctx.actor, "organisation", "delete", organisationScope(id)),
  };
}

/** Registers one organisation: the bulk path with one input, its errors at the organisation's own paths. */
export async function createOrganisation(
  ctx: ServiceContext,
  input: OrganisationInput,
): Promise<Organisation> {
  const [created] = await createInBulk(ctx, [input], "single");
  if (!created) throw new Error("a bulk of one created no organisation");
  return created;
}

/** Creates every input with one name check and a few multi-row statements; field paths start with the index ("3.name"). */
export async function createOrganisationsInBulk(
  ctx: ServiceContext,
  inputs: readonly OrganisationInput[],
): Promise<Organisation[]> {
  return createInBulk(ctx, inputs, "bulk");
}

async function createInBulk(
  ctx: ServiceContext,
  inputs: readonly OrganisationInput[],
  mode: "single" | "bulk",
): Promise<Organisation[]> {
  assertAllowedOnResource(ctx.actor, "organisation", "create");
  const pathOf = (i: number, path: string) => (mode === "single" ? path : `${i}.${path}`);
  const fields = inputs.map((input, i) => {
    try {
      return fieldsFromValues(parseInput(OrganisationInputSchema, input));
    } catch (error) {
      if (error instanceof AppError && error.kind === "validation")
        throw invalid(error.errors.map((e) => ({ ...e, path: pathOf(i, e.path) })));
      throw error;
    }
  });
  const keys = fields.map((f) => organisationNameKey(f.name));
  const duplicates = keys.flatMap((key, i) =>
    keys.indexOf(key) < i
      ? [
          {
            path: pathOf(i, "name"),
            message: `"${fields[i]?.name}" is given twice.`,
            code: "duplicate",
            in: "body" as const,
          },
        ]
      : [],
  );
  if (duplicates.length > 0) throw conflict("The same organisation is given twice.", duplicates);
  try {
    return await inTransaction(ctx, async ({ db: tx }) => {
      const existing = new Map(
        (await selectOrganisationsByNameKeys(tx, [...new Set(keys)])).map((o) => [
          organisationNameKey(o.name),
          o,
        ]),
      );
      const taken = keys.flatMap((key, i) => {
        const found = existing.get(key);
        return found
          ? [
              {
                path: pathOf(i, "name"),
                message: `"${found.name}" is already registered.`,
                code: "duplicate",
                in: "body" as const,
              },
            ]
          : [];
      });
      if (taken.length > 0) {
        const [first] = existing.values();
        throw conflict(
          mode === "single" && first
            ? `An organisation named "${first.name}" already exists.`
            : "Some of these organisations already exist.",
          taken,
        );
      }
      const created = await insertOrganisations(tx, fields);
      await recordChanges(
        tx,
        ctx.actor,
        created.map((o) => ({
          action: "create" as const,
          entityType: ENTITY,
          entityId: o.id,
          entityLabel: o.name,
          before: null,
          after: o,
        })),
      );
      return created;
    });
  } catch (error) {
    return nameConflictFrom(error);
  }
}

export async function updateOrganisation(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Organisation> {
  const changes = parseInput(OrganisationPatchSchema, patch);
  try {
    return await inTransaction(ctx, async ({ db: tx }) => {
      const current = await selectOrganisation(tx, id, { forUpdate: true });
      if (!current) throw notFound("The organisation");
      assertAllowed(ctx.actor, "organisation", "update", organisationScope(id), "The organisation");
      if (current.version !== expectedVersion) throw preconditionFailed(current.version);
      const next = fieldsFromValues({
        ...current,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      } as Parameters<typeof fieldsFromValues>[0]);
      if (changes.name !== undefined) await assertNameFree(tx, next.name, id);
      const updated = await updateOrganisationRow(tx, id, expectedVersion, next);
      if (!updated) throw preconditionFailed(current.version);
      await recordChange(tx, ctx.actor, {
        action: "update",
        entityType: ENTITY,
        entityId: id,
        entityLabel: updated.name,
        before: current,
        after: updated,
      });
      return updated;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    return nameConflictFrom(error);
  }
}

/**
 * Deactivates an organisation as of today (Kigali), or reactivates it. Its reporting obligations then expect no
 * report for a period starting after the day of deactivation (the reports before it stay counted); reactivating
 * expects them again from the first period starting after the day of reactivation. Administrators and
 * coordinators only (policy: organisation_status).
 */
export async function changeOrganisationStatus(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  change: "deactivate" | "reactivate",
): Promise<Organisation> {
  return inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectOrganisation(tx, id, { forUpdate: true });
    if (!current) throw notFound("The organisation");
    assertAllowed(ctx.actor, "organisation_status", "update", organisationScope(id), "The organisation");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (change === "deactivate" && current.deactivatedOn !== null)
      throw conflict(`${current.name} was already deactivated on ${current.deactivatedOn}.`);
    if (change === "reactivate" && current.deactivatedOn === null)
      throw conflict(`${current.name} is active; there is nothing to reactivate.`);
    const updated = await updateOrganisationStatus(tx, id, expectedVersion, {
      deactivate: change === "deactivate",
      day: todayOf(ctx),
    });
    if (!updated) throw preconditionFailed(current.version);
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: updated.name,
      before: current,
      after: updated,
    });
    return updated;
  });
}

/** What a table whose rows name an organisation makes of it, for the refusal of its deletion. */
const KEPT_BY: Record<string, string> = {
  partnership_member: "a member of a partnership",
  lesson: "the author of lessons in the library",
  programme: "the lead of a programme",
  programme_organisation: "a partner of a programme",
  reporting_body: "a reporting body",
  reporting_obligation: "under a reporting obligation",
  submission: "the author of reports",
  meeting_action_item: "responsible for action items of district meetings",
};

export async function deleteOrganisation(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async ({ db: tx }) => {
    const current = await selectOrganisation(tx, id, { forUpdate: true });
    if (!current) throw notFound("The organisation");
    assertAllowed(ctx.actor, "organisation", "delete", organisationScope(id), "The organisation");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    // Agreements keep their parties: the database refuses the delete, so say why first.
    const agreements = await countAgreementsWithParty(tx, id);
    if (agreements > 0) {
      throw conflict(
        `${current.name} is a party to ${agreements} ${agreements === 1 ? "agreement" : "agreements"}; remove it from them first.`,
      );
    }
    const memberships = [
      ...(await selectMemberships(tx, { organisationId: id })),
      ...(await selectMemberships(tx, { networkId: id })),
    ];
    try {
      if (!(await deleteOrganisationRow(tx, id, expectedVersion))) throw preconditionFailed(current.version);
    } catch (error) {
      // Other modules keep what names it (a partnership's members, a lesson's author, reporting bodies…): the
      // database refuses, and the answer says which.
      if (isForeignKeyViolation(error)) {
        const kept = KEPT_BY[tableOfError(error) ?? ""];
        throw conflict(
          kept
            ? `${current.name} is still ${kept}; remove it from there first.`
            : `${current.name} has records that keep it (reporting obligations, reports, a reporting body, or action items of district meetings); end or remove them first.`,
        );
      }
      throw error;
    }
    await recordMembershipsRemovedWith(tx, ctx.actor, memberships);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: current.name,
      before: current,
      after: null,
    });
  });
}

export async function getOrganisationHistory(ctx: ServiceContext, id: string): Promise<AuditEntry[]> {
  // History stays readable after deletion for those who could read the record.
  assertAllowed(ctx.actor, "organisation", "read", organisationScope(id), "The organisation");
  const entries = await listHistory(ctx.db, ENTITY, id);
  if (entries.length === 0 && !(await selectOrganisation(ctx.db, id))) throw notFound("The organisation");
  return entries;
}
