// Queries of the retention job: which closed incidents are due, and anonymising one.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";

/** Closed incidents past `days` after closing, not on hold nor anonymised, locked (others' locks skipped). */
export async function selectExpiredIncidents(
  db: Executor,
  today: string,
  days: number,
  limit: number,
): Promise<{ id: string; number: number; createdAt: Date }[]> {
  const rows = await queryRows<{ id: string; number: number; created_at: string | Date }>(
    db,
    sql`select id, number, created_at from incident
        where status = 'closed' and not legal_hold and anonymised_at is null
          and closed_on < ${today}::date - ${days}::int
        order by closed_on, id limit ${limit} for update skip locked`,
  );
  return rows.map((r) => ({ id: r.id, number: Number(r.number), createdAt: new Date(r.created_at) }));
}

/** Erases the personal data of one incident; kind, place, dates, codes and profiles stay. */
export async function anonymiseIncident(db: Executor, id: string): Promise<void> {
  await db.execute(
    sql`delete from incident_person_identity where person_id in (select id from incident_person where incident_id = ${id})`,
  );
  await db.execute(sql`delete from incident_attachment where incident_id = ${id}`);
  await db.execute(
    sql`update referral_follow_up set note_sealed = null where referral_id in (select id from referral where incident_id = ${id})`,
  );
  await db.execute(
    sql`update referral set note_sealed = null, vital_interest_reason_sealed = null, status_reason_sealed = null,
          version = version + 1, updated_at = now() where incident_id = ${id}`,
  );
  await db.execute(
    sql`update incident_consent set guardian_relation = null where person_id in (select id from incident_person where incident_id = ${id})`,
  );
  await db.execute(
    sql`update incident set description_sealed = null, anonymised_at = now(), version = version + 1, updated_at = now()
        where id = ${id}`,
  );
}
