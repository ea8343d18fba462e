// Queries of the status report export: the agreements a report shows and, in a few bulk queries, all it prints.
import { and, asc, eq, lte, or, type SQL, sql } from "drizzle-orm";
import { arrayParam, type Executor, queryRows } from "../../db/client";
import type { AgreementListQuery, AgreementStatus, ProgressKind } from "../agreements";
import {
  type AgreementRecord,
  buildTextSearch,
  listConditions,
  type PlaceFilter,
  toAgreementRecord,
} from "../agreements";
import {
  agreementAreaTable,
  agreementOtherFieldTable,
  agreementSearchTable,
  agreementStatusChangeTable,
  agreementTable,
  commitmentTable,
  progressEntryTable,
} from "../agreements/agreements.table";
import { membershipTable, organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";

/** The list's filters (status excepted: the report filters on the status as of its date), limited to what existed then. */
/**
 * The day an agreement entered the register: its first status change (the day it was recorded, or, imported from a
 * report "as of" a day, that day); its creation day in Kigali for a row without one.
 */
const registeredOn = sql`coalesce(
  (select min(sc.changed_on) from agreement_status_change sc where sc.agreement_id = ${agreementTable.id}),
  (${agreementTable.createdAt} at time zone 'Africa/Kigali')::date)`;

export async function selectReportAgreements(
  db: Executor,
  query: Omit<AgreementListQuery, "status" | "limit" | "offset">,
  asOf: string,
  today: string,
  place: PlaceFilter | null,
): Promise<AgreementRecord[]> {
  const search = query.q ? await buildTextSearch(db, query.q) : null;
  const { where } = listConditions({ ...query, limit: 1, offset: 0 }, today, place, search);
  // A dated agreement is in the report once it may have been signed: its sort key is the first day its date can mean
  // ("2022-06-00" is before any day of June 2022, "2016/2017" is "2016-00-00", see decision 026); an undated one once
  // it was registered (its first status change: the day it was recorded, or the day of the report it came from).
  const existed: SQL = or(
    and(sql`${agreementTable.signedYear} is not null`, lte(agreementTable.signedSortKey, asOf)),
    and(sql`${agreementTable.signedYear} is null`, sql`${registeredOn} <= ${asOf}::date`),
  ) as SQL;
  const condition = where ? and(where, existed) : existed;
  const rows = search
    ? (
        await db
          .select()
          .from(agreementTable)
          .innerJoin(agreementSearchTable, eq(agreementSearchTable.agreementId, agreementTable.id))
          .where(condition)
      ).map((r) => r.agreement)
    : await db.select().from(agreementTable).where(condition);
  return rows.map(toAgreementRecord);
}

/** Amendments of these agreements that existed on the date (signed, or recorded when undated). */
export async function selectAmendmentsOf(
  db: Executor,
  agreementIds: readonly string[],
  asOf: string,
): Promise<AgreementRecord[]> {
  if (agreementIds.length === 0) return [];
  const rows = await db
    .select()
    .from(agreementTable)
    .where(
      and(
        sql`${agreementTable.amendsId} = any(${arrayParam(agreementIds, "uuid")})`,
        sql`(case when ${agreementTable.signedYear} is null then ${registeredOn}::text else ${agreementTable.signedSortKey} end) <= ${asOf}`,
      ),
    );
  return rows.map(toAgreementRecord);
}

export type ReportParty = {
  organisationId: string;
  role: string;
  name: string;
  acronym: string | null;
  kind: string;
  countryCode: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
};

/** Parties with the contacts the report prints, in the order the parties were given. */
export async function selectReportPartiesOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, ReportParty[]>> {
  const out = new Map<string, ReportParty[]>();
  if (agreementIds.length === 0) return out;
  const rows = await queryRows<{
    agreement_id: string;
    organisation_id: string;
    role: string;
    name: string;
    acronym: string | null;
    kind: string;
    country_code: string | null;
    email: string | null;
    phone: string | null;
    website: string | null;
  }>(
    db,
    sql`select p.agreement_id, p.organisation_id, p.role, o.name, o.acronym, o.kind, o.country_code, o.email, o.phone, o.website
    from agreement_party p join organisation o on o.id = p.organisation_id
    where p.agreement_id = any(${arrayParam(agreementIds, "uuid")})
    order by p.position, o.name_key, p.role`,
  );
  for (const r of rows) {
    const list = out.get(r.agreement_id) ?? [];
    if (!list.some((p) => p.organisationId === r.organisation_id)) {
      list.push({
        organisationId: r.organisation_id,
        role: r.role,
        name: r.name,
        acronym: r.acronym,
        kind: r.kind,
        countryCode: r.country_code,
        email: r.email,
        phone: r.phone,
        website: r.website,
      });
    }
    out.set(r.agreement_id, list);
  }
  return out;
}

export type ReportArea = { placeId: string | null; placeSet: string | null };

export async function selectReportAreasOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, ReportArea[]>> {
  const out = new Map<string, ReportArea[]>();
  if (agreementIds.length === 0) return out;
  const rows = await db
    .select({
      agreementId: agreementAreaTable.agreementId,
      placeId: agreementAreaTable.placeId,
      placeSet: agreementAreaTable.placeSet,
    })
    .from(agreementAreaTable)
    .where(sql`${agreementAreaTable.agreementId} = any(${arrayParam(agreementIds, "uuid")})`)
    .orderBy(asc(agreementAreaTable.position), asc(agreementAreaTable.id));
  for (const { agreementId, ...area } of rows) out.set(agreementId, [...(out.get(agreementId) ?? []), area]);
  return out;
}

export type ReportPlace = {
  id: string;
  code: string;
  kind: string;
  names: { en: string; fr: string; rw: string };
  parentId: string | null;
  isOpenCorrectionalFacility: boolean;
};

/** Every place (a few hundred): areas, their districts and provinces, and the members of sets. */
export async function selectReportPlaces(db: Executor): Promise<Map<string, ReportPlace>> {
  const rows = await db
    .select({
      id: placeTable.id,
      code: placeTable.code,
      kind: placeTable.kind,
      names: placeTable.names,
      parentId: placeTable.parentId,
      operator: placeTable.operator,
      isOpen: placeTable.isOpen,
    })
    .from(placeTable)
    .orderBy(asc(placeTable.name));
  return new Map(
    rows.map(({ operator, isOpen, ...r }) => [
      r.id,
      { ...r, isOpenCorrectionalFacility: r.kind === "place_of_detention" && operator === "RCS" && isOpen },
    ]),
  );
}

export async function selectReportCommitmentsOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (agreementIds.length === 0) return out;
  const rows = await db
    .select({ agreementId: commitmentTable.agreementId, text: commitmentTable.text })
    .from(commitmentTable)
    .where(
      and(
        sql`${commitmentTable.agreementId} = any(${arrayParam(agreementIds, "uuid")})`,
        sql`${commitmentTable.status} <> 'dropped'`,
      ),
    )
    .orderBy(asc(commitmentTable.position), asc(commitmentTable.createdAt));
  for (const r of rows) out.set(r.agreementId, [...(out.get(r.agreementId) ?? []), r.text]);
  return out;
}

