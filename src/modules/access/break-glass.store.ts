// The only file with queries on break-the-glass exceptions (access_exception): insert, the open one, a window's list.
import { and, desc, eq, gt, gte, lt, lte } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { accessExceptionTable, userTable } from "./access.table";
import type { BreakGlass, BreakGlassListItem } from "./break-glass.schema";

type Row = typeof accessExceptionTable.$inferSelect;

const toBreakGlass = (r: Row): BreakGlass => ({
  id: r.id,
  userId: r.userId,
  entityType: r.entityType,
  entityId: r.entityId,
  reason: r.reason,
  openedAt: r.openedAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});

export async function insertAccessException(db: Executor, values: Omit<Row, "id">): Promise<BreakGlass> {
  const [row] = await db.insert(accessExceptionTable).values(values).returning();
  if (!row) throw new Error("access_exception insert returned no row");
  return toBreakGlass(row);
}

/** The exception of this user on this record that is open at `now` (the one lasting longest), or null. */
export async function selectOpenAccessException(
  db: Executor,
  key: { userId: string; entityType: string; entityId: string; now: Date },
): Promise<BreakGlass | null> {
  const t = accessExceptionTable;
  const [row] = await db
    .select()
    .from(t)
    .where(
      and(
        eq(t.userId, key.userId),
        eq(t.entityType, key.entityType),
        eq(t.entityId, key.entityId),
        gt(t.expiresAt, key.now),
        lte(t.openedAt, key.now),
      ),
    )
    .orderBy(desc(t.expiresAt))
    .limit(1);
  return row ? toBreakGlass(row) : null;
}

/** Exceptions opened in [from, toExclusive), newest first, with who opened them. */
export async function selectAccessExceptions(
  db: Executor,
  window: { from: Date; toExclusive: Date; limit: number },
): Promise<BreakGlassListItem[]> {
  const t = accessExceptionTable;
  const rows = await db
    .select({ exception: t, userName: userTable.name, userEmail: userTable.email })
    .from(t)
    .innerJoin(userTable, eq(userTable.id, t.userId))
    .where(and(gte(t.openedAt, window.from), lt(t.openedAt, window.toExclusive)))
    .orderBy(desc(t.openedAt), desc(t.id))
    .limit(window.limit);
  return rows.map((r) => ({ ...toBreakGlass(r.exception), userName: r.userName, userEmail: r.userEmail }));
}
