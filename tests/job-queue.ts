// What the job queue's test files share: a database per file, queues stopped after each test, short timing.
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll } from "vitest";
import { z } from "zod";
import { type DatabaseHandle, openDatabase, queryRows } from "../src/db/client";
import { type JobQueue, type JobQueueOptions, startJobQueue } from "../src/kernel/jobs";
import { createTestDatabase } from "./database";

export const onEmbedded = process.env.TEST_DB_KIND !== "postgresql";

/** Short intervals so that nothing here waits for pg-boss's production timing (2 s polls, 30 s cron checks). */
export const FAST: JobQueueOptions = {
  timing: { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 },
};

export const Reminder = z.object({ obligationId: z.string().min(1), n: z.number().int() });

export type JobRow = { state: string; retry_count: number; output: { message?: string } | null };

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function jobsOf(on: DatabaseHandle, queue: string): Promise<JobRow[]> {
  return queryRows<JobRow>(
    on.db,
    sql`select state::text as state, retry_count, output from pgboss.job where name = ${queue} order by created_on`,
  );
}

export type JobQueueTestKit = {
  /** The file's database (set in beforeAll). */
  readonly handle: DatabaseHandle;
  /** Starts a queue that is stopped after the test: one left running would work the next test's jobs. */
  start(on: DatabaseHandle, options?: JobQueueOptions): Promise<JobQueue>;
  /** Another connection to the same PostgreSQL database, as a second instance behind a load balancer has. */
  secondHandle(): Promise<DatabaseHandle>;
  /** Runs after the file's tests, before its database closes. */
  atEnd(cleanup: () => Promise<void>): void;
};

/** Call once at the top of a test file: registers its hooks. */
export function jobQueueTestKit(): JobQueueTestKit {
  let handle: DatabaseHandle | undefined;
  let running: JobQueue[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterEach(async () => {
    for (const queue of running) await queue.stop({ timeoutMs: 2_000 });
    running = [];
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await handle?.close();
  });
  const kit: JobQueueTestKit = {
    get handle() {
      if (!handle) throw new Error("the test database is opened in beforeAll");
      return handle;
    },
    async start(on, options = FAST) {
      const queue = await startJobQueue(on, options);
      running.push(queue);
      return queue;
    },
    async secondHandle() {
      const url = kit.handle.url;
      if (!url) throw new Error("a PostgreSQL test database has its URL");
      const other = await openDatabase({ kind: "postgresql", url, poolSize: 2 });
      cleanups.push(() => other.close());
      return other;
    },
    atEnd(cleanup) {
      cleanups.push(cleanup);
    },
  };
  return kit;
}
