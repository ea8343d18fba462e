// Retention (law No 058/2021: kept no longer than needed): a closed incident is anonymised once its retention period
// has passed, unless on legal hold. Names, contacts, the description, notes and files go; kind, place, dates, the
// persons' codes and profiles stay, so statistics and the audit trail survive without personal data.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { inTransaction, type ServiceContext, todayOf } from "../../kernel";
import { recordChange } from "../audit";

/** Days a closed incident keeps its personal data: INCIDENT_RETENTION_DAYS, five years by default. */
export function retentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.INCIDENT_RETENTION_DAYS ?? 1825);
  return Number.isInteger(value) && value >= 1 ? value : 1825;
}

export type RetentionReport = { anonymised: number };

/**
 * Anonymises every closed incident whose closing day is more than `days` before today and that is not on legal hold,
 * in batches of 100, each in its own transaction (rows locked, skipped when another instance holds them): run twice,
 * it does nothing twice.
 */
export async function anonymiseExpiredIncidents(
  ctx: ServiceContext,
  options: { days?: number } = {},
): Promise<RetentionReport> {
  const days = options.days ?? retentionDays();
  const today = todayOf(ctx);
  let anonymised = 0;
  for (;;) {
    const done = await inTransaction(ctx, async (tx) => {
      const due = await queryRows<{ id: string; number: number; created_at: string }>(
        tx.db,
        sql`select id, number, created_at from incident
            where status = 'closed' and not legal_hold and anonymised_at is null
              and closed_on < ${today}::date - ${days}::int
            order by closed_on, id limit 100 for update skip locked`,
      );
      for (const row of due) await anonymiseIncident(tx.db, row.id);
      for (const row of due)
        await recordChange(tx.db, tx.actor, {
          action: "update",
          entityType: "incident",
          entityId: row.id,
          entityLabel: `INC-${new Date(row.created_at).getUTCFullYear()}-${String(row.number).padStart(5, "0")}`,
          before: { anonymised: false },
          after: { anonymised: true, retentionDays: days },
        });
      return due.length;
    });
    anonymised += done;
    if (done < 100) return { anonymised };
  }
}

async function anonymiseIncident(db: Executor, id: string): Promise<void> {
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
