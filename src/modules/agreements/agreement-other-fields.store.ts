// Queries of an agreement's other fields (agreement_other_field): the columns a document had that the register has not.
import { randomUUID } from "node:crypto";
import { and, asc, eq, max, sql } from "drizzle-orm";
import { arrayParam, type Executor } from "../../db/client";
import { insertRows } from "../../db/insert-rows";
import type { AgreementOtherField } from "./agreements.schema";
import { byAgreement } from "./agreements.store";
import { agreementOtherFieldTable } from "./agreements.table";

export type OtherFieldRow = { agreementId: string; position: number; label: string; value: string };

const columns = {
  id: agreementOtherFieldTable.id,
  label: agreementOtherFieldTable.label,
  value: agreementOtherFieldTable.value,
  position: agreementOtherFieldTable.position,
  version: agreementOtherFieldTable.version,
};

/** Inserts other fields of several agreements, in as few statements as possible; their ids in the order given. */
export async function insertOtherFields(db: Executor, rows: readonly OtherFieldRow[]): Promise<string[]> {
  const values = rows.map((r) => ({ id: randomUUID(), ...r }));
  await insertRows(db, agreementOtherFieldTable, values);
  return values.map((v) => v.id);
}

/** The other fields of several agreements, each in its order, in one query. */
export async function selectOtherFieldsOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, AgreementOtherField[]>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select({ agreementId: agreementOtherFieldTable.agreementId, ...columns })
    .from(agreementOtherFieldTable)
    .where(
      sql`${agreementOtherFieldTable.agreementId} = any(${arrayParam([...new Set(agreementIds)], "uuid")})`,
    )
    .orderBy(
      asc(agreementOtherFieldTable.agreementId),
      asc(agreementOtherFieldTable.position),
      asc(agreementOtherFieldTable.createdAt),
    );
  return byAgreement(rows, ({ agreementId: _agreement, ...r }) => r);
}

/** One agreement's other fields, or the one with `id`; `forUpdate` locks the rows read. */
export async function selectOtherFields(
  db: Executor,
  agreementId: string,
  options: { id?: string; forUpdate?: boolean } = {},
): Promise<AgreementOtherField[]> {
  const conditions = [eq(agreementOtherFieldTable.agreementId, agreementId)];
  if (options.id) conditions.push(eq(agreementOtherFieldTable.id, options.id));
  const query = db
    .select(columns)
    .from(agreementOtherFieldTable)
    .where(and(...conditions))
    .orderBy(asc(agreementOtherFieldTable.position), asc(agreementOtherFieldTable.createdAt));
  return options.forUpdate ? query.for("update") : query;
}

export async function nextOtherFieldPosition(db: Executor, agreementId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(agreementOtherFieldTable.position) })
    .from(agreementOtherFieldTable)
    .where(eq(agreementOtherFieldTable.agreementId, agreementId));
  return row?.last == null ? 0 : row.last + 1;
}
