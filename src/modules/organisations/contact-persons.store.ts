// Contact person queries: the people to reach at an organisation, in the order they were recorded.
import { and, asc, count, eq, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import type { ContactPerson } from "./organisations.schema";
import { contactPersonTable } from "./organisations.table";

const selection = {
  id: contactPersonTable.id,
  organisationId: contactPersonTable.organisationId,
  name: contactPersonTable.name,
  function: contactPersonTable.function,
  email: contactPersonTable.email,
  phone: contactPersonTable.phone,
  version: contactPersonTable.version,
};

export async function selectContactPersons(
  db: Executor,
  by: { organisationId: string; id?: string; forUpdate?: boolean },
): Promise<ContactPerson[]> {
  const conditions: SQL[] = [eq(contactPersonTable.organisationId, by.organisationId)];
  if (by.id) conditions.push(eq(contactPersonTable.id, by.id));
  const query = db
    .select(selection)
    .from(contactPersonTable)
    .where(and(...conditions))
    .orderBy(asc(contactPersonTable.recordedSeq));
  return by.forUpdate ? query.for("update") : query;
}

export async function countContactPersons(db: Executor, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(contactPersonTable)
    .where(eq(contactPersonTable.organisationId, organisationId));
  return row?.n ?? 0;
}

export type ContactPersonFields = {
  name: string;
  function: string | null;
  email: string | null;
  phone: string | null;
};

export async function insertContactPerson(
  db: Executor,
  organisationId: string,
  fields: ContactPersonFields,
): Promise<string> {
  const [row] = await db
    .insert(contactPersonTable)
    .values({ organisationId, ...fields })
    .returning({ id: contactPersonTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Updates only at the version the client read; false when someone changed it in between. */
export async function updateContactPersonRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: ContactPersonFields,
): Promise<boolean> {
  const rows = await db
    .update(contactPersonTable)
    .set({ ...fields, ...nextVersion(contactPersonTable) })
    .where(atVersion(contactPersonTable, id, expectedVersion))
    .returning({ id: contactPersonTable.id });
  return rows.length > 0;
}

export async function deleteContactPersonRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(contactPersonTable)
    .where(atVersion(contactPersonTable, id, expectedVersion))
    .returning({ id: contactPersonTable.id });
  return rows.length > 0;
}
