// Memberships: an organisation's places in networks, edited with the member organisation's rights, each versioned.
import type { Executor } from "../../db/client";
import {
  type Action,
  type Actor,
  addChild,
  assertAllowed,
  type ChildDefinition,
  changeChild,
  type ParentRecord,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import {
  deleteMembershipRow,
  insertMembership,
  selectMemberships,
  updateMembershipRow,
} from "./memberships.store";
import { organisationScope } from "./organisation-scope";
import { type Membership, type MembershipInput, MembershipInputSchema } from "./organisations.schema";
import { selectOrganisation } from "./organisations.store";

const MEMBERSHIP_ENTITY = "membership";

const membershipLabel = (m: Membership) => `${m.organisationName} → ${m.networkName}`;

/**
 * Memberships as children of the member organisation, authorised for `action` (the policy has a row per action).
 * The organisation is not locked, unlike most parents: a membership does not change its organisation, the foreign
 * keys keep both organisations while it is written, and a FOR UPDATE here would deadlock two people adding A→B
 * and B→A (each insert key-shares the other's row).
 */
function membershipOf(action: Exclude<Action, "read">): ChildDefinition<ParentRecord, Membership> {
  return {
    parentEntityType: "organisation",
    entityType: MEMBERSHIP_ENTITY,
    notFoundLabel: "The membership",
    parentKey: "organisationId",
    async loadParent(tx, actor, organisationId) {
      const organisation = await selectOrganisation(tx, organisationId);
      if (!organisation) throw notFound("The organisation");
      assertAllowed(actor, "membership", action, organisationScope(organisationId), "The organisation");
      return { id: organisation.id, label: organisation.name };
    },
    async loadChild(tx, organisation, id, { forUpdate }) {
      const [row] = await selectMemberships(tx, { id, organisationId: organisation.id, forUpdate });
      return row ?? null;
    },
    label: membershipLabel,
    // The organisation's history shows each membership by its network and role.
    historyKey: "membership",
    historyLine: (m) => `${m.networkName} (${m.role})`,
  };
}

const toAdd = membershipOf("create");
const toChange = membershipOf("update");
const toRemove = membershipOf("delete");

async function assertNetworkExists(db: Executor, networkId: string, organisationId: string): Promise<void> {
  if (networkId === organisationId) {
    throw invalid([
      { path: "networkId", message: "An organisation cannot be a member of itself.", in: "body" },
    ]);
  }
  if (!(await selectOrganisation(db, networkId))) {
    throw invalid([{ path: "networkId", message: "No organisation has this id.", in: "body" }]);
  }
}

export async function addMembership(
  ctx: ServiceContext,
  organisationId: string,
  input: MembershipInput,
): Promise<Membership> {
  const values = parseInput(MembershipInputSchema, input);
  return addChild(ctx, toAdd, organisationId, async ({ db }) => {
    await assertNetworkExists(db, values.networkId, organisationId);
    return insertMembership(db, {
      organisationId,
      networkId: values.networkId,
      role: values.role,
      roleNote: values.roleNote ?? null,
      startYear: values.startYear ?? null,
      endYear: values.endYear ?? null,
    });
  });
}

/** Replaces a membership (PUT): every field comes from the input. */
export async function updateMembership(
  ctx: ServiceContext,
  organisationId: string,
  membershipId: string,
  expectedVersion: number,
  input: MembershipInput,
): Promise<Membership> {
  const values = parseInput(MembershipInputSchema, input);
  return changeChild(ctx, toChange, organisationId, membershipId, expectedVersion, async ({ db }) => {
    await assertNetworkExists(db, values.networkId, organisationId);
    return updateMembershipRow(db, membershipId, expectedVersion, {
      networkId: values.networkId,
      role: values.role,
      roleNote: values.roleNote ?? null,
      startYear: values.startYear ?? null,
      endYear: values.endYear ?? null,
    });
  });
}

export async function removeMembership(
  ctx: ServiceContext,
  organisationId: string,
  membershipId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, toRemove, organisationId, membershipId, expectedVersion, ({ db }) =>
    deleteMembershipRow(db, membershipId, expectedVersion),
  );
}

/**
 * The history entries of memberships a deleted organisation took with it (the database cascades them, on either
 * side): each membership keeps its own entry, as when removed one by one.
 */
export async function recordMembershipsRemovedWith(
  tx: Executor,
  actor: Actor,
  memberships: readonly Membership[],
): Promise<void> {
  for (const m of memberships) {
    await recordChange(tx, actor, {
      action: "delete",
      entityType: MEMBERSHIP_ENTITY,
      entityId: m.id,
      entityLabel: membershipLabel(m),
      before: m,
      after: null,
    });
  }
}
