// The imported-3W source of the 3W view: rows of HXL files, each one organisation × theme × place × period; and the files.
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client";
import { atVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import type { HxlImportSummary } from "./coordination.schema";
import { reportedImportTable, reportedPresenceTable } from "./coordination.table";
import type { ActivityQuery, ActivityRecord } from "./coordination-sources";

const funderTable = alias(organisationTable, "funder");

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
  if (query.organisationId) {
    conditions.push(
      sql`(${r.organisationId} = ${query.organisationId} or ${r.funderOrganisationId} = ${query.organisationId})`,
    );
  }
  const rows = await db
    .select({
      id: r.id,
      importId: r.importId,
      fileName: reportedImportTable.fileName,
      importedAt: reportedImportTable.importedAt,
      sourceLine: r.sourceLine,
      activity: r.activity,
      themeCode: r.themeCode,
      placeId: r.placeId,
      validFrom: r.validFrom,
      validUntil: r.validUntil,
      validFromPrecision: r.validFromPrecision,
      validUntilPrecision: r.validUntilPrecision,
      organisationId: organisationTable.id,
      name: organisationTable.name,
      acronym: organisationTable.acronym,
      kind: organisationTable.kind,
      funderId: funderTable.id,
      funderName: funderTable.name,
      funderAcronym: funderTable.acronym,
      funderKind: funderTable.kind,
    })
    .from(r)
    .innerJoin(reportedImportTable, eq(reportedImportTable.id, r.importId))
    // A row that names no implementer is kept: it shows where work is reported, by no organisation.
    .leftJoin(organisationTable, eq(organisationTable.id, r.organisationId))
    .leftJoin(funderTable, eq(funderTable.id, r.funderOrganisationId))
    .where(and(...conditions));
  return rows.map((row) => ({
    source: "reported" as const,
    id: row.id,
    title: row.activity ?? `${row.fileName}, row ${row.sourceLine}`,
    status: "active" as const,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    validFromPrecision: row.validFromPrecision,
    validUntilPrecision: row.validUntilPrecision,
    organisations: [
      ...(row.organisationId && row.name && row.kind
        ? [
            {
              id: row.organisationId,
              name: row.name,
              acronym: row.acronym,
              kind: row.kind,
              role: "implementer" as const,
            },
          ]
        : []),
      // The donor keeps its role: it funds the work there, it does not do it.
      ...(row.funderId && row.funderName && row.funderKind && row.funderId !== row.organisationId
        ? [
            {
              id: row.funderId,
              name: row.funderName,
              acronym: row.funderAcronym,
              kind: row.funderKind,
              role: "funder" as const,
            },
          ]
        : []),
    ],
    themes: [row.themeCode],
    areas: [{ placeId: row.placeId, placeSet: null }],
    reportedRow: {
      importId: row.importId,
      fileName: row.fileName,
      importedAt: row.importedAt.toISOString(),
      line: row.sourceLine,
      activity: row.activity,
      funderId: row.funderId && row.funderId !== row.organisationId ? row.funderId : null,
      implementerNotNamed: row.organisationId === null,
    },
  }));
}

export type ReportedPresenceFields = typeof reportedPresenceTable.$inferInsert;
export type ReportedImportFields = typeof reportedImportTable.$inferInsert;

export async function insertReportedImport(
  db: Executor,
  file: ReportedImportFields,
  rows: readonly Omit<ReportedPresenceFields, "importId">[],
): Promise<HxlImportSummary> {
  const [created] = await db.insert(reportedImportTable).values(file).returning();
  if (!created) throw new Error("the import row was not inserted");
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insert(reportedPresenceTable)
      .values(rows.slice(i, i + 500).map((row) => ({ ...row, importId: created.id })));
  return summaryOf(created);
}

function summaryOf(row: typeof reportedImportTable.$inferSelect): HxlImportSummary {
  return {
    id: row.id,
    fileName: row.fileName,
    importedBy: row.importedBy,
    importedAt: row.importedAt.toISOString(),
    rows: row.rowCount,
    version: row.version,
  };
}

/** Every imported file, newest first. */
export async function selectReportedImports(db: Executor): Promise<HxlImportSummary[]> {
  const rows = await db
    .select()
    .from(reportedImportTable)
    .orderBy(desc(reportedImportTable.importedAt), desc(reportedImportTable.id));
  return rows.map(summaryOf);
}

export async function selectReportedImportByContent(
  db: Executor,
  contentSha256: string,
): Promise<HxlImportSummary | null> {
  const [row] = await db
    .select()
    .from(reportedImportTable)
    .where(eq(reportedImportTable.contentSha256, contentSha256));
  return row ? summaryOf(row) : null;
}

export async function selectReportedImportsNamed(
  db: Executor,
  fileName: string,
): Promise<HxlImportSummary[]> {
  const rows = await db
    .select()
    .from(reportedImportTable)
    .where(eq(reportedImportTable.fileName, fileName))
    .orderBy(desc(reportedImportTable.importedAt));
  return rows.map(summaryOf);
}

/** Deletes an import and, by cascade, its rows; returns what was deleted, or null when there was no such import. */
export async function selectReportedImport(db: Executor, id: string): Promise<HxlImportSummary | null> {
  const [row] = await db
    .select()
    .from(reportedImportTable)
    .where(eq(reportedImportTable.id, id))
    .for("update");
  return row ? summaryOf(row) : null;
}

/** Deletes the import at the version the client read; null when it is gone or changed. */
export async function deleteReportedImportRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<HxlImportSummary | null> {
  const [row] = await db
    .delete(reportedImportTable)
    .where(atVersion(reportedImportTable, id, expectedVersion))
    .returning();
  return row ? summaryOf(row) : null;
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
