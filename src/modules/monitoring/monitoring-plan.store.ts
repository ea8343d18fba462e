// Queries of the roadmap's items (monitoring_plan_item); the only file of the roadmap with SQL.
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { monitoringPlanItemTable as item } from "./monitoring.table";
import type { PlanArea, PlanItemStatus } from "./monitoring-plan.schema";

/** A row as stored, before the service adds what depends on the day (overdue). */
export type PlanItemRow = {
  id: string;
  monitoringOrganisationId: string;
  area: PlanArea;
  title: string;
  owner: string | null;
  dueOn: string | null;
  status: PlanItemStatus;
  progress: number;
  position: number;
  version: number;
};

export type PlanItemFields = Pick<PlanItemRow, "area" | "title" | "owner" | "dueOn" | "status" | "progress">;

const selection = {
  id: item.id,
  monitoringOrganisationId: item.monitoringOrganisationId,
  area: item.area,
  title: item.title,
  owner: item.owner,
  dueOn: item.dueOn,
  status: item.status,
  progress: item.progress,
  position: item.position,
  version: item.version,
};

const toRow = (row: Record<keyof typeof selection, unknown>): PlanItemRow => row as PlanItemRow;

/** Items of these bodies (every body when `organisationIds` is absent), by area order then position. */
export async function selectPlanItems(
  db: Executor,
  by: { organisationIds?: readonly string[]; area?: PlanArea; forUpdate?: boolean } = {},
): Promise<PlanItemRow[]> {
  if (by.organisationIds && by.organisationIds.length === 0) return [];
  const conditions: (SQL | undefined)[] = [];
  if (by.organisationIds) conditions.push(inArray(item.monitoringOrganisationId, [...by.organisationIds]));
  if (by.area) conditions.push(eq(item.area, by.area));
  const query = db
    .select(selection)
    .from(item)
    .where(and(...conditions))
    .orderBy(
      asc(item.monitoringOrganisationId),
      sql`case ${item.area} when 'internal_organisation' then 0 when 'npm_work' then 1 else 2 end`,
      asc(item.position),
      asc(item.title),
      asc(item.id),
    );
  // Locking an area's items makes two moves in it take turns: the second renumbers from the first's order.
  const rows = by.forUpdate ? await query.for("update") : await query;
  return rows.map(toRow);
}

export async function selectPlanItem(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlanItemRow | null> {
  const query = db.select(selection).from(item).where(eq(item.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toRow(row) : null;
}

/** Names of these organisations; ids that are no organisation are left out. */
export async function selectOrganisationNames(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Bodies that have at least one item (what an administrator, who reads every plan, is shown). */
export async function selectBodiesWithItems(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: item.monitoringOrganisationId })
    .from(item)
    .orderBy(asc(item.monitoringOrganisationId));
  return rows.map((row) => row.id);
}

/** Appends the item at the end of its area. */
export async function insertPlanItem(
  db: Executor,
  monitoringOrganisationId: string,
  fields: PlanItemFields,
): Promise<string> {
  const [row] = await db
    .insert(item)
    .values({
      monitoringOrganisationId,
      ...fields,
      position: sql`(select coalesce(max(${item.position}) + 1, 0) from ${item} where ${item.monitoringOrganisationId} = ${monitoringOrganisationId} and ${item.area} = ${fields.area})`,
    })
    .returning({ id: item.id });
  if (!row) throw new Error("insert into monitoring_plan_item returned no row");
  return row.id;
}

/** Writes the fields at the version the client read; false when someone changed the row in between. */
export async function updatePlanItemRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: PlanItemFields & { position: number },
): Promise<boolean> {
  const rows = await db
    .update(item)
    .set({ ...fields, ...nextVersion(item) })
    .where(atVersion(item, id, expectedVersion))
    .returning({ id: item.id });
  return rows.length === 1;
}

/**
 * Numbers an area's items 0, 1, 2 … in the order given. Only the position changes: a sibling that moves because
 * another was placed before it keeps its version (its content did not change, and its editor's If-Match still holds).
 */
export async function renumberPlanItems(db: Executor, orderedIds: readonly string[]): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await db.update(item).set({ position }).where(eq(item.id, id));
  }
}

export async function deletePlanItemRow(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(item)
    .where(atVersion(item, id, expectedVersion))
    .returning({ id: item.id });
  return rows.length === 1;
}
