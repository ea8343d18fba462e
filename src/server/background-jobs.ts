// The work the server does on a clock, through the job queue (decision 015): the outbox's retries, which otherwise
// waited for the next email written or the next start, and the reporting reminders and digests (issue 16).
import type { Logger } from "pino";
import { z } from "zod";
import type { DatabaseHandle } from "../db/client";
import { defineJob, type JobQueue, type JobQueueOptions, startJobQueue } from "../kernel";
import { IsoDateSchema } from "../modules/agreements";
import { anonymiseExpiredIncidents } from "../modules/incidents";
import { extractPendingTexts, libraryTextJob } from "../modules/library";
import type { Mailer } from "../modules/mail";
import { sendReportingNotices } from "../modules/reporting";
import { todayInKigali } from "../shared/today";

/**
 * Delivers what is due in the outbox: new messages a send after commit missed, and failed ones whose retry time
 * (1, 4, 9, 16 minutes) has come. The outbox claims each message with SKIP LOCKED, so instances never send one
 * twice; the schedule fires once a minute across all of them. No retry: the next minute is the retry.
 */
export const mailDeliveryJob = defineJob("mail.deliver-due", z.object({}).strict(), {
  policy: "singleton",
  retryLimit: 0,
  expireInSeconds: 10 * 60,
});
export const MAIL_DELIVERY_CRON = "* * * * *";

/**
 * Reminders to reporting organisations and the bodies' weekly digests, once a day at 07:00 in Kigali. Each notice
 * is claimed by its key in the transaction that queues its email, so a job run twice (an instance died after the
 * work, before pg-boss recorded it) sends nothing twice. `today` lets the CLI or a test run another day.
 */
export const reportingNoticesJob = defineJob(
  "reporting.notices",
  z.object({ today: IsoDateSchema.optional() }).strict(),
  { policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 30 * 60 },
);
export const REPORTING_NOTICES_CRON = "0 7 * * *";

/**
 * Retention of confidential incidents, once a day at 02:00 in Kigali: closed incidents past their retention period and
 * not on legal hold are anonymised (decision 020). Idempotent: an anonymised incident is not picked again.
 */
export const incidentRetentionJob = defineJob(
  "incidents.retention",
  z.object({ today: IsoDateSchema.optional() }).strict(),
  { policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 30 * 60 },
);
export const INCIDENT_RETENTION_CRON = "0 2 * * *";

export type BackgroundJobsOptions = {
  mailer: Mailer;
  /** The address links in emails point at (PUBLIC_URL). */
  siteUrl: string;
  logger?: Logger;
  /** pg-boss's timing, for tests. */
  timing?: JobQueueOptions["timing"];
};

/** Starts the queue with the server's handlers and schedules; the caller stops it before closing the database. */
export async function startBackgroundJobs(
  handle: DatabaseHandle,
  options: BackgroundJobsOptions,
): Promise<JobQueue> {
  const { mailer, logger } = options;
  const queue = await startJobQueue(handle, {
    jobs: [mailDeliveryJob, reportingNoticesJob, incidentRetentionJob, libraryTextJob],
    onError: (error) => logger?.warn({ job: error }, "job queue error"),
    ...(options.timing ? { timing: options.timing } : {}),
  });
  try {
    if (mailer.delivery === "smtp") {
      await queue.work(mailDeliveryJob, async () => {
        const report = await mailer.deliverPending();
        if (report.sent + report.failed > 0) logger?.info(report, "outbox delivered");
      });
      await queue.schedule(mailDeliveryJob, MAIL_DELIVERY_CRON, {});
    } else {
      // Without SMTP_URL messages wait in the outbox for an administrator: nothing to retry.
      await queue.unschedule(mailDeliveryJob);
    }
    await queue.work(reportingNoticesJob, async (data) => {
      const report = await sendReportingNotices(handle.db, {
        today: data.today ?? todayInKigali(),
        siteUrl: options.siteUrl,
      });
      if (report.emails > 0) {
        logger?.info(report, "reporting reminders written");
        mailer.deliverSoon();
      }
    });
    await queue.schedule(reportingNoticesJob, REPORTING_NOTICES_CRON, {});
    await queue.work(incidentRetentionJob, async (data) => {
      const report = await anonymiseExpiredIncidents({
        db: handle.db,
        actor: { kind: "system", label: "retention" },
        today: data.today ?? todayInKigali(),
      });
      if (report.anonymised > 0) logger?.info(report, "closed incidents anonymised");
    });
    await queue.schedule(incidentRetentionJob, INCIDENT_RETENTION_CRON, {});
    // Text of library files, read off the request (decision 029): uploads send this job; one is sent at start too,
    // for texts a stopped process left pending.
    await queue.work(libraryTextJob, async () => {
      const report = await extractPendingTexts(handle.db);
      if (report.extracted + report.notExtracted > 0) logger?.info(report, "library texts read");
    });
    await queue.send(libraryTextJob, {});
  } catch (error) {
    await queue.stop();
    throw error;
  }
  return queue;
}
