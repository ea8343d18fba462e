// Progress entry queries, for one agreement and across the register.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { insertRows } from "../../db/insert-rows";
import type { ProgressEntry, ProgressKind } from "./agreements.schema";
import { byAgreement } from "./agreements.store";
import { agreementTable, progressEntryTable } from "./agreements.table";

// Progress entries.

type ProgressRow = typeof progressEntryTable.$inferSelect;

/** Planned, not done, and due before today. */
export const isOverdue = (
  entry: { kind: string; done: boolean; dueOn: string | null },
  today: string,
): boolean => entry.kind === "planned" && !entry.done && entry.dueOn !== null && entry.dueOn < today;

export function toProgressEntry(row: ProgressRow, today: string): ProgressEntry {
  return {
    id: row.id,
    kind: row.kind as ProgressKind,
    text: row.text,
    entryDate: row.entryDate,
    dateReported: row.dateReported,
    dueOn: row.dueOn,
    done: row.done,
    overdue: isOverdue(row, today),
    commitmentIds: row.commitmentIds,
    placeIds: row.placeIds,
    createdBy: row.createdBy,
    version: row.version,
  };
}

export type ProgressFields = {
  kind: ProgressKind;
  text: string;
  entryDate: string;
  /** False: the source gave no day (defaults to true). */
  dateReported?: boolean;
  dueOn: string | null;
  done: boolean;
  commitmentIds: string[];
  placeIds: string[];
};

/** Newest first: by the day the entry is about, then by when it was written. */
/** selectProgress for several agreements in one query. */
export async function selectProgressOf(
  db: Executor,
  agreementIds: readonly string[],
  today: string,
): Promise<Map<string, ProgressEntry[]>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(progressEntryTable)
    .where(inArray(progressEntryTable.agreementId, [...agreementIds]))
    .orderBy(
      asc(progressEntryTable.agreementId),
      desc(progressEntryTable.entryDate),
      desc(progressEntryTable.createdAt),
      asc(progressEntryTable.id),
    );
  return byAgreement(rows, (r) => toProgressEntry(r, today));
}

export async function selectProgress(
  db: Executor,
  agreementId: string,
  today: string,
  options: { id?: string; forUpdate?: boolean } = {},
): Promise<ProgressEntry[]> {
  const conditions = [eq(progressEntryTable.agreementId, agreementId)];
  if (options.id) conditions.push(eq(progressEntryTable.id, options.id));
  const query = db
    .select()
    .from(progressEntryTable)
    .where(and(...conditions))
    .orderBy(
      desc(progressEntryTable.entryDate),
      desc(progressEntryTable.createdAt),
      asc(progressEntryTable.id),
    );
  const rows = options.forUpdate ? await query.for("update") : await query;
  return rows.map((r) => toProgressEntry(r, today));
}

export async function insertProgressEntry(
  db: Executor,
  agreementId: string,
  createdBy: string,
  fields: ProgressFields,
): Promise<string> {
  const [row] = await db
    .insert(progressEntryTable)
    .values({ agreementId, createdBy, ...fields })
    .returning({ id: progressEntryTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** Progress entries of several agreements; returns their ids in the order given. */
export async function insertProgressEntries(
  db: Executor,
  rows: ({ agreementId: string; createdBy: string } & ProgressFields)[],
): Promise<string[]> {
  // Readers order entries of a day by when they were written; one statement would give them all the
  // transaction's time (and the order of their random ids): a millisecond apart, they keep the order given.
  const start = Date.now();
  const values = rows.map((r, i) => ({ id: randomUUID(), createdAt: new Date(start + i), ...r }));
  await insertRows(db, progressEntryTable, values);
  return values.map((v) => v.id);
}

export async function updateProgressEntryRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Omit<ProgressFields, "kind">,
): Promise<boolean> {
  const rows = await db
    .update(progressEntryTable)
    .set({ ...fields, version: expectedVersion + 1, updatedAt: new Date() })
    .where(and(eq(progressEntryTable.id, id), eq(progressEntryTable.version, expectedVersion)))
    .returning({ id: progressEntryTable.id });
  return rows.length > 0;
}

export async function deleteProgressEntryRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(progressEntryTable)
    .where(and(eq(progressEntryTable.id, id), eq(progressEntryTable.version, expectedVersion)))
    .returning({ id: progressEntryTable.id });
  return rows.length > 0;
}

export type ProgressAcrossRegister = { agreementId: string; agreementTitle: string; entry: ProgressEntry };

/** Planned activities past their due date and not done, most overdue first. */
export async function selectOverdueProgress(
  db: Executor,
  today: string,
  limit: number,
): Promise<ProgressAcrossRegister[]> {
  const rows = await db
    .select({ entry: progressEntryTable, agreementTitle: agreementTable.title })
    .from(progressEntryTable)
    .innerJoin(agreementTable, eq(agreementTable.id, progressEntryTable.agreementId))
    .where(
      and(
        eq(progressEntryTable.kind, "planned"),
        eq(progressEntryTable.done, false),
        sql`${progressEntryTable.dueOn} < ${today}::date`,
      ),
    )
    .orderBy(asc(progressEntryTable.dueOn), asc(progressEntryTable.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    agreementId: r.entry.agreementId,
    agreementTitle: r.agreementTitle,
    entry: toProgressEntry(r.entry, today),
  }));
}

export async function selectRecentProgress(
  db: Executor,
  today: string,
  limit: number,
): Promise<ProgressAcrossRegister[]> {
  const rows = await db
    .select({ entry: progressEntryTable, agreementTitle: agreementTable.title })
    .from(progressEntryTable)
    .innerJoin(agreementTable, eq(agreementTable.id, progressEntryTable.agreementId))
    .orderBy(desc(progressEntryTable.entryDate), desc(progressEntryTable.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    agreementId: r.entry.agreementId,
    agreementTitle: r.agreementTitle,
    entry: toProgressEntry(r.entry, today),
  }));
}

export async function selectOverdueCountsOf(
  db: Executor,
  agreementIds: readonly string[],
  today: string,
): Promise<Map<string, number>> {
  if (agreementIds.length === 0) return new Map();
  const rows = await db
    .select({ agreementId: progressEntryTable.agreementId, n: count() })
    .from(progressEntryTable)
    .where(
      and(
        inArray(progressEntryTable.agreementId, [...agreementIds]),
        eq(progressEntryTable.kind, "planned"),
        eq(progressEntryTable.done, false),
        sql`${progressEntryTable.dueOn} < ${today}::date`,
      ),
    )
    .groupBy(progressEntryTable.agreementId);
  return new Map(rows.map((r) => [r.agreementId, r.n]));
}
