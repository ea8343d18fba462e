// The only file with boundary queries: replace or remove all at once, read them with their district.
import { asc, count, eq, max } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { type BoundaryGeometry, placeBoundaryTable } from "./place-boundaries.table";
import { placeTable } from "./places.table";

export async function replaceBoundaries(
  db: Executor,
  rows: readonly { placeId: string; geometry: BoundaryGeometry }[],
  sourceName: string,
  loadedBy: string,
): Promise<void> {
  await db.delete(placeBoundaryTable);
  if (rows.length > 0) {
    await db.insert(placeBoundaryTable).values(rows.map((r) => ({ ...r, sourceName, loadedBy })));
  }
}

export async function deleteBoundaries(db: Executor): Promise<void> {
  await db.delete(placeBoundaryTable);
}

export async function selectBoundaries(db: Executor) {
  return db
    .select({
      code: placeTable.code,
      name: placeTable.name,
      geometry: placeBoundaryTable.geometry,
      sourceName: placeBoundaryTable.sourceName,
      loadedAt: placeBoundaryTable.loadedAt,
    })
    .from(placeBoundaryTable)
    .innerJoin(placeTable, eq(placeTable.id, placeBoundaryTable.placeId))
    .orderBy(asc(placeTable.code));
}

export async function selectBoundaryStatus(db: Executor) {
  const [row] = await db
    .select({
      n: count(),
      loadedAt: max(placeBoundaryTable.loadedAt),
      sourceName: max(placeBoundaryTable.sourceName),
    })
    .from(placeBoundaryTable);
  return { count: row?.n ?? 0, loadedAt: row?.loadedAt ?? null, sourceName: row?.sourceName ?? null };
}
