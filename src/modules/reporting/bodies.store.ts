// Reporting-body queries: each body with its organisation's and district's names joined.
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { BodyKind, ReportingBody, ReportingBodyPatch } from "./reporting.schema";
import { reportingBodyTable } from "./reporting.table";

const selection = {
  id: reportingBodyTable.id,
  organisationId: reportingBodyTable.organisationId,
  organisationName: organisationTable.name,
  kind: reportingBodyTable.kind,
  districtId: reportingBodyTable.districtId,
  districtName: placeTable.name,
  remindersEnabled: reportingBodyTable.remindersEnabled,
  digestEnabled: reportingBodyTable.digestEnabled,
  reminderDaysBefore: reportingBodyTable.reminderDaysBefore,
  active: reportingBodyTable.active,
  version: reportingBodyTable.version,
};

export async function selectBodies(
  db: Executor,
  by: { ids?: readonly string[]; districtId?: string; kind?: BodyKind; forUpdate?: boolean } = {},
): Promise<ReportingBody[]> {
  const conditions: SQL[] = [];
  if (by.ids) conditions.push(inArray(reportingBodyTable.id, [...by.ids]));
  if (by.districtId) conditions.push(eq(reportingBodyTable.districtId, by.districtId));
  if (by.kind) conditions.push(eq(reportingBodyTable.kind, by.kind));
  if (by.ids && by.ids.length === 0) return [];
  const query = db
    .select(selection)
    .from(reportingBodyTable)
    .innerJoin(organisationTable, eq(organisationTable.id, reportingBodyTable.organisationId))
    .leftJoin(placeTable, eq(placeTable.id, reportingBodyTable.districtId))
    .where(and(...conditions))
    .orderBy(asc(placeTable.name), asc(reportingBodyTable.kind), asc(organisationTable.name));
  const rows = by.forUpdate ? await query.for("update", { of: reportingBodyTable }) : await query;
  return rows.map((row) => ({ ...row, kind: row.kind as BodyKind }));
}

export async function selectBody(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReportingBody | null> {
  const [row] = await selectBodies(db, { ids: [id], ...options });
  return row ?? null;
}

export type BodyFields = {
  organisationId: string;
  kind: BodyKind;
  districtId: string | null;
  remindersEnabled?: boolean;
  digestEnabled?: boolean;
  reminderDaysBefore?: number;
};

export async function insertBodies(db: Executor, fields: readonly BodyFields[]): Promise<string[]> {
  if (fields.length === 0) return [];
  const rows = await db
    .insert(reportingBodyTable)
    .values([...fields])
    .onConflictDoNothing()
    .returning({ id: reportingBodyTable.id });
  return rows.map((r) => r.id);
}

export async function updateBodyRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: ReportingBodyPatch,
): Promise<boolean> {
  const rows = await db
    .update(reportingBodyTable)
    .set({ ...patch, ...nextVersion(reportingBodyTable) })
    .where(atVersion(reportingBodyTable, id, expectedVersion))
    .returning({ id: reportingBodyTable.id });
  return rows.length > 0;
}

/** Built-in bodies already there, by "kind:districtId". */
export async function selectDistrictBodyKeys(db: Executor): Promise<Set<string>> {
  const rows = await db
    .select({ kind: reportingBodyTable.kind, districtId: reportingBodyTable.districtId })
    .from(reportingBodyTable);
  return new Set(rows.map((r) => `${r.kind}:${r.districtId}`));
}

export async function selectDistricts(db: Executor): Promise<{ id: string; name: string; code: string }[]> {
  return db
    .select({ id: placeTable.id, name: placeTable.name, code: placeTable.code })
    .from(placeTable)
    .where(eq(placeTable.kind, "district"))
    .orderBy(asc(placeTable.name));
}
