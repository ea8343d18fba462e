// The imported-3W source of the 3W view: rows of HXL files, each one organisation × theme × place × period.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { organisationTable } from "../organisations/organisations.table";
import { reportedPresenceTable } from "./coordination.table";
import type { ActivityQuery, ActivityRecord } from "./coordination-sources";

export async function selectReportedActivities(
  db: Executor,
  query: ActivityQuery,
): Promise<ActivityRecord[]> {
  const r = reportedPresenceTable;
  const conditions: SQL[] = [
    sql`(${r.validFrom} is null or ${r.validFrom} <= ${query.to}::date)`,
    sql`(${r.validUntil} is null or ${r.validUntil} >= ${query.from}::date)`,
  ];
  if (query.themes && query.themes.length > 0) conditions.push(inArray(r.themeCode, [...query.themes]));
  if (query.areas) {
    // Rows name one place each; sets never appear in them.
    if (query.areas.placeIds.length === 0) return [];
    conditions.push(inArray(r.placeId, [...query.areas.placeIds]));
  }
  if (query.organisationId) conditions.push(eq(r.organisationId, query.organisationId));
  const rows = await db
    .select({
      id: r.id,
      sourceName: r.sourceName,
      sourceLine: r.sourceLine,
      activity: r.activity,
      themeCode: r.themeCode,
      placeId: r.placeId,
      validFrom: r.validFrom,
      validUntil: r.validUntil,
      organisationId: organisationTable.id,
      name: organisationTable.name,
      acronym: organisationTable.acronym,
      kind: organisationTable.kind,
    })
    .from(r)
    .innerJoin(organisationTable, eq(organisationTable.id, r.organisationId))
    .where(and(...conditions));
  return rows.map((row) => ({
    source: "reported" as const,
    id: row.id,
    title: row.activity ?? `${row.sourceName}, row ${row.sourceLine}`,
    status: "active" as const,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    organisations: [
      {
        id: row.organisationId,
        name: row.name,
        acronym: row.acronym,
        kind: row.kind,
        role: "implementer" as const,
      },
    ],
    themes: [row.themeCode],
    areas: [{ placeId: row.placeId, placeSet: null }],
  }));
}

export type ReportedPresenceFields = typeof reportedPresenceTable.$inferInsert;

export async function insertReportedPresence(
  db: Executor,
  rows: readonly ReportedPresenceFields[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db.insert(reportedPresenceTable).values(rows.slice(i, i + 500));
}

/** Every organisation with the names a 3W file may use for it. */
export async function selectOrganisationNames(db: Executor) {
  return db
    .select({
      id: organisationTable.id,
      name: organisationTable.name,
      nameKey: organisationTable.nameKey,
      acronym: organisationTable.acronym,
      aliases: organisationTable.aliases,
      kind: organisationTable.kind,
    })
    .from(organisationTable);
}
