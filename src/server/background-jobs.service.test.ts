// The server's scheduled work: with SMTP, the outbox is swept through the job queue every minute; without, not.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { createOrganisationFixture, systemActor } from "../../tests/factories";
import { type DatabaseHandle, queryRows } from "../db/client";
import { createIncident, getIncident, updateIncident } from "../modules/incidents";
import type { Mailer } from "../modules/mail";
import {
  INCIDENT_RETENTION_CRON,
  incidentRetentionJob,
  MAIL_DELIVERY_CRON,
  mailDeliveryJob,
  REPORTING_NOTICES_CRON,
  reportingNoticesJob,
  startBackgroundJobs,
} from "./background-jobs";

const timing = { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 };

function fakeMailer(delivery: Mailer["delivery"]): Mailer & { sweeps: number } {
  const mailer = {
    delivery,
    sweeps: 0,
    deliverSoon: () => undefined,
    deliverPending: async () => {
      mailer.sweeps++;
      return { sent: 0, failed: 0 };
    },
    close: async () => undefined,
  };
  return mailer;
}

const scheduleOf = (handle: DatabaseHandle, name = mailDeliveryJob.name) =>
  queryRows<{ cron: string; timezone: string }>(
    handle.db,
    sql`select cron, timezone from pgboss.schedule where name = ${name}`,
  );

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("background jobs", () => {
  it("with SMTP, sweeps the outbox on the minute's schedule, in Kigali time", async () => {
    const mailer = fakeMailer("smtp");
    const jobs = await startBackgroundJobs(handle, { mailer, timing, siteUrl: "https://ubufatanye.test" });
    try {
      expect(await scheduleOf(handle)).toEqual([{ cron: MAIL_DELIVERY_CRON, timezone: "Africa/Kigali" }]);
      const until = Date.now() + 10_000;
      while (mailer.sweeps === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(mailer.sweeps).toBeGreaterThan(0);
    } finally {
      await jobs.stop();
    }
  });

  it("without SMTP, schedules nothing (and takes back an earlier start's schedule)", async () => {
    const mailer = fakeMailer("outbox");
    const jobs = await startBackgroundJobs(handle, { mailer, timing, siteUrl: "https://ubufatanye.test" });
    await jobs.stop();
    expect(await scheduleOf(handle)).toEqual([]);
    expect(mailer.sweeps).toBe(0);
  });

  it("schedules the reporting reminders every day at 07:00 in Kigali, and works one sent now", async () => {
    const mailer = fakeMailer("outbox");
    const jobs = await startBackgroundJobs(handle, { mailer, timing, siteUrl: "https://ubufatanye.test" });
    try {
      expect(await scheduleOf(handle, reportingNoticesJob.name)).toEqual([
        { cron: REPORTING_NOTICES_CRON, timezone: "Africa/Kigali" },
      ]);
      const id = await jobs.send(reportingNoticesJob, { today: "2027-01-16" });
      expect(id).not.toBeNull();
      const until = Date.now() + 15_000;
      let state = "";
      while (state !== "completed" && Date.now() < until) {
        const [row] = await queryRows<{ state: string }>(
          handle.db,
          sql`select state from pgboss.job where id = ${id}::uuid union all select state from pgboss.archive where id = ${id}::uuid`,
        );
        state = row?.state ?? "";
        if (state !== "completed") await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe("completed");
      await expect(jobs.send(reportingNoticesJob, { today: "16 January" })).rejects.toThrow();
    } finally {
      await jobs.stop();
    }
  });

  it("schedules the incidents' retention every day at 02:00 in Kigali, and anonymises through the queue", async () => {
    const ctx = { db: handle.db, actor: systemActor, today: "2026-01-10" };
    const cso = await createOrganisationFixture(handle, { name: "Retention Job CSO" });
    const incident = await createIncident(ctx, {
      kind: "human_rights_abuse",
      placeKind: "unknown",
      description: "Closed long ago.",
      reportingOrganisationId: cso.id,
      persons: [{ role: "victim", identity: { name: "Job Canary" } }],
    });
    await updateIncident(ctx, incident.id, incident.version, { status: "closed", closureReason: "assisted" });
    const mailer = fakeMailer("outbox");
    const jobs = await startBackgroundJobs(handle, { mailer, timing, siteUrl: "https://ubufatanye.test" });
    try {
      expect(await scheduleOf(handle, incidentRetentionJob.name)).toEqual([
        { cron: INCIDENT_RETENTION_CRON, timezone: "Africa/Kigali" },
      ]);
      // Five years and a day after it was closed (the default period).
      await jobs.send(incidentRetentionJob, { today: "2031-01-11" });
      const until = Date.now() + 15_000;
      let anonymised = false;
      while (!anonymised && Date.now() < until) {
        anonymised = (await getIncident({ db: handle.db, actor: systemActor }, incident.id)).anonymised;
        if (!anonymised) await new Promise((r) => setTimeout(r, 100));
      }
      expect(anonymised).toBe(true);
    } finally {
      await jobs.stop();
    }
  });
});
