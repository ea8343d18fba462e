// Logframe queries: a programme's objective, outcomes, outputs and activities.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import type { LogframeItem, LogframeLevel } from "./programmes.schema";
import { indicatorTable, logframeItemTable } from "./programmes.table";

const itemColumns = {
  id: logframeItemTable.id,
  parentId: logframeItemTable.parentId,
  level: logframeItemTable.level,
  text: logframeItemTable.text,
  position: logframeItemTable.position,
  version: logframeItemTable.version,
};

export async function selectLogframe(db: Executor, programmeId: string): Promise<LogframeItem[]> {
  const rows = await db
    .select(itemColumns)
    .from(logframeItemTable)
    .where(eq(logframeItemTable.programmeId, programmeId))
    .orderBy(asc(logframeItemTable.position));
  return rows.map((r) => ({ ...r, level: r.level as LogframeLevel }));
}

/** One item of this programme's logframe (null when it is another's); `forUpdate` locks it. */
export async function selectLogframeItem(
  db: Executor,
  programmeId: string,
  id: string,
  options: { forUpdate: boolean },
): Promise<LogframeItem | null> {
  const query = db
    .select(itemColumns)
    .from(logframeItemTable)
    .where(and(eq(logframeItemTable.id, id), eq(logframeItemTable.programmeId, programmeId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? { ...row, level: row.level as LogframeLevel } : null;
}

/** The titles of the indicators set on this item (they go with it when it is removed). */
export async function selectIndicatorTitlesOfItem(db: Executor, itemId: string): Promise<string[]> {
  const rows = await db
    .select({ title: indicatorTable.title })
    .from(indicatorTable)
    .where(eq(indicatorTable.logframeItemId, itemId))
    .orderBy(asc(indicatorTable.position));
  return rows.map((r) => r.title);
}

export async function insertLogframeItem(
  db: Executor,
  item: { programmeId: string; parentId: string | null; level: LogframeLevel; text: string },
): Promise<string> {
  const [row] = await db
    .insert(logframeItemTable)
    .values({
      ...item,
      position: sql`(select coalesce(max(position), -1) + 1 from logframe_item where programme_id = ${item.programmeId})`,
    })
    .returning({ id: logframeItemTable.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** False when the item is no longer at `version`. */
export async function updateLogframeItemText(
  db: Executor,
  id: string,
  version: number,
  text: string,
): Promise<boolean> {
  const rows = await db
    .update(logframeItemTable)
    .set({ text, ...nextVersion(logframeItemTable) })
    .where(atVersion(logframeItemTable, id, version))
    .returning({ id: logframeItemTable.id });
  return rows.length > 0;
}

/** False when the item is no longer at `version`. */
export async function deleteLogframeItemRow(db: Executor, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(logframeItemTable)
    .where(atVersion(logframeItemTable, id, version))
    .returning({ id: logframeItemTable.id });
  return rows.length > 0;
}

/** Keeps a logframe item's text in every language its IATI source gave. */
export async function setLogframeItemNarratives(
  db: Executor,
  id: string,
  narratives: Record<string, string>,
): Promise<void> {
  await db.update(logframeItemTable).set({ narratives }).where(eq(logframeItemTable.id, id));
}
