// The work the server does on a clock, through the job queue (decision 015). Today: the outbox's retries, which
// otherwise waited for the next email written or the next start. Tomorrow: the reporting reminders (issue 16).
import type { Logger } from "pino";
import { z } from "zod";
import type { DatabaseHandle } from "../db/client";
import { defineJob, type JobQueue, type JobQueueOptions, startJobQueue } from "../kernel";
import type { Mailer } from "../modules/mail";

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

export type BackgroundJobsOptions = {
  mailer: Mailer;
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
    jobs: [mailDeliveryJob],
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
  } catch (error) {
    await queue.stop();
    throw error;
  }
  return queue;
}
