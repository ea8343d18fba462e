// Partnerships: list, read, create, edit and delete a coalition, platform, consortium or network, with its links to
// agreements and programmes; each write checked against the policy, versioned and audited.
import type { Executor } from "../../db/client";
import {
  type Action,
  type Actor,
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { periodErrors, readPeriod } from "./partnership-period";
import { partnershipScope } from "./partnership-scope";
import {
  type Member,
  type MemberInput,
  type Partnership,
  PartnershipInputSchema,
  type PartnershipListQuery,
  PartnershipPatchSchema,
  type PartnershipSummary,
} from "./partnerships.schema";
import {
  deletePartnershipRow,
  insertMember,
  insertPartnership,
  type PartnershipRow,
  replaceLinks,
  selectExistingIds,
  selectLinks,
  selectMembers,
  selectPartnership,
  selectPartnershipByName,
  selectPartnerships,
  updatePartnershipRow,
} from "./partnerships.store";

export const ENTITY = "partnership";
export const PARTNERSHIP_LABEL = "The partnership";

export type LoadedPartnership = PartnershipRow & { members: Member[]; label: string };

/** Loads a partnership with its members (locked when it is to change) and checks the actor may do `action`. */
export async function loadAuthorisedPartnership(
  db: Executor,
  actor: Actor,
  id: string,
  action: Action,
): Promise<LoadedPartnership> {
  const row = await selectPartnership(db, id, { forUpdate: action !== "read" });
  if (!row) throw notFound(PARTNERSHIP_LABEL);
  const members = await selectMembers(db, [id]);
  assertAllowed(actor, ENTITY, action, partnershipScope(members), PARTNERSHIP_LABEL);
  return { ...row, members, label: row.name };
}

const summaryMember = (m: Member) => ({
  organisationId: m.organisationId,
  name: m.name,
  acronym: m.acronym,
  role: m.role,
});

export async function listPartnerships(
  ctx: ServiceContext,
  query: PartnershipListQuery,
): Promise<PartnershipSummary[]> {
  // Partnerships are read across the sector (decision 028): the policy says whether this reader reads any.
  if (!isAllowed(ctx.actor, ENTITY, "read")) return [];
  const rows = await selectPartnerships(ctx.db, query);
  const members = await selectMembers(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    acronym: r.acronym,
    kind: r.kind,
    period: readPeriod(r.startsOn, r.endsOn),
    members: members.filter((m) => m.partnershipId === r.id).map(summaryMember),
    version: r.version,
  }));
}

async function present(ctx: ServiceContext, row: PartnershipRow): Promise<Partnership> {
  const [members, links] = await Promise.all([selectMembers(ctx.db, [row.id]), selectLinks(ctx.db, row.id)]);
  return {
    id: row.id,
    name: row.name,
    acronym: row.acronym,
    kind: row.kind,
    description: row.description,
    objectives: row.objectives,
    period: readPeriod(row.startsOn, row.endsOn),
    members: members.map(({ partnershipId: _p, ...m }) => m),
    agreements: links.agreements,
    programmes: links.programmes,
    canEdit: isAllowed(ctx.actor, ENTITY, "update", partnershipScope(members)),
    version: row.version,
  };
}

export async function getPartnership(ctx: ServiceContext, id: string): Promise<Partnership> {
  return present(ctx, await loadAuthorisedPartnership(ctx.db, ctx.actor, id, "read"));
}

/** What the audit entry keeps of a partnership: its fields and links (members have their own entries). */
async function snapshot(db: Executor, id: string): Promise<Record<string, unknown> | null> {
  const row = await selectPartnership(db, id);
  if (!row) return null;
  const links = await selectLinks(db, id);
  return {
    ...row,
    agreementIds: links.agreements.map((a) => a.id),
    programmeIds: links.programmes.map((p) => p.id),
  };
}

async function audit(
  db: Executor,
  actor: Actor,
  action: "create" | "update" | "delete",
  label: string,
  id: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  await recordChange(db, actor, {
    action,
    entityType: ENTITY,
    entityId: id,
    entityLabel: label,
    before,
    after,
  });
}

