// Reporting-obligation queries, with the organisation's and the body's names joined.
import { aliasedTable, and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import type { PeriodType } from "./periods";
import type { Obligation, ObligationPatch, SectionKey } from "./reporting.schema";
import { reportingBodyTable, reportingObligationTable } from "./reporting.table";

const bodyOrganisation = aliasedTable(organisationTable, "body_organisation");

const selection = {
  id: reportingObligationTable.id,
  organisationId: reportingObligationTable.organisationId,
  organisationName: organisationTable.name,
  bodyId: reportingObligationTable.bodyId,
  bodyName: bodyOrganisation.name,
  bodyActive: reportingBodyTable.active,
  organisationDeactivatedOn: organisationTable.deactivatedOn,
  bodyOrganisationId: reportingBodyTable.organisationId,
  districtId: reportingBodyTable.districtId,
  periodType: reportingObligationTable.periodType,
  dueDays: reportingObligationTable.dueDays,
  startPeriod: reportingObligationTable.startPeriod,
  endPeriod: reportingObligationTable.endPeriod,
  endReason: reportingObligationTable.endReason,
  sections: reportingObligationTable.sections,
  version: reportingObligationTable.version,
};

/** An obligation with what scope checks need (the body's own organisation). */
export type ObligationRow = Obligation;

type Row = Omit<ObligationRow, "periodType" | "sections" | "pausedBecause"> & {
  periodType: string;
  sections: string[];
};

const toObligation = (row: Row): ObligationRow => ({
  ...row,
  periodType: row.periodType as PeriodType,
  sections: row.sections as SectionKey[],
  pausedBecause:
    row.endPeriod !== null
      ? "ended"
      : !row.bodyActive
        ? "body_inactive"
        : row.organisationDeactivatedOn !== null
          ? "organisation_deactivated"
          : null,
});

export type ObligationFilter = {
  ids?: readonly string[];
  organisationId?: string;
  bodyId?: string;
  bodyIds?: readonly string[];
  districtId?: string;
  running?: boolean;
  periodType?: PeriodType;
  forUpdate?: boolean;
};

export async function selectObligations(db: Executor, by: ObligationFilter = {}): Promise<ObligationRow[]> {
  if ((by.ids && by.ids.length === 0) || (by.bodyIds && by.bodyIds.length === 0)) return [];
  const conditions: SQL[] = [];
  if (by.ids) conditions.push(inArray(reportingObligationTable.id, [...by.ids]));
  if (by.organisationId) conditions.push(eq(reportingObligationTable.organisationId, by.organisationId));
  if (by.bodyId) conditions.push(eq(reportingObligationTable.bodyId, by.bodyId));
  if (by.bodyIds) conditions.push(inArray(reportingObligationTable.bodyId, [...by.bodyIds]));
  if (by.districtId) conditions.push(eq(reportingBodyTable.districtId, by.districtId));
  if (by.periodType) conditions.push(eq(reportingObligationTable.periodType, by.periodType));
  if (by.running === true) conditions.push(isNull(reportingObligationTable.endPeriod));
  const query = db
    .select(selection)
    .from(reportingObligationTable)
    .innerJoin(organisationTable, eq(organisationTable.id, reportingObligationTable.organisationId))
    .innerJoin(reportingBodyTable, eq(reportingBodyTable.id, reportingObligationTable.bodyId))
    .innerJoin(bodyOrganisation, eq(bodyOrganisation.id, reportingBodyTable.organisationId))
    .where(and(...conditions))
    .orderBy(
      asc(organisationTable.name),
      asc(bodyOrganisation.name),
      asc(reportingObligationTable.startPeriod),
    );
  const rows = by.forUpdate ? await query.for("update", { of: reportingObligationTable }) : await query;
  const list = rows.map(toObligation);
  return by.running === false ? list.filter((o) => o.endPeriod !== null) : list;
}

export async function selectObligation(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ObligationRow | null> {
  const [row] = await selectObligations(db, { ids: [id], ...options });
  return row ?? null;
}

export type ObligationFields = {
  organisationId: string;
  bodyId: string;
  periodType: PeriodType;
  dueDays: number;
  startPeriod: string;
  sections: SectionKey[];
};

export async function insertObligations(
  db: Executor,
  fields: readonly ObligationFields[],
): Promise<string[]> {
  if (fields.length === 0) return [];
  const rows = await db
    .insert(reportingObligationTable)
    .values([...fields])
    .returning({ id: reportingObligationTable.id });
  return rows.map((r) => r.id);
}

export async function updateObligationRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: ObligationPatch,
): Promise<boolean> {
  const rows = await db
    .update(reportingObligationTable)
    .set({ ...patch, ...nextVersion(reportingObligationTable) })
    .where(atVersion(reportingObligationTable, id, expectedVersion))
    .returning({ id: reportingObligationTable.id });
  return rows.length > 0;
}
