// The only file with programme queries: programmes, logframe, indicators, results, events and their rollups.
import { and, asc, count, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { agreementTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type {
  BreakdownCell,
  Calculation,
  Disaggregation,
  EventKind,
  IndicatorUnit,
  LogframeItem,
  LogframeLevel,
  ParticipantCategory,
  ProgrammeListQuery,
  ProgrammeStatus,
  ReachRow,
  Result,
  Sex,
  TargetInput,
  ValueKind,
} from "./programmes.schema";
import {
  eventParticipantsTable,
  indicatorRollupTable,
  indicatorTable,
  indicatorTargetTable,
  logframeItemTable,
  type ProgrammeNarratives,
  programmeAgreementTable,
  programmeEventTable,
  programmeOrganisationTable,
  programmePlaceTable,
  programmeReachTable,
  programmeTable,
  programmeThemeTable,
  resultBreakdownTable,
  resultTable,
} from "./programmes.table";

export type ProgrammeFields = {
  iatiIdentifier?: string | null;
  narratives?: ProgrammeNarratives | null;
  title: string;
  description: string | null;
  leadOrganisationId: string;
  status: ProgrammeStatus;
  startDate: string;
  endDate: string;
};
export type ProgrammeRecord = ProgrammeFields & { id: string; version: number };

const programmeColumns = {
  id: programmeTable.id,
  title: programmeTable.title,
  description: programmeTable.description,
  leadOrganisationId: programmeTable.leadOrganisationId,
  status: programmeTable.status,
  startDate: programmeTable.startDate,
  endDate: programmeTable.endDate,
  iatiIdentifier: programmeTable.iatiIdentifier,
  narratives: programmeTable.narratives,
  version: programmeTable.version,
};
const asRecord = (r: { status: string } & Omit<ProgrammeRecord, "status">): ProgrammeRecord => ({
  ...r,
  status: r.status as ProgrammeStatus,
});

export async function insertProgramme(db: Executor, fields: ProgrammeFields): Promise<ProgrammeRecord> {
  const [row] = await db.insert(programmeTable).values(fields).returning(programmeColumns);
  if (!row) throw new Error("insert returned no row");
  return asRecord(row);
}

export async function updateProgrammeRow(
  db: Executor,
  id: string,
  version: number,
  fields: ProgrammeFields,
): Promise<ProgrammeRecord | null> {
  const [row] = await db
    .update(programmeTable)
    .set({ ...fields, version: sql`${programmeTable.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(programmeTable.id, id), eq(programmeTable.version, version)))
    .returning(programmeColumns);
  return row ? asRecord(row) : null;
}

export async function deleteProgrammeRow(db: Executor, id: string): Promise<void> {
  await db.delete(programmeTable).where(eq(programmeTable.id, id));
}

export async function touchProgramme(db: Executor, id: string): Promise<void> {
  await db
    .update(programmeTable)
    .set({ version: sql`${programmeTable.version} + 1`, updatedAt: sql`now()` })
    .where(eq(programmeTable.id, id));
}

export async function selectProgrammeIdsByIatiIdentifiers(db: Executor, identifiers: readonly string[]) {
  if (identifiers.length === 0) return [];
  return db
    .select({ id: programmeTable.id, iatiIdentifier: programmeTable.iatiIdentifier })
    .from(programmeTable)
    .where(inArray(programmeTable.iatiIdentifier, [...identifiers]));
}

export async function setProgrammeIatiSource(
  db: Executor,
  id: string,
  iatiIdentifier: string,
  narratives: ProgrammeNarratives,
): Promise<void> {
  await db.update(programmeTable).set({ iatiIdentifier, narratives }).where(eq(programmeTable.id, id));
}

export async function selectProgramme(db: Executor, id: string): Promise<ProgrammeRecord | null> {
  const [row] = await db.select(programmeColumns).from(programmeTable).where(eq(programmeTable.id, id));
  return row ? asRecord(row) : null;
}

export type OrganisationRef = { id: string; name: string; acronym: string | null };

export async function selectOrganisationRefs(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, OrganisationRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name, acronym: organisationTable.acronym })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export type OrganisationLink = {
  organisationId: string;
  role: "implementing_partner" | "donor";
  amount: number | null;
  currency: string | null;
};

export async function replaceProgrammeOrganisations(
  db: Executor,
  programmeId: string,
  links: OrganisationLink[],
): Promise<void> {
  await db.delete(programmeOrganisationTable).where(eq(programmeOrganisationTable.programmeId, programmeId));
  if (links.length > 0)
    await db.insert(programmeOrganisationTable).values(links.map((l) => ({ programmeId, ...l })));
}

export async function selectProgrammeOrganisations(
  db: Executor,
  programmeId: string,
): Promise<OrganisationLink[]> {
  const rows = await db
    .select({
      organisationId: programmeOrganisationTable.organisationId,
      role: programmeOrganisationTable.role,
      amount: programmeOrganisationTable.amount,
      currency: programmeOrganisationTable.currency,
    })
    .from(programmeOrganisationTable)
    .innerJoin(organisationTable, eq(organisationTable.id, programmeOrganisationTable.organisationId))
    .where(eq(programmeOrganisationTable.programmeId, programmeId))
    .orderBy(asc(organisationTable.name));
  return rows.map((r) => ({ ...r, role: r.role as OrganisationLink["role"] }));
}

export async function replaceProgrammePlaces(db: Executor, programmeId: string, placeIds: string[]) {
  await db.delete(programmePlaceTable).where(eq(programmePlaceTable.programmeId, programmeId));
  if (placeIds.length > 0)
    await db
      .insert(programmePlaceTable)
      .values([...new Set(placeIds)].map((placeId) => ({ programmeId, placeId })));
}

export async function replaceProgrammeThemes(db: Executor, programmeId: string, codes: string[]) {
  await db.delete(programmeThemeTable).where(eq(programmeThemeTable.programmeId, programmeId));
  if (codes.length > 0)
    await db
      .insert(programmeThemeTable)
      .values([...new Set(codes)].map((themeCode) => ({ programmeId, themeCode })));
}

export async function replaceProgrammeAgreements(db: Executor, programmeId: string, agreementIds: string[]) {
  await db.delete(programmeAgreementTable).where(eq(programmeAgreementTable.programmeId, programmeId));
  if (agreementIds.length > 0)
    await db
      .insert(programmeAgreementTable)
      .values([...new Set(agreementIds)].map((agreementId) => ({ programmeId, agreementId })));
}

export type PlaceRef = { id: string; name: string; kind: string; districtId: string | null };

const districtOfPlace = sql<
  string | null
>`case when "place"."kind" = 'district' then "place"."id" else (select d.id from place d where d.id = "place"."parent_id" and d.kind = 'district') end`;

export async function selectPlaceRefs(db: Executor, ids: readonly string[]): Promise<Map<string, PlaceRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: placeTable.id, name: placeTable.name, kind: placeTable.kind, districtId: districtOfPlace })
    .from(placeTable)
    .where(inArray(placeTable.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function selectProgrammePlaceIds(db: Executor, programmeId: string): Promise<string[]> {
  const rows = await db
    .select({ placeId: programmePlaceTable.placeId })
    .from(programmePlaceTable)
    .where(eq(programmePlaceTable.programmeId, programmeId));
  return rows.map((r) => r.placeId);
}

export async function selectProgrammeThemes(db: Executor, programmeId: string): Promise<string[]> {
  const rows = await db
    .select({ code: programmeThemeTable.themeCode })
    .from(programmeThemeTable)
    .where(eq(programmeThemeTable.programmeId, programmeId))
    .orderBy(asc(programmeThemeTable.themeCode));
  return rows.map((r) => r.code);
}

export async function selectAgreementTitles(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: agreementTable.id, title: agreementTable.title })
    .from(agreementTable)
    .where(inArray(agreementTable.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.title]));
}

export async function selectProgrammeAgreementIds(db: Executor, programmeId: string): Promise<string[]> {
  const rows = await db
    .select({ id: programmeAgreementTable.agreementId })
    .from(programmeAgreementTable)
    .where(eq(programmeAgreementTable.programmeId, programmeId));
  return rows.map((r) => r.id);
}

// ---- List ----

export async function selectProgrammeSummaries(
  db: Executor,
  query: ProgrammeListQuery,
  scopeOrganisationIds: string[] | null,
) {
  const conditions = [];
  if (query.q) conditions.push(ilike(programmeTable.title, `%${query.q.replace(/[%_\\]/g, "\\$&")}%`));
  if (query.status) conditions.push(eq(programmeTable.status, query.status));
  if (scopeOrganisationIds !== null) {
    conditions.push(
      scopeOrganisationIds.length === 0
        ? sql`false`
        : sql`(${inArray(programmeTable.leadOrganisationId, scopeOrganisationIds)} or exists (select 1 from programme_organisation po where po.programme_id = ${programmeTable.id} and ${inArray(sql`po.organisation_id`, scopeOrganisationIds)}))`,
    );
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [totalRow] = await db.select({ n: count() }).from(programmeTable).where(where);
  const rows = await db
    .select({
      id: programmeTable.id,
      title: programmeTable.title,
      status: programmeTable.status,
      startDate: programmeTable.startDate,
      endDate: programmeTable.endDate,
      leadId: organisationTable.id,
      leadName: organisationTable.name,
      leadAcronym: organisationTable.acronym,
      peopleReached: sql<number>`coalesce((select sum(r.people) from programme_reach r where r.programme_id = ${programmeTable.id}), 0)::int`,
      eventCount: sql<number>`(select count(*) from programme_event e where e.programme_id = ${programmeTable.id})::int`,
    })
    .from(programmeTable)
    .innerJoin(organisationTable, eq(organisationTable.id, programmeTable.leadOrganisationId))
    .where(where)
    .orderBy(sql`${programmeTable.startDate} desc`, asc(programmeTable.title))
    .limit(query.limit)
    .offset(query.offset);
  return {
    total: totalRow?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status as ProgrammeStatus,
      startDate: r.startDate,
      endDate: r.endDate,
      lead: { id: r.leadId, name: r.leadName, acronym: r.leadAcronym },
      peopleReached: Number(r.peopleReached),
      eventCount: Number(r.eventCount),
    })),
  };
}

// ---- Logframe ----

export async function selectLogframe(db: Executor, programmeId: string): Promise<LogframeItem[]> {
  const rows = await db
    .select({
      id: logframeItemTable.id,
      parentId: logframeItemTable.parentId,
      level: logframeItemTable.level,
      text: logframeItemTable.text,
      position: logframeItemTable.position,
    })
    .from(logframeItemTable)
    .where(eq(logframeItemTable.programmeId, programmeId))
    .orderBy(asc(logframeItemTable.position));
  return rows.map((r) => ({ ...r, level: r.level as LogframeLevel }));
}

export async function insertLogframeItem(
  db: Executor,
  item: { programmeId: string; parentId: string | null; level: LogframeLevel; text: string },
): Promise<LogframeItem> {
  const [row] = await db
    .insert(logframeItemTable)
    .values({
      ...item,
      position: sql`(select coalesce(max(position), -1) + 1 from logframe_item where programme_id = ${item.programmeId})`,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return {
    id: row.id,
    parentId: row.parentId,
    level: row.level as LogframeLevel,
    text: row.text,
    position: row.position,
  };
}

export async function updateLogframeItemText(db: Executor, id: string, text: string): Promise<void> {
  await db.update(logframeItemTable).set({ text }).where(eq(logframeItemTable.id, id));
}

export async function deleteLogframeItemRow(db: Executor, id: string): Promise<void> {
  await db.delete(logframeItemTable).where(eq(logframeItemTable.id, id));
}

// ---- Indicators ----

export type IndicatorRow = {
  id: string;
  programmeId: string;
  logframeItemId: string;
  libraryCode: string | null;
  title: string;
  unit: IndicatorUnit;
  calculation: Calculation;
  baselineValue: number | null;
  baselineText: string | null;
  baselineDate: string | null;
  disaggregations: Disaggregation[];
};

export async function insertIndicator(db: Executor, fields: Omit<IndicatorRow, "id">): Promise<string> {
  const [row] = await db
    .insert(indicatorTable)
    .values({
      ...fields,
      position: sql`(select coalesce(max(position), -1) + 1 from indicator where programme_id = ${fields.programmeId})`,
    })
    .returning({ id: indicatorTable.id });
  if (!row) throw new Error("insert returned no row");
  await db.insert(indicatorRollupTable).values({ indicatorId: row.id });
  return row.id;
}

export async function insertTargets(
  db: Executor,
  indicatorId: string,
  targets: TargetInput[],
): Promise<void> {
  if (targets.length > 0)
    await db.insert(indicatorTargetTable).values(targets.map((t) => ({ indicatorId, ...t })));
}

export async function deleteIndicatorRow(db: Executor, id: string): Promise<void> {
  await db.delete(indicatorTable).where(eq(indicatorTable.id, id));
}

export type IndicatorWithRollup = IndicatorRow & {
  targets: TargetInput[];
  rollup: RollupRow;
};
export type RollupRow = {
  exactSum: number;
  boundSum: number;
  boundCount: number;
  numericCount: number;
  maxValue: number | null;
  maxIsBound: boolean;
  latestValue: number | null;
  latestKind: string | null;
  numeratorSum: number;
  denominatorSum: number;
  qualitative: string[];
  notReportedCount: number;
};

const indicatorColumns = {
  id: indicatorTable.id,
  programmeId: indicatorTable.programmeId,
  logframeItemId: indicatorTable.logframeItemId,
  libraryCode: indicatorTable.libraryCode,
  title: indicatorTable.title,
  unit: indicatorTable.unit,
  calculation: indicatorTable.calculation,
  baselineValue: indicatorTable.baselineValue,
  baselineText: indicatorTable.baselineText,
  baselineDate: indicatorTable.baselineDate,
  disaggregations: indicatorTable.disaggregations,
};

/** Indicators of some programmes (or those ids), with targets and rollups: a fixed number of queries. */
export async function selectIndicators(
  db: Executor,
  where: { programmeIds?: string[]; ids?: string[] },
): Promise<IndicatorWithRollup[]> {
  const condition = where.ids
    ? inArray(indicatorTable.id, where.ids)
    : inArray(indicatorTable.programmeId, where.programmeIds ?? []);
  if ((where.ids ?? where.programmeIds ?? []).length === 0) return [];
  const rows = await db
    .select({
      ...indicatorColumns,
      rollup: {
        exactSum: indicatorRollupTable.exactSum,
        boundSum: indicatorRollupTable.boundSum,
        boundCount: indicatorRollupTable.boundCount,
        numericCount: indicatorRollupTable.numericCount,
        maxValue: indicatorRollupTable.maxValue,
        maxIsBound: indicatorRollupTable.maxIsBound,
        latestValue: indicatorRollupTable.latestValue,
        latestKind: indicatorRollupTable.latestKind,
        numeratorSum: indicatorRollupTable.numeratorSum,
        denominatorSum: indicatorRollupTable.denominatorSum,
        qualitative: indicatorRollupTable.qualitative,
        notReportedCount: indicatorRollupTable.notReportedCount,
      },
    })
    .from(indicatorTable)
    .innerJoin(indicatorRollupTable, eq(indicatorRollupTable.indicatorId, indicatorTable.id))
    .where(condition)
    .orderBy(asc(indicatorTable.programmeId), asc(indicatorTable.position));
  const ids = rows.map((r) => r.id);
  const targets =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(indicatorTargetTable)
          .where(inArray(indicatorTargetTable.indicatorId, ids))
          .orderBy(asc(indicatorTargetTable.periodStart));
  const byIndicator = new Map<string, TargetInput[]>();
  for (const t of targets) {
    const list = byIndicator.get(t.indicatorId) ?? [];
    list.push({ periodStart: t.periodStart, periodEnd: t.periodEnd, value: t.value });
    byIndicator.set(t.indicatorId, list);
  }
  return rows.map((r) => ({
    ...r,
    unit: r.unit as IndicatorUnit,
    calculation: r.calculation as Calculation,
    disaggregations: r.disaggregations as Disaggregation[],
    targets: byIndicator.get(r.id) ?? [],
  }));
}

/**
 * Recomputes one indicator's rollup from its results, in the writing transaction. One indicator's rows
 * only, through result_indicator_idx: the dashboard then reads one row per indicator however many results exist.
 */
export async function refreshIndicatorRollup(db: Executor, indicatorId: string): Promise<void> {
  await db.execute(sql`
    update indicator_rollup u set
      exact_sum = s.exact_sum, bound_sum = s.bound_sum, bound_count = s.bound_count,
      numeric_count = s.numeric_count, max_value = s.max_value, max_is_bound = s.max_is_bound,
      latest_value = s.latest_value, latest_kind = s.latest_kind,
      numerator_sum = s.numerator_sum, denominator_sum = s.denominator_sum,
      qualitative = s.qualitative, not_reported_count = s.not_reported_count
    from (
      select
        coalesce(sum(value) filter (where value_kind = 'exact'), 0) as exact_sum,
        coalesce(sum(value) filter (where value_kind = 'lower_bound'), 0) as bound_sum,
        count(*) filter (where value_kind = 'lower_bound')::int as bound_count,
        count(value)::int as numeric_count,
        max(value) as max_value,
        coalesce((select m.value_kind = 'lower_bound' from result m where m.indicator_id = ${indicatorId} and m.value is not null order by m.value desc, (m.value_kind = 'exact') desc limit 1), false) as max_is_bound,
        (select value from result l where l.indicator_id = ${indicatorId} and l.value is not null order by period_end desc, created_at desc limit 1) as latest_value,
        (select value_kind from result l where l.indicator_id = ${indicatorId} and l.value is not null order by period_end desc, created_at desc limit 1) as latest_kind,
        coalesce(sum(value) filter (where denominator is not null), 0) as numerator_sum,
        coalesce(sum(denominator), 0) as denominator_sum,
        coalesce(array_agg(distinct text) filter (where value_kind = 'qualitative' and text is not null), '{}') as qualitative,
        count(*) filter (where value_kind = 'not_reported')::int as not_reported_count
      from result where indicator_id = ${indicatorId}
    ) s
    where u.indicator_id = ${indicatorId}`);
}

// ---- Results ----

export type ResultFields = {
  indicatorId: string;
  periodStart: string;
  periodEnd: string;
  placeId: string | null;
  valueKind: ValueKind;
  value: number | null;
  denominator: number | null;
  text: string | null;
  eventId: string | null;
};

export async function insertResult(
  db: Executor,
  fields: ResultFields,
  breakdown: BreakdownCell[],
): Promise<string> {
  const [row] = await db.insert(resultTable).values(fields).returning({ id: resultTable.id });
  if (!row) throw new Error("insert returned no row");
  if (breakdown.length > 0) {
    await db.insert(resultBreakdownTable).values(
      breakdown.map((b) => ({
        resultId: row.id,
        sex: b.sex ?? null,
        ageGroup: b.ageGroup ?? null,
        category: b.category ?? null,
        value: b.value,
      })),
    );
  }
  return row.id;
}

export async function deleteResultRow(db: Executor, id: string): Promise<void> {
  await db.delete(resultTable).where(eq(resultTable.id, id));
}

export async function selectResultRef(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: resultTable.id,
      indicatorId: resultTable.indicatorId,
      eventId: resultTable.eventId,
      programmeId: indicatorTable.programmeId,
    })
    .from(resultTable)
    .innerJoin(indicatorTable, eq(indicatorTable.id, resultTable.indicatorId))
    .where(eq(resultTable.id, id));
  return row ?? null;
}

export async function selectResults(db: Executor, indicatorId: string): Promise<Result[]> {
  const rows = await db
    .select({
      id: resultTable.id,
      indicatorId: resultTable.indicatorId,
      periodStart: resultTable.periodStart,
      periodEnd: resultTable.periodEnd,
      placeId: placeTable.id,
      placeName: placeTable.name,
      placeKind: placeTable.kind,
      valueKind: resultTable.valueKind,
      value: resultTable.value,
      denominator: resultTable.denominator,
      text: resultTable.text,
      eventId: resultTable.eventId,
    })
    .from(resultTable)
    .leftJoin(placeTable, eq(placeTable.id, resultTable.placeId))
    .where(eq(resultTable.indicatorId, indicatorId))
    .orderBy(asc(resultTable.periodStart), asc(resultTable.createdAt))
    .limit(1000);
  const ids = rows.map((r) => r.id);
  const cells =
    ids.length === 0
      ? []
      : await db.select().from(resultBreakdownTable).where(inArray(resultBreakdownTable.resultId, ids));
  const byResult = new Map<string, BreakdownCell[]>();
  for (const c of cells) {
    const list = byResult.get(c.resultId) ?? [];
    list.push({
      sex: c.sex as Sex | null,
      ageGroup: c.ageGroup as BreakdownCell["ageGroup"],
      category: c.category as ParticipantCategory | null,
      value: c.value,
    });
    byResult.set(c.resultId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    indicatorId: r.indicatorId,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    place: r.placeId ? { id: r.placeId, name: r.placeName ?? "", kind: r.placeKind ?? "" } : null,
    valueKind: r.valueKind as ValueKind,
    value: r.value,
    denominator: r.denominator,
    text: r.text,
    breakdown: byResult.get(r.id) ?? [],
    eventId: r.eventId,
  }));
}

// ---- Events ----

export type EventFields = {
  programmeId: string;
  kind: EventKind;
  title: string;
  startDate: string;
  endDate: string | null;
  dateReported: boolean;
  placeIds: string[];
  districtId: string | null;
  organiserIds: string[];
  activityId: string | null;
  indicatorIds: string[];
  reachNote: string | null;
  repeatAudience: boolean;
  notes: string | null;
};
export type Participants = { category: ParticipantCategory; sex: Sex; count: number };

export async function insertEvent(
  db: Executor,
  fields: EventFields,
  participants: Participants[],
): Promise<string> {
  const [row] = await db.insert(programmeEventTable).values(fields).returning({ id: programmeEventTable.id });
  if (!row) throw new Error("insert returned no row");
  if (participants.length > 0)
    await db.insert(eventParticipantsTable).values(participants.map((p) => ({ eventId: row.id, ...p })));
  return row.id;
}

export async function deleteEventRow(db: Executor, id: string): Promise<void> {
  await db.delete(programmeEventTable).where(eq(programmeEventTable.id, id));
}

export type EventRow = EventFields & { id: string; participants: Participants[] };

export async function selectEvents(
  db: Executor,
  where: { programmeId?: string; id?: string },
): Promise<EventRow[]> {
  const rows = await db
    .select()
    .from(programmeEventTable)
    .where(
      where.id
        ? eq(programmeEventTable.id, where.id)
        : eq(programmeEventTable.programmeId, where.programmeId ?? ""),
    )
    .orderBy(asc(programmeEventTable.startDate), asc(programmeEventTable.createdAt));
  const ids = rows.map((r) => r.id);
  const people =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(eventParticipantsTable)
          .where(inArray(eventParticipantsTable.eventId, ids))
          .orderBy(asc(eventParticipantsTable.category), asc(eventParticipantsTable.sex));
  const byEvent = new Map<string, Participants[]>();
  for (const p of people) {
    const list = byEvent.get(p.eventId) ?? [];
    list.push({ category: p.category as ParticipantCategory, sex: p.sex as Sex, count: p.count });
    byEvent.set(p.eventId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    programmeId: r.programmeId,
    kind: r.kind as EventKind,
    title: r.title,
    startDate: r.startDate,
    endDate: r.endDate,
    dateReported: r.dateReported,
    placeIds: r.placeIds,
    districtId: r.districtId,
    organiserIds: r.organiserIds,
    activityId: r.activityId,
    indicatorIds: r.indicatorIds,
    reachNote: r.reachNote,
    repeatAudience: r.repeatAudience,
    notes: r.notes,
    participants: byEvent.get(r.id) ?? [],
  }));
}

/** Rebuilds one programme's people-reached rollup from its events (every event once; repeat audiences not again). */
export async function refreshProgrammeReach(db: Executor, programmeId: string): Promise<void> {
  await db.delete(programmeReachTable).where(eq(programmeReachTable.programmeId, programmeId));
  await db.execute(sql`
    insert into programme_reach (programme_id, category, sex, district_id, people)
    select e.programme_id, p.category, p.sex, e.district_id, sum(p.count)::int
    from programme_event e join event_participants p on p.event_id = e.id
    where e.programme_id = ${programmeId} and not e.repeat_audience
    group by e.programme_id, p.category, p.sex, e.district_id`);
}

/** Which programmes a dashboard covers: these ids, or (null) all of them. */
export type ProgrammeFilter = string[] | null;
const filterOn = (column: SQL, ids: ProgrammeFilter) =>
  ids === null ? sql`true` : ids.length === 0 ? sql`false` : inArray(column, ids);

export async function selectReach(db: Executor, programmeIds: ProgrammeFilter): Promise<ReachRow[]> {
  const rows = await queryRows<{
    category: string;
    sex: string;
    district_id: string | null;
    district_name: string | null;
    people: number;
  }>(
    db,
    sql`select r.category, r.sex, r.district_id, d.name as district_name, sum(r.people)::int as people
        from programme_reach r left join place d on d.id = r.district_id
        where ${filterOn(sql`r.programme_id`, programmeIds)}
        group by r.category, r.sex, r.district_id, d.name
        order by people desc, r.category`,
  );
  return rows.map((r) => ({
    category: r.category as ParticipantCategory,
    sex: r.sex as Sex,
    districtId: r.district_id,
    districtName: r.district_name,
    people: Number(r.people),
  }));
}

export async function selectQualitativeReach(db: Executor, programmeIds: ProgrammeFilter) {
  return db
    .select({ title: programmeEventTable.title, note: sql<string>`${programmeEventTable.reachNote}` })
    .from(programmeEventTable)
    .where(
      and(
        sql`${programmeEventTable.reachNote} is not null`,
        filterOn(sql`${programmeEventTable.programmeId}`, programmeIds),
      ),
    )
    .orderBy(asc(programmeEventTable.startDate))
    .limit(200);
}

/** Events and people per month (events are few next to results, so counted directly); undated ones: selectUndated. */
export async function selectTimeline(db: Executor, programmeIds: ProgrammeFilter) {
  const rows = await queryRows<{ month: string; events: number; people: number }>(
    db,
    sql`select to_char(e.start_date, 'YYYY-MM') as month, count(*)::int as events,
               coalesce(sum((select sum(p.count) from event_participants p where p.event_id = e.id) ) filter (where not e.repeat_audience), 0)::int as people
        from programme_event e
        where ${filterOn(sql`e.programme_id`, programmeIds)} and e.date_reported
        group by 1 order by 1`,
  );
  return rows.map((r) => ({ month: r.month, events: Number(r.events), people: Number(r.people) }));
}

export async function selectAllProgrammeIds(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: programmeTable.id })
    .from(programmeTable)
    .orderBy(asc(programmeTable.title))
    .limit(limit);
  return rows.map((r) => r.id);
}

// ---- Editing (issue 6): indicators, events and what a logframe item still holds ----

export async function updateIndicatorRow(
  db: Executor,
  id: string,
  fields: Omit<IndicatorRow, "id" | "programmeId" | "libraryCode">,
): Promise<void> {
  await db.update(indicatorTable).set(fields).where(eq(indicatorTable.id, id));
}

export async function replaceTargets(
  db: Executor,
  indicatorId: string,
  targets: TargetInput[],
): Promise<void> {
  await db.delete(indicatorTargetTable).where(eq(indicatorTargetTable.indicatorId, indicatorId));
  await insertTargets(db, indicatorId, targets);
}

/** How many results each of these indicators has (those with none are absent). */
export async function countResults(
  db: Executor,
  indicatorIds: readonly string[],
): Promise<Map<string, number>> {
  if (indicatorIds.length === 0) return new Map();
  const rows = await db
    .select({ indicatorId: resultTable.indicatorId, n: count() })
    .from(resultTable)
    .where(inArray(resultTable.indicatorId, [...indicatorIds]))
    .groupBy(resultTable.indicatorId);
  return new Map(rows.map((r) => [r.indicatorId, Number(r.n)]));
}

/** The disaggregation dimensions an indicator's results are broken down by. */
export async function selectBreakdownDimensions(
  db: Executor,
  indicatorId: string,
): Promise<Disaggregation[]> {
  const [row] = await queryRows<{ sex: boolean; age_group: boolean; category: boolean }>(
    db,
    sql`select coalesce(bool_or(b.sex is not null), false) as sex,
               coalesce(bool_or(b.age_group is not null), false) as age_group,
               coalesce(bool_or(b.category is not null), false) as category
        from result_breakdown b join result r on r.id = b.result_id
        where r.indicator_id = ${indicatorId}`,
  );
  const used: Disaggregation[] = [];
  if (row?.sex) used.push("sex");
  if (row?.age_group) used.push("age_group");
  if (row?.category) used.push("category");
  return used;
}

/** Events stop naming an indicator that is removed (their arrays have no foreign key to cascade). */
export async function unlinkIndicatorFromEvents(db: Executor, programmeId: string, indicatorId: string) {
  await db
    .update(programmeEventTable)
    .set({ indicatorIds: sql`array_remove(${programmeEventTable.indicatorIds}, ${indicatorId}::uuid)` })
    .where(
      and(
        eq(programmeEventTable.programmeId, programmeId),
        sql`${indicatorId}::uuid = any(${programmeEventTable.indicatorIds})`,
      ),
    );
}

export async function countEventsOfActivity(db: Executor, activityId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(programmeEventTable)
    .where(eq(programmeEventTable.activityId, activityId));
  return Number(row?.n ?? 0);
}

export async function updateEventRow(
  db: Executor,
  id: string,
  fields: Omit<EventFields, "programmeId">,
  participants: Participants[],
): Promise<void> {
  await db.update(programmeEventTable).set(fields).where(eq(programmeEventTable.id, id));
  await db.delete(eventParticipantsTable).where(eq(eventParticipantsTable.eventId, id));
  if (participants.length > 0)
    await db.insert(eventParticipantsTable).values(participants.map((p) => ({ eventId: id, ...p })));
}

/** The results an event wrote; they are written again from the event's new values. */
export async function deleteEventResults(db: Executor, eventId: string): Promise<void> {
  await db.delete(resultTable).where(eq(resultTable.eventId, eventId));
}

/** The first and last day any result, target or event of a programme covers: its period cannot shrink past them. */
export async function selectRecordedSpan(
  db: Executor,
  programmeId: string,
): Promise<{ first: string | null; last: string | null }> {
  const [row] = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`select to_char(min(d.first), 'YYYY-MM-DD') as first, to_char(max(d.last), 'YYYY-MM-DD') as last from (
          select r.period_start as first, r.period_end as last
            from result r join indicator i on i.id = r.indicator_id where i.programme_id = ${programmeId}
          union all
          select t.period_start, t.period_end
            from indicator_target t join indicator i on i.id = t.indicator_id where i.programme_id = ${programmeId}
          union all
          select e.start_date, coalesce(e.end_date, e.start_date) from programme_event e where e.programme_id = ${programmeId}
        ) d`,
  );
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/** Events whose date was not reported, and the people they reached: the timeline cannot place them in a month. */
export async function selectUndated(db: Executor, programmeIds: ProgrammeFilter) {
  const [row] = await queryRows<{ events: number; people: number }>(
    db,
    sql`select count(*)::int as events,
               coalesce(sum((select sum(p.count) from event_participants p where p.event_id = e.id)) filter (where not e.repeat_audience), 0)::int as people
        from programme_event e
        where ${filterOn(sql`e.programme_id`, programmeIds)} and not e.date_reported`,
  );
  return { events: Number(row?.events ?? 0), people: Number(row?.people ?? 0) };
}

/** Keeps a logframe item's text in every language its IATI source gave. */
export async function setLogframeItemNarratives(
  db: Executor,
  id: string,
  narratives: Record<string, string>,
): Promise<void> {
  await db.update(logframeItemTable).set({ narratives }).where(eq(logframeItemTable.id, id));
}

/** Keeps an indicator's title in every language its IATI source gave. */
export async function setIndicatorNarratives(
  db: Executor,
  id: string,
  narratives: Record<string, string>,
): Promise<void> {
  await db.update(indicatorTable).set({ narratives }).where(eq(indicatorTable.id, id));
}

/** The narratives kept for these logframe items and indicators (only those that have some), by id. */
export async function selectNarratives(
  db: Executor,
  ids: { logframeItemIds: readonly string[]; indicatorIds: readonly string[] },
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (ids.logframeItemIds.length > 0) {
    const rows = await db
      .select({ id: logframeItemTable.id, narratives: logframeItemTable.narratives })
      .from(logframeItemTable)
      .where(
        and(
          inArray(logframeItemTable.id, [...ids.logframeItemIds]),
          sql`${logframeItemTable.narratives} is not null`,
        ),
      );
    for (const r of rows) if (r.narratives) out.set(r.id, r.narratives);
  }
  if (ids.indicatorIds.length > 0) {
    const rows = await db
      .select({ id: indicatorTable.id, narratives: indicatorTable.narratives })
      .from(indicatorTable)
      .where(
        and(inArray(indicatorTable.id, [...ids.indicatorIds]), sql`${indicatorTable.narratives} is not null`),
      );
    for (const r of rows) if (r.narratives) out.set(r.id, r.narratives);
  }
  return out;
}