/** Refuses ids that name no organisation, agreement or programme, at their place in the list. */
async function checkReferences(
  db: Executor,
  refs: {
    agreementIds?: readonly string[] | undefined;
    programmeIds?: readonly string[] | undefined;
    members?: readonly MemberInput[] | undefined;
  },
): Promise<void> {
  const errors: FieldError[] = [];
  const check = async (
    kind: "organisation" | "agreement" | "programme",
    ids: readonly string[] | undefined,
    path: (i: number) => string,
    message: string,
  ) => {
    if (!ids || ids.length === 0) return;
    const found = await selectExistingIds(db, kind, ids);
    ids.forEach((id, i) => {
      if (!found.has(id)) errors.push({ path: path(i), message, in: "body" });
    });
  };
  await check("agreement", refs.agreementIds, (i) => `agreementIds.${i}`, "No agreement has this id.");
  await check("programme", refs.programmeIds, (i) => `programmeIds.${i}`, "No programme has this id.");
  await check(
    "organisation",
    refs.members?.map((m) => m.organisationId),
    (i) => `members.${i}.organisationId`,
    "No organisation has this id.",
  );
  const seen = new Set<string>();
  refs.members?.forEach((m, i) => {
    if (seen.has(m.organisationId))
      errors.push({
        path: `members.${i}.organisationId`,
        message: "This organisation is listed twice.",
        in: "body",
      });
    seen.add(m.organisationId);
  });
  if (errors.length > 0) throw invalid(errors);
}

const duplicateName = () =>
  conflict("A partnership of this name exists.", [
    { path: "name", message: "A partnership of this name exists.", code: "duplicate", in: "body" },
  ]);

/** Creates a partnership with its first members and links. Partner staff must name their organisation as a keeper. */
export async function createPartnership(ctx: ServiceContext, input: unknown): Promise<Partnership> {
  const values = parseInput(PartnershipInputSchema, input);
  const periodProblems = periodErrors(values.startsOn, values.endsOn);
  if (periodProblems.length > 0) throw invalid(periodProblems);
  return inTransaction(ctx, async (tx) => {
    assertAllowedOnResource(tx.actor, ENTITY, "create", partnershipScope(values.members));
    await checkReferences(tx.db, values);
    const id = await insertPartnership(tx.db, {
      name: values.name,
      acronym: values.acronym,
      kind: values.kind,
      description: values.description,
      objectives: values.objectives,
      startsOn: values.startsOn,
      endsOn: values.endsOn,
    });
    if (!id) throw duplicateName();
    for (const member of values.members) await insertMember(tx.db, id, member);
    await replaceLinks(tx.db, id, "agreement", values.agreementIds);
    await replaceLinks(tx.db, id, "programme", values.programmeIds);
    const created = await snapshot(tx.db, id);
    await audit(tx.db, tx.actor, "create", values.name, id, null, { ...created, members: values.members });
    const row = await selectPartnership(tx.db, id);
    if (!row) throw notFound(PARTNERSHIP_LABEL);
    return present(tx, row);
  });
}

export async function updatePartnership(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Partnership> {
  const changes = parseInput(PartnershipPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedPartnership(tx.db, tx.actor, id, "update");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const startsOn = changes.startsOn === undefined ? current.startsOn : changes.startsOn;
    const endsOn = changes.endsOn === undefined ? current.endsOn : changes.endsOn;
    const periodProblems = periodErrors(startsOn, endsOn);
    if (periodProblems.length > 0) throw invalid(periodProblems);
    await checkReferences(tx.db, changes);
    const before = await snapshot(tx.db, id);
    const { agreementIds, programmeIds, ...fields } = changes;
    if (fields.name) {
      const named = await selectPartnershipByName(tx.db, fields.name);
      if (named && named.id !== id) throw duplicateName();
    }
    if (!(await updatePartnershipRow(tx.db, id, expectedVersion, fields)))
      throw preconditionFailed(current.version);
    if (agreementIds) await replaceLinks(tx.db, id, "agreement", agreementIds);
    if (programmeIds) await replaceLinks(tx.db, id, "programme", programmeIds);
    const after = await snapshot(tx.db, id);
    const updated = await selectPartnership(tx.db, id);
    if (!updated) throw notFound(PARTNERSHIP_LABEL);
    await audit(tx.db, tx.actor, "update", updated.name, id, before, after);
    return present(tx, updated);
  });
}

export async function deletePartnership(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedPartnership(tx.db, tx.actor, id, "delete");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const before = await snapshot(tx.db, id);
    if (!(await deletePartnershipRow(tx.db, id, expectedVersion))) throw preconditionFailed(current.version);
    await audit(tx.db, tx.actor, "delete", current.name, id, before, null);
  });
}
