// Retention (law No 058/2021: kept no longer than needed): a closed incident is anonymised once its retention period
// has passed, unless on legal hold. Names, contacts, the description, notes and files go; kind, place, dates, the
// persons' codes and profiles stay, so statistics and the audit trail survive without personal data.
import { inTransaction, type ServiceContext, todayOf } from "../../kernel";
import { recordChange } from "../audit";
import { anonymiseIncident, selectExpiredIncidents } from "./incident-retention.store";
import { incidentReference } from "./incidents.store";

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
      const due = await selectExpiredIncidents(tx.db, today, days, 100);
      for (const row of due) await anonymiseIncident(tx.db, row.id);
      for (const row of due)
        await recordChange(tx.db, tx.actor, {
          action: "update",
          entityType: "incident",
          entityId: row.id,
          entityLabel: incidentReference(row),
          before: { anonymised: false },
          after: { anonymised: true, retentionDays: days },
        });
      return due.length;
    });
    anonymised += done;
    if (done < 100) return { anonymised };
  }
}
