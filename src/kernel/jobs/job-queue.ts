// Scheduled and background work through pg-boss, on PostgreSQL and on the embedded database alike (decision 015):
// jobs survive restarts, each is worked by one instance at a time, a schedule fires once per slot across instances.
import PgBoss from "pg-boss";
import type { z } from "zod";
import type { DatabaseHandle, DatabaseKind, Executor } from "../../db/client";
import { parseInput } from "../../shared/validation";
import {
  executorJobDatabase,
  type JobDatabase,
  JobQueueStoppedError,
  type OwnedJobDatabase,
  openJobDatabase,
} from "./job-database.store";
import { JOB_QUEUE_SCHEMA } from "./job-queue-migration";

/** Where schedules are read when no time zone is given: the register's users are in Rwanda. */
export const DEFAULT_TIME_ZONE = "Africa/Kigali";

/** A queue's name: letters, digits, dots, hyphens and underscores (pg-boss's own check lets almost anything by). */
const QUEUE_NAME = /^[a-z][a-z0-9._-]{0,99}$/;

export type JobRetry = {
  /** Attempts after the first one; pg-boss's default is 2. */
  retryLimit?: number;
  /** Seconds before a retry (doubling each time with `retryBackoff`). */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** A job still active after this long is taken as failed (its worker died) and retried. Default 15 minutes. */
  expireInSeconds?: number;
};

/**
 * How a queue treats `singletonKey` (pg-boss's queue policies):
 * - "standard": a key dedupes only with `singletonSeconds` (one job per key and time slot, whatever its state);
 * - "short": at most one job per key waiting to start (jobs sent without a key share one);
 * - "singleton": at most one job per key being worked at a time;
 * - "stately": at most one per key waiting, one retrying and one being worked.
 */
export type JobPolicy = "standard" | "short" | "singleton" | "stately";

export type JobSettings = JobRetry & { policy?: JobPolicy };

/** A kind of job: its queue's name, the Zod schema of its payload, its policy and retry rules. */
export type JobDefinition<S extends z.ZodType> = JobSettings & {
  readonly name: string;
  readonly payload: S;
};

export function defineJob<S extends z.ZodType>(
  name: string,
  payload: S,
  settings: JobSettings = {},
): JobDefinition<S> {
  if (!QUEUE_NAME.test(name))
    throw new Error(
      `"${name}" is not a usable job name: lower-case letters, digits, dots, hyphens, underscores.`,
    );
  return { name, payload, ...settings };
}

export type JobContext = { id: string; name: string };

export type SendOptions = {
  /** Dedupes by the job's policy (see JobPolicy): a send kept out returns null. */
  singletonKey?: string;
  /** One job per key (or per queue, without a key) in each slot of this many seconds, at most 12 hours. */
  singletonSeconds?: number;
  /** Not before: a date, or a delay in seconds. */
  startAfter?: Date | number;
  /** Send inside this transaction: the job exists if and only if it commits. */
  tx?: Executor;
};

export type ScheduleOptions = {
  /** IANA time zone the cron expression is read in; Africa/Kigali unless said. */
  tz?: string;
};

export type WorkOptions = {
  /** Jobs of this kind worked at the same time by this instance (default 1): for handlers that wait on I/O. */
  concurrency?: number;
  /** How often an idle worker looks for jobs; pg-boss's default is 2 s. Sending from this process wakes it. */
  pollingIntervalSeconds?: number;
};

export type JobQueue = {
  readonly kind: DatabaseKind;
  /** Works every job of this kind with `handler` (one at a time per instance, or `concurrency`); a throw fails the attempt. */
  work<S extends z.ZodType>(
    job: JobDefinition<S>,
    handler: (data: z.output<S>, context: JobContext) => Promise<void>,
    options?: WorkOptions,
  ): Promise<void>;
  /** Queues a job; its payload is checked first (422 with a field path). Null when a singleton key kept it out. */
  send<S extends z.ZodType>(
    job: JobDefinition<S>,
    data: z.input<S>,
    options?: SendOptions,
  ): Promise<string | null>;
  /**
   * Sends `data` as a job of this kind at every slot of a cron expression (5 fields, minute first), once per slot
   * whatever the number of instances. One schedule per kind of job: scheduling again replaces it.
   */
  schedule<S extends z.ZodType>(
    job: JobDefinition<S>,
    cron: string,
    data: z.input<S>,
    options?: ScheduleOptions,
  ): Promise<void>;
  unschedule(job: JobDefinition<z.ZodType>): Promise<void>;
  /**
   * Stops taking jobs, lets the handlers running finish (up to `timeoutMs`, then their jobs fail and are retried
   * later), waits for the queue's last statements, then lets go of its connections. The database stays open.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
};

export type JobQueueOptions = {
  /** Kinds of job whose queues are made (or brought up to date) at start; others are made on first use. */
  jobs?: readonly JobDefinition<z.ZodType>[];
  /** Told about the queue's own failures (a poll that failed, maintenance); a handler's throw is the job's. */
  onError?: (error: { queue?: string; name: string; code?: string }) => void;
  /** pg-boss's timing, for tests that cannot wait for the production defaults. */
  timing?: {
    pollingIntervalSeconds?: number;
    cronMonitorIntervalSeconds?: number;
    cronWorkerIntervalSeconds?: number;
    maintenanceIntervalSeconds?: number;
  };
  /** Whether this instance fires schedules and runs maintenance (default true); the CLI's short-lived queue does not. */
  background?: boolean;
};

