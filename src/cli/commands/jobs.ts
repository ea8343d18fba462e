// `jobs list`: the job queue's queues with their jobs by state, its schedules, and its latest failures (decision 015).
import { parseArgs } from "node:util";
import { selectJobQueueOverview } from "../../kernel";
import { type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const MAX_ERROR = 120;

export const runListJobs: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { failures: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const failureLimit = values.failures === undefined ? 10 : Number(values.failures);
  if (!Number.isInteger(failureLimit) || failureLimit < 0 || failureLimit > 1000)
    throw new UsageError("--failures must be a whole number from 0 to 1000.");
  const overview = await withMigratedDatabase(io, (handle) =>
    selectJobQueueOverview(handle.db, failureLimit),
  );
  if (values.json) {
    io.out(JSON.stringify(overview, null, 2));
    return;
  }
  const { queues, schedules, failures } = overview;
  io.out(`Queues (${countOf(queues.length, "queue")}):`);
  if (queues.length > 0)
    io.out(
      formatTable(
        ["QUEUE", "WAITING", "RETRYING", "ACTIVE", "DONE", "FAILED", "CANCELLED"],
        queues.map((q) =>
          [q.name, q.created, q.retry, q.active, q.completed, q.failed, q.cancelled].map(String),
        ),
      ),
    );
  io.out("");
  io.out(`Schedules (${countOf(schedules.length, "schedule")}):`);
  if (schedules.length > 0)
    io.out(
      formatTable(
        ["QUEUE", "CRON", "TIME ZONE", "SET"],
        schedules.map((s) => [s.name, s.cron, s.timezone, s.updatedOn]),
      ),
    );
  io.out("");
  io.out(`Latest failures (${countOf(failures.length, "failure")}):`);
  if (failures.length > 0)
    io.out(
      formatTable(
        ["FAILED", "QUEUE", "JOB", "RETRIES", "ERROR"],
        failures.map((f) => [
          f.failedOn,
          f.queue,
          f.id,
          String(f.retryCount),
          f.error.length > MAX_ERROR ? `${f.error.slice(0, MAX_ERROR - 1)}…` : f.error,
        ]),
      ),
    );
};
