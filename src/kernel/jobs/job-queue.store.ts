// What the job queue holds, for the operator (`npm run cli -- jobs list`): queues with their jobs by state,
// schedules, and the latest failures with their error. Read-only queries on pg-boss's tables (decision 015).
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";

export type QueueSummary = {
  name: string;
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
  cancelled: number;
};

export type ScheduleSummary = { name: string; cron: string; timezone: string; updatedOn: string };

export type FailedJob = {
  queue: string;
  id: string;
  /** Attempts made after the first. */
  retryCount: number;
  failedOn: string;
  error: string;
};

export type JobQueueOverview = {
  queues: QueueSummary[];
  schedules: ScheduleSummary[];
  failures: FailedJob[];
};

/** pg-boss's own queue for schedules, an implementation detail: not shown. */
const INTERNAL_QUEUE_PREFIX = "__pgboss__";

export async function selectJobQueueOverview(db: Executor, failureLimit = 20): Promise<JobQueueOverview> {
  const queues = await queryRows<QueueSummary>(
    db,
    sql`select q.name,
          count(*) filter (where j.state = 'created')::int as created,
          count(*) filter (where j.state = 'retry')::int as retry,
          count(*) filter (where j.state = 'active')::int as active,
          count(*) filter (where j.state = 'completed')::int as completed,
          count(*) filter (where j.state = 'failed')::int as failed,
          count(*) filter (where j.state = 'cancelled')::int as cancelled
        from pgboss.queue q left join pgboss.job j on j.name = q.name
        where left(q.name, ${INTERNAL_QUEUE_PREFIX.length}) <> ${INTERNAL_QUEUE_PREFIX}
        group by q.name order by q.name`,
  );
  const schedules = await queryRows<ScheduleSummary>(
    db,
    sql`select name, cron, coalesce(timezone, 'UTC') as timezone,
          to_char(updated_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "updatedOn"
        from pgboss.schedule order by name`,
  );
  // A failed job stays in pgboss.job until maintenance archives it (after a day by default), then in the archive.
  const failures = await queryRows<FailedJob>(
    db,
    sql`select queue, id, "retryCount", "failedOn", error from (
          select name as queue, id::text as id, retry_count as "retryCount", completed_on,
            to_char(completed_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "failedOn",
            coalesce(output->>'message', output->'value'->>'message', output::text, '') as error
          from pgboss.job where state = 'failed'
          union all
          select name, id::text, retry_count, completed_on,
            to_char(completed_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            coalesce(output->>'message', output->'value'->>'message', output::text, '')
          from pgboss.archive where state = 'failed'
        ) f
        order by completed_on desc, id limit ${failureLimit}`,
  );
  return { queues, schedules, failures };
}
