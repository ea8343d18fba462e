// A partnership's members: add an organisation with its role, change the role, remove it; with the partnership's
// rights, through the kernel's child helpers (versioned, audited on the member and in the partnership's history).
import {
  addChild,
  assertChangeStaysInScope,
  type ChildDefinition,
  changeChild,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { conflict, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { partnershipScope } from "./partnership-scope";
import { type Member, MemberInputSchema, MemberPatchSchema, type MemberRole } from "./partnerships.schema";
import { type LoadedPartnership, loadAuthorisedPartnership } from "./partnerships.service";
import {
  deleteMemberRow,
  insertMember,
  selectExistingIds,
  selectMembers,
  updateMemberRow,
} from "./partnerships.store";

export const MEMBER_LABEL = "The member";

const memberChild: ChildDefinition<LoadedPartnership, Member> = {
  parentEntityType: "partnership",
  entityType: "partnership_member",
  notFoundLabel: MEMBER_LABEL,
  parentKey: "partnershipId",
  historyKey: "member",
  loadParent: (tx, actor, id) => loadAuthorisedPartnership(tx, actor, id, "update"),
  loadChild: async (tx, parent, childId, options) => {
    const [row] = await selectMembers(tx, [parent.id], { memberId: childId, forUpdate: options.forUpdate });
    if (!row) return null;
    const { partnershipId: _p, ...member } = row;
    return member;
  },
  label: (m) => m.name,
  historyLine: (m) => ({ organisation: m.name, role: m.role }),
};

/**
 * A partner's editor keeps the partnership through their organisation's membership: a change that would leave them
 * outside it (their organisation removed or made a donor) is refused, so nobody locks themselves out by mistake.
 */
function assertStaysInScope(
  ctx: ServiceContext,
  parent: LoadedPartnership,
  after: readonly { organisationId: string; role: MemberRole }[],
): void {
  assertChangeStaysInScope(
    ctx.actor,
    "partnership",
    partnershipScope(parent.members),
    partnershipScope(after),
  );
}

export function addMember(ctx: ServiceContext, partnershipId: string, input: unknown): Promise<Member> {
  const values = parseInput(MemberInputSchema, input);
  return addChild(ctx, memberChild, partnershipId, async (tx, parent) => {
    if ((await selectExistingIds(tx.db, "organisation", [values.organisationId])).size === 0)
      throw invalid([{ path: "organisationId", message: "No organisation has this id.", in: "body" }]);
    const id = await insertMember(tx.db, parent.id, values);
    if (!id)
      throw conflict("This organisation already is a member.", [
        { path: "organisationId", message: "Already a member.", code: "duplicate", in: "body" },
      ]);
    return id;
  });
}

export function updateMember(
  ctx: ServiceContext,
  partnershipId: string,
  memberId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Member> {
  const changes = parseInput(MemberPatchSchema, patch);
  return changeChild(
    ctx,
    memberChild,
    partnershipId,
    memberId,
    expectedVersion,
    async (tx, current, parent) => {
      assertStaysInScope(
        tx,
        parent,
        parent.members.map((m) => (m.id === current.id ? { ...m, role: changes.role } : m)),
      );
      return updateMemberRow(tx.db, memberId, expectedVersion, changes.role);
    },
  );
}

export function removeMember(
  ctx: ServiceContext,
  partnershipId: string,
  memberId: string,
  expectedVersion: number,
): Promise<void> {
  return removeChild(
    ctx,
    memberChild,
    partnershipId,
    memberId,
    expectedVersion,
    async (tx, current, parent) => {
      if (!parent.members.some((m) => m.id === current.id)) throw notFound(MEMBER_LABEL);
      assertStaysInScope(
        tx,
        parent,
        parent.members.filter((m) => m.id !== current.id),
      );
      return deleteMemberRow(tx.db, memberId, expectedVersion);
    },
  );
}
