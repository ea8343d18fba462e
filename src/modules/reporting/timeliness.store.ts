// Timeliness queries: the expected reports with the day each was first submitted, districts with their provinces.
import { aliasedTable, and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { placeTable } from "../places/places.table";
import { periodTypeOf } from "./periods";
import { reportingBodyTable, reportingObligationTable, submissionAddresseeTable } from "./reporting.table";

const province = aliasedTable(placeTable, "province");

export type DistrictRow = {
  id: string;
  name: string;
  provinceId: string | null;
  provinceName: string | null;
};

export async function selectDistrictsWithProvinces(db: Executor): Promise<DistrictRow[]> {
  return db
    .select({
      id: placeTable.id,
      name: placeTable.name,
      provinceId: province.id,
      provinceName: province.name,
    })
    .from(placeTable)
    .leftJoin(province, eq(province.id, placeTable.parentId))
    .where(eq(placeTable.kind, "district"));
}

export type ExpectedReportRow = {
  obligationId: string;
  organisationId: string;
  bodyId: string;
  districtId: string | null;
  period: string;
  dueDays: number;
  firstSubmittedOn: string | null;
  submissionId: string | null;
};

/**
 * Every report expected from running obligations of active bodies in these
 * periods, with the day it was first submitted), in two plain queries joined here: the obligations in view, and
 * their reports of these periods. One query joining obligations × unnest(periods) × reports was planned as nested
 * loops from a wrong row estimate (14 for 56,000) and took ~1 s nationally; see bench/reporting.ts.
 */
export async function selectExpectedReports(
  db: Executor,
  periods: readonly string[],
  by: { bodyIds?: readonly string[]; districtIds?: readonly string[]; organisationId?: string } = {},
): Promise<ExpectedReportRow[]> {
  if (periods.length === 0) return [];
  const o = reportingObligationTable;
  const a = submissionAddresseeTable;
  const types = [...new Set(periods.map(periodTypeOf))];
  const filters: SQL[] = [eq(reportingBodyTable.active, true), inArray(o.periodType, types)];
  if (by.bodyIds) filters.push(inArray(o.bodyId, [...by.bodyIds]));
  if (by.districtIds) filters.push(inArray(reportingBodyTable.districtId, [...by.districtIds]));
  if (by.organisationId) filters.push(eq(o.organisationId, by.organisationId));
  const obligations = await db
    .select({
      obligationId: o.id,
      organisationId: o.organisationId,
      bodyId: o.bodyId,
      districtId: reportingBodyTable.districtId,
      periodType: o.periodType,
      dueDays: o.dueDays,
      startPeriod: o.startPeriod,
      endPeriod: o.endPeriod,
    })
    .from(o)
    .innerJoin(reportingBodyTable, eq(reportingBodyTable.id, o.bodyId))
    .where(and(...filters));
  if (obligations.length === 0) return [];
  // The reports of these periods to the bodies in view (the index on body and period), or of the organisation.
  const reportFilters: SQL[] = [inArray(a.period, [...periods])];
  if (by.organisationId)
    reportFilters.push(
      inArray(
        a.obligationId,
        obligations.map((r) => r.obligationId),
      ),
    );
  else if (by.bodyIds || by.districtIds)
    reportFilters.push(inArray(a.bodyId, [...new Set(obligations.map((r) => r.bodyId))]));
  const reports = await db
    .select({
      obligationId: a.obligationId,
      period: a.period,
      firstSubmittedOn: sql<
        string | null
      >`to_char(${a.firstSubmittedAt} at time zone 'Africa/Kigali', 'YYYY-MM-DD')`,
      submissionId: a.submissionId,
    })
    .from(a)
    .where(and(...reportFilters));
  const reportOf = new Map(reports.map((r) => [`${r.obligationId}|${r.period}`, r]));
  const typed = periods.map((period) => ({ period, type: periodTypeOf(period) }));
  const out: ExpectedReportRow[] = [];
  for (const ob of obligations) {
    for (const { period, type } of typed) {
      // Periods of one type are fixed-width text: compared as text, as the SQL of selectExpectedReports does.
      if (type !== ob.periodType || period < ob.startPeriod) continue;
      if (ob.endPeriod !== null && period > ob.endPeriod) continue;
      const report = reportOf.get(`${ob.obligationId}|${period}`);
      out.push({
        obligationId: ob.obligationId,
        organisationId: ob.organisationId,
        bodyId: ob.bodyId,
        districtId: ob.districtId,
        period,
        dueDays: ob.dueDays,
        firstSubmittedOn: report?.firstSubmittedOn ?? null,
        submissionId: report?.submissionId ?? null,
      });
    }
  }
  return out;
}