export type ReportOtherField = { label: string; value: string };

/** The other fields of each agreement (an import's unmapped columns), in their order. */
export async function selectReportOtherFieldsOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, ReportOtherField[]>> {
  const out = new Map<string, ReportOtherField[]>();
  if (agreementIds.length === 0) return out;
  const rows = await db
    .select({
      agreementId: agreementOtherFieldTable.agreementId,
      label: agreementOtherFieldTable.label,
      value: agreementOtherFieldTable.value,
    })
    .from(agreementOtherFieldTable)
    .where(sql`${agreementOtherFieldTable.agreementId} = any(${arrayParam(agreementIds, "uuid")})`)
    .orderBy(asc(agreementOtherFieldTable.position), asc(agreementOtherFieldTable.createdAt));
  for (const { agreementId, ...field } of rows)
    out.set(agreementId, [...(out.get(agreementId) ?? []), field]);
  return out;
}

export type ReportProgress = {
  kind: ProgressKind;
  text: string;
  entryDate: string;
  dueOn: string | null;
  done: boolean;
};

/** Progress entries dated on or before the report's date, oldest first (then in the order recorded). */
export async function selectReportProgressOf(
  db: Executor,
  agreementIds: readonly string[],
  asOf: string,
): Promise<Map<string, ReportProgress[]>> {
  const out = new Map<string, ReportProgress[]>();
  if (agreementIds.length === 0) return out;
  const rows = await db
    .select({
      agreementId: progressEntryTable.agreementId,
      kind: progressEntryTable.kind,
      text: progressEntryTable.text,
      entryDate: progressEntryTable.entryDate,
      dueOn: progressEntryTable.dueOn,
      done: progressEntryTable.done,
    })
    .from(progressEntryTable)
    .where(
      and(
        sql`${progressEntryTable.agreementId} = any(${arrayParam(agreementIds, "uuid")})`,
        lte(progressEntryTable.entryDate, asOf),
      ),
    )
    .orderBy(
      asc(progressEntryTable.entryDate),
      asc(progressEntryTable.createdAt),
      asc(progressEntryTable.recordedSeq),
    );
  for (const { agreementId, ...entry } of rows) {
    out.set(agreementId, [...(out.get(agreementId) ?? []), { ...entry, kind: entry.kind as ProgressKind }]);
  }
  return out;
}

