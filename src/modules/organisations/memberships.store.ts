// Membership queries: an organisation's places in networks and associations, with both names joined.
import { aliasedTable, and, asc, eq, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import type { Membership, MembershipRole } from "./organisations.schema";
import { membershipTable, organisationTable } from "./organisations.table";

const network = aliasedTable(organisationTable, "network");
const member = aliasedTable(organisationTable, "member");

function membershipSelection() {
  return {
    id: membershipTable.id,
    organisationId: membershipTable.organisationId,
    organisationName: member.name,
    networkId: membershipTable.networkId,
    networkName: network.name,
    role: membershipTable.role,
    roleNote: membershipTable.roleNote,
    startYear: membershipTable.startYear,
    endYear: membershipTable.endYear,
    version: membershipTable.version,
  };
}

type MembershipRow = Omit<Membership, "role"> & { role: string };
const toMembership = (row: MembershipRow): Membership => ({ ...row, role: row.role as MembershipRole });

export async function selectMemberships(
  db: Executor,
  by: { organisationId?: string; networkId?: string; id?: string; forUpdate?: boolean },
): Promise<Membership[]> {
  const conditions: SQL[] = [];
  if (by.organisationId) conditions.push(eq(membershipTable.organisationId, by.organisationId));
  if (by.networkId) conditions.push(eq(membershipTable.networkId, by.networkId));
  if (by.id) conditions.push(eq(membershipTable.id, by.id));
  const query = db
    .select(membershipSelection())
    .from(membershipTable)
    .innerJoin(member, eq(member.id, membershipTable.organisationId))
    .innerJoin(network, eq(network.id, membershipTable.networkId))
    .where(and(...conditions))
    .orderBy(asc(network.name), asc(member.name), asc(membershipTable.startYear));
  // Only the membership row: locking the joined organisations would block their edits and other memberships' inserts.
  const rows = by.forUpdate ? await query.for("update", { of: membershipTable }) : await query;
  return rows.map(toMembership);
}

export type MembershipFields = {
  organisationId: string;
  networkId: string;
  role: MembershipRole;
  roleNote: string | null;
  startYear: number | null;
  endYear: number | null;
};

export async function insertMembership(db: Executor, fields: MembershipFields): Promise<string> {
  const [row] = await db.insert(membershipTable).values(fields).returning({ id: membershipTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Updates only at the version the client read; false when someone changed it in between. */
export async function updateMembershipRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Omit<MembershipFields, "organisationId">,
): Promise<boolean> {
  const rows = await db
    .update(membershipTable)
    .set({ ...fields, ...nextVersion(membershipTable) })
    .where(atVersion(membershipTable, id, expectedVersion))
    .returning({ id: membershipTable.id });
  return rows.length > 0;
}

export async function deleteMembershipRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(membershipTable)
    .where(atVersion(membershipTable, id, expectedVersion))
    .returning({ id: membershipTable.id });
  return rows.length > 0;
}
