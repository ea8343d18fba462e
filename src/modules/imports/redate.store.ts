// Queries of re-dating a load (decision 042): progress entries and first status changes written by one transaction
// and still dated with its day, found by the transaction's time and writer, locked and moved to the report's day.
import { sql } from "drizzle-orm";
import { arrayParam, type Executor, queryRows } from "../../db/client";

/*
 * A row's transaction time: now() of the transaction that inserted it. A never-edited progress entry keeps it in
 * updated_at whichever path wrote it (the bulk path spaces created_at a millisecond a row, so created_at is not it);
 * a status change in recorded_at; an agreement in created_at.
 */

/** Entries still re-datable: never edited, marked as reported, dated the Kigali day of their transaction. */
const REDATABLE_ENTRIES = sql`select e.id, e.agreement_id, e.created_by as written_by, e.updated_at as written_at
  from progress_entry e
  where e.version = 1 and e.date_reported
    and e.entry_date = (e.updated_at at time zone 'Africa/Kigali')::date`;

/**
 * Registrations still re-datable: an agreement's first status change (no from-status, none recorded before it),
 * recorded by the transaction that created the agreement, still dated that transaction's Kigali day.
 */
const REDATABLE_REGISTRATIONS = sql`select sc.id, sc.agreement_id, sc.changed_by as written_by, sc.recorded_at as written_at
  from agreement_status_change sc
  join agreement a on a.id = sc.agreement_id and a.created_at = sc.recorded_at
  where sc.from_status is null
    and sc.changed_on = (sc.recorded_at at time zone 'Africa/Kigali')::date
    and not exists (select 1 from agreement_status_change o
      where o.agreement_id = sc.agreement_id and o.recorded_seq < sc.recorded_seq)`;

export type LoadRow = {
  writtenBy: string;
  /** The transaction's instant as "20261207T081112.123456Z" (UTC, microseconds): exact, unlike a JS Date. */
  instantKey: string;
  /** The same instant as ISO text. */
  writtenAt: string;
  loadDay: string;
  progressEntries: number;
  registrations: number;
  agreementIds: string[];
  agreementTitles: string[];
};

/**
 * Every load: re-datable entries grouped by transaction time and writer, kept when there are at least two (a person
 * adds entries one request at a time), or one with agreements registered by the same transaction (the agreement
 * form registers without progress). Newest first.
 */
export async function selectLoads(db: Executor, titlesPerLoad: number): Promise<LoadRow[]> {
  const rows = await queryRows<{
    written_by: string;
    instant_key: string;
    written_at: string;
    load_day: string;
    progress_entries: number;
    registrations: number;
    agreement_ids: string[] | null;
    agreement_titles: string[] | null;
  }>(
    db,
    sql`with entries as (${REDATABLE_ENTRIES}),
    registrations as (${REDATABLE_REGISTRATIONS}),
    loads as (
      select written_by, written_at, count(*)::int as progress_entries
      from entries group by written_by, written_at
    ),
    members as (
      select written_by, written_at, agreement_id from entries
      union
      select written_by, written_at, agreement_id from registrations
    ),
    counted as (
      select l.*,
        (select count(*)::int from registrations r
          where r.written_by = l.written_by and r.written_at = l.written_at) as registrations
      from loads l
    )
    select c.written_by,
      to_char(c.written_at at time zone 'UTC', 'YYYYMMDD"T"HH24MISS.US"Z"') as instant_key,
      to_char(c.written_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as written_at,
      ((c.written_at at time zone 'Africa/Kigali')::date)::text as load_day,
      c.progress_entries,
      c.registrations,
      array(select m.agreement_id::text from members m
        where m.written_by = c.written_by and m.written_at = c.written_at) as agreement_ids,
      array(select a.title from members m join agreement a on a.id = m.agreement_id
        where m.written_by = c.written_by and m.written_at = c.written_at
        order by lower(a.title), a.id limit ${titlesPerLoad}) as agreement_titles
    from counted c
    where c.progress_entries >= 2 or (c.progress_entries >= 1 and c.registrations >= 1)
    order by c.written_at desc, c.written_by`,
  );
  return rows.map((r) => ({
    writtenBy: r.written_by,
    instantKey: r.instant_key,
    writtenAt: r.written_at,
    loadDay: r.load_day,
    progressEntries: r.progress_entries,
    registrations: r.registrations,
    agreementIds: r.agreement_ids ?? [],
    agreementTitles: r.agreement_titles ?? [],
  }));
}

/** Who wrote progress entries, or any audited row, in the transaction of this instant (ISO text). */
export async function selectWritersAt(
  db: Executor,
  instant: string,
): Promise<{ entryWriters: string[]; auditWriters: string[] }> {
  const entries = await queryRows<{ created_by: string }>(
    db,
    sql`select distinct created_by from progress_entry where updated_at = ${instant}::timestamptz`,
  );
  const audited = await queryRows<{ actor_label: string }>(
    db,
    sql`select distinct actor_label from audit_log where occurred_at = ${instant}::timestamptz`,
  );
  return {
    entryWriters: entries.map((r) => r.created_by),
    auditWriters: audited.map((r) => r.actor_label),
  };
}