export type ReportStatusChange = {
  fromStatus: AgreementStatus | null;
  toStatus: AgreementStatus;
  changedOn: string;
};

export async function selectReportStatusChangesOf(
  db: Executor,
  agreementIds: readonly string[],
): Promise<Map<string, ReportStatusChange[]>> {
  const out = new Map<string, ReportStatusChange[]>();
  if (agreementIds.length === 0) return out;
  const rows = await db
    .select({
      agreementId: agreementStatusChangeTable.agreementId,
      fromStatus: agreementStatusChangeTable.fromStatus,
      toStatus: agreementStatusChangeTable.toStatus,
      changedOn: agreementStatusChangeTable.changedOn,
    })
    .from(agreementStatusChangeTable)
    .where(sql`${agreementStatusChangeTable.agreementId} = any(${arrayParam(agreementIds, "uuid")})`)
    .orderBy(asc(agreementStatusChangeTable.recordedAt), asc(agreementStatusChangeTable.recordedSeq));
  for (const { agreementId, ...change } of rows) {
    out.set(agreementId, [
      ...(out.get(agreementId) ?? []),
      {
        fromStatus: change.fromStatus as AgreementStatus | null,
        toStatus: change.toStatus as AgreementStatus,
        changedOn: change.changedOn,
      },
    ]);
  }
  return out;
}

export type ReportMembership = {
  organisationId: string;
  organisationName: string;
  networkId: string;
  networkName: string;
  networkAcronym: string | null;
  networkDescription: string | null;
  networkWebsite: string | null;
  role: string;
  roleNote: string | null;
  startYear: number | null;
  endYear: number | null;
};

/** Memberships of these organisations (the institutions keeping the register) in networks and associations. */
export async function selectReportMemberships(
  db: Executor,
  organisationIds: readonly string[],
): Promise<ReportMembership[]> {
  if (organisationIds.length === 0) return [];
  const rows = await queryRows<{
    organisation_id: string;
    organisation_name: string;
    network_id: string;
    network_name: string;
    network_acronym: string | null;
    network_description: string | null;
    network_website: string | null;
    role: string;
    role_note: string | null;
    start_year: number | null;
    end_year: number | null;
  }>(
    db,
    sql`select m.organisation_id, o.name as organisation_name, m.network_id, n.name as network_name,
      n.acronym as network_acronym, n.description as network_description, n.website as network_website,
      m.role, m.role_note, m.start_year, m.end_year
    from ${membershipTable} m
    join ${organisationTable} o on o.id = m.organisation_id
    join ${organisationTable} n on n.id = m.network_id
    where m.organisation_id in (${sql.join(
      organisationIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
    order by m.created_at, m.recorded_seq`,
  );
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    networkId: r.network_id,
    networkName: r.network_name,
    networkAcronym: r.network_acronym,
    networkDescription: r.network_description,
    networkWebsite: r.network_website,
    role: r.role,
    roleNote: r.role_note,
    startYear: r.start_year,
    endYear: r.end_year,
  }));
}
