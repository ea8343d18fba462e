// Commitment queries.
import { randomUUID } from "node:crypto";
import { aliasedTable, and, asc, eq, inArray, max, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { insertRows } from "../../db/insert-rows";
import { organisationTable } from "../organisations/organisations.table";
import type { Commitment, CommitmentStatus } from "./agreements.schema";
import { byAgreement } from "./agreements.store";
import { commitmentTable, progressEntryTable } from "./agreements.table";

// Commitments.

export type CommitmentFields = {
  text: string;
  responsibleOrganisationId: string | null;
  status: CommitmentStatus;
  dueOn: string | null;
};

export const responsible = aliasedTable(organisationTable, "responsible");

/** selectCommitments for several agreements in one query. */
export async function selectCommitmentsOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, Commitment[]>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select({
      agreementId: commitmentTable.agreementId,
      id: commitmentTable.id,
      text: commitmentTable.text,
      responsibleOrganisationId: commitmentTable.responsibleOrganisationId,
      responsibleOrganisationName: responsible.name,
      status: commitmentTable.status,
      dueOn: commitmentTable.dueOn,
      position: commitmentTable.position,
      version: commitmentTable.version,
    })
    .from(commitmentTable)
    .leftJoin(responsible, eq(responsible.id, commitmentTable.responsibleOrganisationId))
    .where(inArray(commitmentTable.agreementId, [...agreementIds]))
    .orderBy(asc(commitmentTable.agreementId), asc(commitmentTable.position), asc(commitmentTable.createdAt));
  return byAgreement(rows, ({ agreementId: _agreement, ...r }) => ({
    ...r,
    status: r.status as CommitmentStatus,
  }));
}

export async function selectCommitments(
  db: Executor,
  agreementId: string,
  options: { id?: string; forUpdate?: boolean } = {},
): Promise<Commitment[]> {
  const conditions = [eq(commitmentTable.agreementId, agreementId)];
  if (options.id) conditions.push(eq(commitmentTable.id, options.id));
  const query = db
    .select({
      id: commitmentTable.id,
      text: commitmentTable.text,
      responsibleOrganisationId: commitmentTable.responsibleOrganisationId,
      responsibleOrganisationName: responsible.name,
      status: commitmentTable.status,
      dueOn: commitmentTable.dueOn,
      position: commitmentTable.position,
      version: commitmentTable.version,
    })
    .from(commitmentTable)
    .leftJoin(responsible, eq(responsible.id, commitmentTable.responsibleOrganisationId))
    .where(and(...conditions))
    .orderBy(asc(commitmentTable.position), asc(commitmentTable.createdAt));
  const rows = options.forUpdate ? await query.for("update", { of: commitmentTable }) : await query;
  return rows.map((r) => ({ ...r, status: r.status as CommitmentStatus }));
}

export async function nextCommitmentPosition(db: Executor, agreementId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(commitmentTable.position) })
    .from(commitmentTable)
    .where(eq(commitmentTable.agreementId, agreementId));
  return row?.last == null ? 0 : row.last + 1;
}

export async function insertCommitment(
  db: Executor,
  agreementId: string,
  position: number,
  fields: CommitmentFields,
): Promise<string> {
  const [row] = await db
    .insert(commitmentTable)
    .values({ agreementId, position, ...fields })
    .returning({ id: commitmentTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Commitments of new agreements; returns their ids in the order given. */
export async function insertCommitments(
  db: Executor,
  rows: ({ agreementId: string; position: number } & CommitmentFields)[],
): Promise<string[]> {
  const values = rows.map((r) => ({ id: randomUUID(), ...r }));
  await insertRows(db, commitmentTable, values);
  return values.map((v) => v.id);
}

export async function updateCommitmentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: CommitmentFields,
): Promise<boolean> {
  const rows = await db
    .update(commitmentTable)
    .set({ ...fields, version: expectedVersion + 1, updatedAt: new Date() })
    .where(and(eq(commitmentTable.id, id), eq(commitmentTable.version, expectedVersion)))
    .returning({ id: commitmentTable.id });
  return rows.length > 0;
}

export async function deleteCommitmentRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(commitmentTable)
    .where(and(eq(commitmentTable.id, id), eq(commitmentTable.version, expectedVersion)))
    .returning({ id: commitmentTable.id });
  return rows.length > 0;
}

/** Progress entries linked to a removed commitment keep their text and lose the link. */
export async function unlinkCommitmentFromProgress(
  db: Executor,
  agreementId: string,
  commitmentId: string,
): Promise<void> {
  await db
    .update(progressEntryTable)
    .set({ commitmentIds: sql`array_remove(${progressEntryTable.commitmentIds}, ${commitmentId}::uuid)` })
    .where(
      and(
        eq(progressEntryTable.agreementId, agreementId),
        sql`${commitmentId}::uuid = any(${progressEntryTable.commitmentIds})`,
      ),
    );
}