export type LoadEntryRow = { id: string; agreementId: string; agreementTitle: string; text: string };

/** The load's re-datable entries, locked until the transaction ends; in the order they were recorded. */
export async function lockLoadEntries(
  db: Executor,
  instant: string,
  writtenBy: string,
  loadDay: string,
): Promise<LoadEntryRow[]> {
  const rows = await queryRows<{ id: string; agreement_id: string; agreement_title: string; text: string }>(
    db,
    sql`select e.id, e.agreement_id, a.title as agreement_title, e.text
      from progress_entry e join agreement a on a.id = e.agreement_id
      where e.created_by = ${writtenBy} and e.updated_at = ${instant}::timestamptz
        and e.version = 1 and e.date_reported and e.entry_date = ${loadDay}::date
      order by e.recorded_seq
      for update of e`,
  );
  return rows.map((r) => ({
    id: r.id,
    agreementId: r.agreement_id,
    agreementTitle: r.agreement_title,
    text: r.text,
  }));
}

export type LoadRegistrationRow = {
  id: string;
  agreementId: string;
  title: string;
  /** The earliest day of the agreement's other status changes (null: it has none). */
  nextChangeOn: string | null;
};

/** The load's re-datable registrations, with their agreements, locked until the transaction ends. */
export async function lockLoadRegistrations(
  db: Executor,
  instant: string,
  writtenBy: string,
  loadDay: string,
): Promise<LoadRegistrationRow[]> {
  const rows = await queryRows<{ id: string; agreement_id: string; title: string }>(
    db,
    sql`select sc.id, sc.agreement_id, a.title
      from agreement_status_change sc
      join agreement a on a.id = sc.agreement_id and a.created_at = sc.recorded_at
      where sc.changed_by = ${writtenBy} and sc.recorded_at = ${instant}::timestamptz
        and sc.from_status is null and sc.changed_on = ${loadDay}::date
        and not exists (select 1 from agreement_status_change o
          where o.agreement_id = sc.agreement_id and o.recorded_seq < sc.recorded_seq)
      order by lower(a.title), a.id
      for update of sc, a`,
  );
  if (rows.length === 0) return [];
  const next = await queryRows<{ agreement_id: string; next_change_on: string }>(
    db,
    sql`select o.agreement_id, min(o.changed_on)::text as next_change_on
      from agreement_status_change o
      where o.agreement_id = any(${arrayParam(
        rows.map((r) => r.agreement_id),
        "uuid",
      )}) and o.id <> all(${arrayParam(
        rows.map((r) => r.id),
        "uuid",
      )})
      group by o.agreement_id`,
  );
  const nextOf = new Map(next.map((r) => [r.agreement_id, r.next_change_on]));
  return rows.map((r) => ({
    id: r.id,
    agreementId: r.agreement_id,
    title: r.title,
    nextChangeOn: nextOf.get(r.agreement_id) ?? null,
  }));
}

export type AgreementScopeRow = { id: string; organisationIds: string[]; districtIds: string[] };

/** Each agreement's scope as the policy reads it: its parties' organisations and the districts of its places. */
export async function selectAgreementScopes(
  db: Executor,
  agreementIds: readonly string[],
): Promise<AgreementScopeRow[]> {
  if (agreementIds.length === 0) return [];
  const rows = await queryRows<{ id: string; organisation_ids: string[]; district_ids: string[] }>(
    db,
    sql`select a.id, a.party_organisation_ids::text[] as organisation_ids,
      array(select distinct s.district_id::text from (
        select case when p.kind = 'district' then p.id
          else (select d.id from place d where d.id = p.parent_id and d.kind = 'district') end as district_id
        from agreement_area ar join place p on p.id = ar.place_id
        where ar.agreement_id = a.id) s
        where s.district_id is not null) as district_ids
      from agreement a where a.id = any(${arrayParam(agreementIds, "uuid")})`,
  );
  return rows.map((r) => ({ id: r.id, organisationIds: r.organisation_ids, districtIds: r.district_ids }));
}

/** Moves the entries to the report's day, marked "date not reported"; their versions move (a stale edit gets 412). */
export async function redateEntryRows(
  db: Executor,
  ids: readonly string[],
  reportDate: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update progress_entry
      set entry_date = ${reportDate}::date, date_reported = false, version = version + 1, updated_at = now()
      where id = any(${arrayParam(ids, "uuid")}) and version = 1 and date_reported
      returning id`,
  );
  return rows.length;
}

/** Dates these registrations (first status changes) with the report's day. */
export async function redateRegistrationRows(
  db: Executor,
  ids: readonly string[],
  reportDate: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`update agreement_status_change set changed_on = ${reportDate}::date
      where id = any(${arrayParam(ids, "uuid")})`,
  );
}

/** A new version of each agreement whose history changed: an edit made on the version read before gets 412. */
export async function bumpAgreementVersions(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`update agreement set version = version + 1, updated_at = now()
      where id = any(${arrayParam(ids, "uuid")})`,
  );
}