export class JobQueueNotInstalledError extends Error {
  constructor(reason: string) {
    super(
      `The job queue's tables are missing or of another version (${reason}): run \`npm run cli -- migrate\` as the database owner.`,
    );
    this.name = "JobQueueNotInstalledError";
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryOptions(job: JobRetry) {
  return {
    ...(job.retryLimit !== undefined ? { retryLimit: job.retryLimit } : {}),
    ...(job.retryDelay !== undefined ? { retryDelay: job.retryDelay } : {}),
    ...(job.retryBackoff !== undefined ? { retryBackoff: job.retryBackoff } : {}),
    ...(job.expireInSeconds !== undefined ? { expireInSeconds: job.expireInSeconds } : {}),
  };
}

/** What of pg-boss's error events may be logged: never a message (a database message quotes values). */
function describeQueueError(error: unknown): { queue?: string; name: string; code?: string } {
  const fields = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  return {
    ...(typeof fields.queue === "string" ? { queue: fields.queue } : {}),
    name: typeof fields.name === "string" ? fields.name : "Error",
    ...(typeof fields.code === "string" ? { code: fields.code } : {}),
  };
}

/**
 * The embedded database is held by one process at a time (the data-folder lock), so a job still "active" when the
 * process's first queue starts on it was being worked by a process that died: fail that attempt now (retried by its rules) rather
 * than leave it until its expiry (15 minutes by default) and the next maintenance. On PostgreSQL another instance
 * may be working it, and only the expiry can tell.
 */
async function releaseOrphanedJobs(boss: PgBoss, database: JobDatabase): Promise<void> {
  const { rows } = await database.executeSql(
    `SELECT name, id FROM ${JOB_QUEUE_SCHEMA}.job WHERE state = 'active'`,
  );
  const active = rows as { name: string; id: string }[];
  const byQueue = new Map<string, string[]>();
  for (const { name, id } of active) byQueue.set(name, [...(byQueue.get(name) ?? []), id]);
  const output = { message: "The process working this job stopped before it ended." };
  // pg-boss's types offer data only with one id; its code takes a list either way.
  for (const [name, ids] of byQueue) for (const id of ids) await boss.fail(name, id, output);
}

/** Queues running in this process per embedded engine: only the first may take "active" jobs for orphans. */
const queuesOnEngine = new WeakMap<object, number>();

/**
 * Starts a job queue on the app's database. The queue's tables are the migration's (0026): pg-boss neither creates
 * nor migrates anything here, since the app's role may not (decision 010).
 */
export async function startJobQueue(
  handle: DatabaseHandle,
  options: JobQueueOptions = {},
): Promise<JobQueue> {
  const database: OwnedJobDatabase = openJobDatabase(handle);
  const background = options.background ?? true;
  const boss = new PgBoss({
    db: database,
    schema: JOB_QUEUE_SCHEMA,
    migrate: false,
    schedule: background,
    supervise: background,
    ...options.timing,
  });
  let stopped = false;
  let handlersRunning = 0;
  boss.on("error", (error: unknown) => {
    if (stopped && error instanceof JobQueueStoppedError) return;
    options.onError?.(describeQueueError(error));
  });
  try {
    await boss.start();
  } catch (error) {
    await database.close();
    const message = error instanceof Error ? error.message : "";
    if (/not installed|requires migrations/.test(message)) throw new JobQueueNotInstalledError(message);
    throw error;
  }

  const readyQueues = new Map<string, Promise<void>>();
  const workers = new Map<string, string[]>();

  const queueSettings = (job: JobDefinition<z.ZodType>) => ({
    name: job.name,
    policy: job.policy ?? "standard",
    ...retryOptions(job),
  });

  /** pg-boss queues must exist before a send; made once per process, through the owner's create_queue. */
  function ensureQueue(job: JobDefinition<z.ZodType>): Promise<void> {
    let ready = readyQueues.get(job.name);
    if (!ready) {
      const settings = queueSettings(job);
      ready = (async () => {
        await boss.createQueue(job.name, settings);
        // create_queue leaves an existing queue as it was: bring its retry rules up to this version's.
        await boss.updateQueue(job.name, settings);
      })();
      ready.catch(() => readyQueues.delete(job.name));
      readyQueues.set(job.name, ready);
    }
    return ready;
  }

  function assertRunning(): void {
    if (stopped) throw new JobQueueStoppedError();
  }

  /**
   * In the caller's transaction the queue's own connection must not be used (on the embedded engine it would wait
   * for the transaction): a queue not made yet is made in the transaction, and exists if it commits.
   */
  async function ensureQueueIn(tx: Executor, job: JobDefinition<z.ZodType>): Promise<void> {
    if (readyQueues.has(job.name)) return;
    const { name, ...settings } = queueSettings(job);
    await executorJobDatabase(tx).executeSql(`SELECT ${JOB_QUEUE_SCHEMA}.create_queue($1, $2)`, [
      name,
      settings,
    ]);
  }

  const engine = handle.pglite;
  const othersOnEngine = engine ? (queuesOnEngine.get(engine) ?? 0) : 0;
  if (engine) queuesOnEngine.set(engine, othersOnEngine + 1);
  const leaveEngine = () => {
    if (engine) queuesOnEngine.set(engine, Math.max(0, (queuesOnEngine.get(engine) ?? 1) - 1));
  };
  try {
    if (engine && othersOnEngine === 0) await releaseOrphanedJobs(boss, database);
    for (const job of options.jobs ?? []) await ensureQueue(job);
  } catch (error) {
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    await database.close();
    leaveEngine();
    throw error;
  }

  const queue: JobQueue = {
    kind: handle.kind,

    async work(job, handler, workOptions = {}) {
      assertRunning();
      await ensureQueue(job);
      const { concurrency = 1, ...pollOptions } = workOptions;
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 20)
        throw new Error("concurrency must be a whole number from 1 to 20");
      for (let i = 0; i < concurrency; i++) {
        let workerId: string | undefined;
        // One job per fetch, so that a failure fails its own job only (pg-boss fails a whole batch together).
        workerId = await boss.work<unknown>(job.name, { ...pollOptions, batchSize: 1 }, async (jobs) => {
          for (const item of jobs) {
            handlersRunning++;
            try {
              await handler(job.payload.parse(item.data), { id: item.id, name: item.name });
            } finally {
              handlersRunning--;
              // pg-boss waits a polling interval after every fetch, even one that found a job: look again at
              // once, so that a backlog drains at the handler's pace; an empty fetch then waits as usual.
              if (workerId && !stopped) boss.notifyWorker(workerId);
            }
          }
        });
        workers.set(job.name, [...(workers.get(job.name) ?? []), workerId]);
      }
    },

    async send(job, data, sendOptions = {}) {
      assertRunning();
      const payload = parseInput(job.payload, data) as object;
      const { tx, singletonKey, singletonSeconds, startAfter } = sendOptions;
      if (tx) await ensureQueueIn(tx, job);
      else await ensureQueue(job);
      const id = await boss.send(job.name, payload, {
        ...retryOptions(job),
        ...(singletonKey !== undefined ? { singletonKey } : {}),
        ...(singletonSeconds !== undefined ? { singletonSeconds } : {}),
        ...(startAfter !== undefined ? { startAfter } : {}),
        ...(tx ? { db: executorJobDatabase(tx) } : {}),
      });
      // A worker of this process picks the job up now rather than at its next poll (not before the commit, though).
      const worker = workers.get(job.name)?.[0];
      if (id && worker && !tx) boss.notifyWorker(worker);
      return id;
    },

    async schedule(job, cron, data, scheduleOptions = {}) {
      assertRunning();
      const payload = parseInput(job.payload, data) as object;
      await ensureQueue(job);
      await boss.schedule(job.name, cron, payload, {
        tz: scheduleOptions.tz ?? DEFAULT_TIME_ZONE,
        ...retryOptions(job),
      });
    },

    async unschedule(job) {
      assertRunning();
      await boss.unschedule(job.name);
    },

    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      const timeoutMs = stopOptions.timeoutMs ?? 30_000;
      const until = Date.now() + timeoutMs;
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
      // pg-boss returns once no handler runs, but a poll may still be on its way back (and then run its job) and a
      // completion is sent without being awaited: wait until the workers are quiet twice in a row.
      let quiet = 0;
      while (quiet < 2 && Date.now() < until) {
        quiet = database.inFlight === 0 && handlersRunning === 0 ? quiet + 1 : 0;
        await delay(25);
      }
      await database.close();
      leaveEngine();
    },
  };
  return queue;
}
