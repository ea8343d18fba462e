// The only file with coordination queries besides the sources: places in memory, progress of a set of agreements.
import { desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { ProgressEntry, ProgressKind } from "../agreements";
import { agreementTable, progressEntryTable } from "../agreements/agreements.table";
import { placeTable } from "../places/places.table";
import type { IndexedPlace } from "./place-index";

export async function selectIndexedPlaces(db: Executor): Promise<IndexedPlace[]> {
  return db
    .select({
      id: placeTable.id,
      code: placeTable.code,
      kind: placeTable.kind,
      name: placeTable.name,
      names: placeTable.names,
      parentId: placeTable.parentId,
      isOpen: placeTable.isOpen,
      operator: placeTable.operator,
    })
    .from(placeTable);
}

export type ProgressOfAgreement = { agreementId: string; agreementTitle: string; entry: ProgressEntry };

/** The latest progress entries of these agreements, newest first. */
export async function selectLatestProgressOf(
  db: Executor,
  agreementIds: readonly string[],
  today: string,
  limit: number,
): Promise<ProgressOfAgreement[]> {
  if (agreementIds.length === 0) return [];
  const rows = await db
    .select({ entry: progressEntryTable, agreementTitle: agreementTable.title })
    .from(progressEntryTable)
    .innerJoin(agreementTable, eq(agreementTable.id, progressEntryTable.agreementId))
    // One array parameter: a district page asks for a few thousand agreements, and a parameter each cost more
    // to build than the query took.
    .where(sql`${progressEntryTable.agreementId} = any(${sql.param([...agreementIds])}::uuid[])`)
    .orderBy(desc(progressEntryTable.entryDate), desc(progressEntryTable.createdAt))
    .limit(limit);
  return rows.map(({ entry, agreementTitle }) => ({
    agreementId: entry.agreementId,
    agreementTitle,
    entry: {
      id: entry.id,
      kind: entry.kind as ProgressKind,
      text: entry.text,
      entryDate: entry.entryDate,
      dateReported: entry.dateReported,
      dueOn: entry.dueOn,
      done: entry.done,
      overdue: entry.kind === "planned" && !entry.done && entry.dueOn !== null && entry.dueOn < today,
      commitmentIds: entry.commitmentIds,
      placeIds: entry.placeIds,
      createdBy: entry.createdBy,
      version: entry.version,
    },
  }));
}
