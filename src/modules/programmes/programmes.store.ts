// The programme's own queries: the programme row, its organisations, places, themes and agreements, and the list.
import { and, asc, count, eq, ilike, inArray, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { agreementTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { IatiKept } from "./iati.schema";
import type { ProgrammeListQuery, ProgrammeStatus } from "./programmes.schema";
import {
  type ProgrammeNarratives,
  programmeAgreementTable,
  programmeOrganisationTable,
  programmePlaceTable,
  programmeTable,
  programmeThemeTable,
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

/** Of these ids, those of programmes in the register. */
export async function selectExistingProgrammeIds(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: programmeTable.id })
    .from(programmeTable)
    .where(inArray(programmeTable.id, [...ids]));
  return rows.map((r) => r.id);
}

/** What an IATI import keeps on a programme: the activity's identifier, its narratives, what else it said. */
export type ProgrammeIatiSource = {
  iatiIdentifier: string | null;
  narratives: ProgrammeNarratives | null;
  iati: IatiKept | null;
};

export async function setProgrammeIatiSource(
  db: Executor,
  id: string,
  source: ProgrammeIatiSource,
): Promise<void> {
  await db.update(programmeTable).set(source).where(eq(programmeTable.id, id));
}

export async function selectProgrammeIatiSource(db: Executor, id: string): Promise<ProgrammeIatiSource> {
  const [row] = await db
    .select({
      iatiIdentifier: programmeTable.iatiIdentifier,
      narratives: programmeTable.narratives,
      iati: programmeTable.iati,
    })
    .from(programmeTable)
    .where(eq(programmeTable.id, id));
  return row ?? { iatiIdentifier: null, narratives: null, iati: null };
}

/** What IATI imports kept on these programmes, by id (only those that kept something). */
export async function selectKeptIati(db: Executor, ids: readonly string[]): Promise<Map<string, IatiKept>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: programmeTable.id, iati: programmeTable.iati })
    .from(programmeTable)
    .where(inArray(programmeTable.id, [...ids]));
  return new Map(rows.flatMap((r) => (r.iati ? [[r.id, r.iati] as const] : [])));
}

/** One programme; `forUpdate` locks its row (a change to one of its children moves its version). */
export async function selectProgramme(
  db: Executor,
  id: string,
  options: { forUpdate: boolean } = { forUpdate: false },
): Promise<ProgrammeRecord | null> {
  const query = db.select(programmeColumns).from(programmeTable).where(eq(programmeTable.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
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

export async function selectProgrammeSummaries(
  db: Executor,
  query: ProgrammeListQuery,
  scopeOrganisationIds: string[] | null,
) {
  const conditions = [];
  if (query.q) conditions.push(ilike(programmeTable.title, `%${query.q.replace(/[%_\\]/g, "\\$&")}%`));
  if (query.status) conditions.push(eq(programmeTable.status, query.status));
  if (query.organisationId) {
    conditions.push(
      sql`(${programmeTable.leadOrganisationId} = ${query.organisationId} or exists (select 1 from programme_organisation po where po.programme_id = ${programmeTable.id} and po.organisation_id = ${query.organisationId} and po.role = 'implementing_partner'))`,
    );
  }
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
