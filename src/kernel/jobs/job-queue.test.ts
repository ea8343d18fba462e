// The job queue on both engines: jobs survive restarts, run once across instances, schedules fire once per slot,
// failures are retried and then kept with their error, singleton keys dedupe, a send joins the caller's transaction.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "../../../tests/database";
import {
  type DatabaseHandle,
  openDatabase,
  PGLITE_EXTENSIONS,
  PGLITE_START_PARAMS,
  queryRows,
} from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { AppError } from "../../shared/app-errors";
import { defineJob, type JobQueue, type JobQueueOptions, selectJobQueueOverview, startJobQueue } from ".";
import { openJobDatabase } from "./job-database.store";

const onEmbedded = process.env.TEST_DB_KIND !== "postgresql";

/** Short intervals so that nothing here waits for pg-boss's production timing (2 s polls, 30 s cron checks). */
const FAST: JobQueueOptions = {
  timing: { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 },
};

const Reminder = z.object({ obligationId: z.string().min(1), n: z.number().int() });

let handle: DatabaseHandle;
const cleanups: (() => Promise<void>)[] = [];
/** Queues a test started, stopped after it: a queue left running would keep working the next test's jobs. */
let running: JobQueue[] = [];

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

async function start(on: DatabaseHandle, options: JobQueueOptions = FAST): Promise<JobQueue> {
  const queue = await startJobQueue(on, options);
  running.push(queue);
  return queue;
}

/** Another connection to the same database, as a second instance behind a load balancer would have. */
async function secondHandle(): Promise<DatabaseHandle> {
  if (!handle.url) throw new Error("a PostgreSQL test database has its URL");
  const other = await openDatabase({ kind: "postgresql", url: handle.url, poolSize: 2 });
  cleanups.push(() => other.close());
  return other;
}

async function waitFor(
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

type JobRow = { state: string; retry_count: number; output: { message?: string } | null };

async function jobsOf(on: DatabaseHandle, queue: string): Promise<JobRow[]> {
  return queryRows<JobRow>(
    on.db,
    sql`select state::text as state, retry_count, output from pgboss.job where name = ${queue} order by created_on`,
  );
}

describe("a job survives a restart", () => {
  it("a job sent and not yet worked is worked by the next queue started on the database", async () => {
    const job = defineJob("test.restart", Reminder);
    // PostgreSQL: the first instance goes away with its connections; PGlite: the same engine, a new queue.
    const first = onEmbedded ? handle : await secondHandle();
    const before = await startJobQueue(first, FAST);
    const id = await before.send(job, { obligationId: "o-1", n: 1 });
    expect(id).toEqual(expect.any(String));
    await before.stop();
    if (!onEmbedded) await first.close();

    const after = await start(onEmbedded ? handle : await secondHandle());
    const seen: { data: z.infer<typeof Reminder>; id: string }[] = [];
    await after.work(job, async (data, context) => {
      seen.push({ data, id: context.id });
    });
    await waitFor(() => seen.length > 0, "the job sent before the restart");
    expect(seen).toEqual([{ data: { obligationId: "o-1", n: 1 }, id }]);
    await waitFor(async () => (await jobsOf(handle, job.name))[0]?.state === "completed", "completion");
  });

  it.skipIf(!onEmbedded)("…also after the embedded data folder is closed and opened again", async () => {
    const dir = mkdtempSync(join(resolve(".tmp"), "jobs-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // A copy of the run's migrated template, as a data folder on disk.
    mkdirSync(join(dir, "pgdata"), { recursive: true });
    const engine = await PGlite.create({
      dataDir: join(dir, "pgdata"),
      loadDataDir: new Blob([await readFile(inject("databaseTemplate"))]),
      extensions: PGLITE_EXTENSIONS,
      startParams: PGLITE_START_PARAMS,
    });
    await engine.close();
    const job = defineJob("test.reopen", Reminder);

    const opened = await openDatabase({ kind: "pglite", dataDir: dir });
    await migrateDatabase(opened);
    const before = await startJobQueue(opened, FAST);
    await before.send(job, { obligationId: "o-2", n: 2 });
    await before.stop();
    await opened.close();

    const reopened = await openDatabase({ kind: "pglite", dataDir: dir });
    cleanups.push(() => reopened.close());
    await migrateDatabase(reopened);
    const after = await start(reopened);
    const seen: number[] = [];
    await after.work(job, async (data) => {
      seen.push(data.n);
    });
    await waitFor(() => seen.length > 0, "the job sent before the folder was closed");
    expect(seen).toEqual([2]);
  });
});

describe("a job whose worker died", () => {
  it("PGlite: is given back at the next start (one process holds the folder); PostgreSQL: waits for its expiry", async () => {
    const job = defineJob("test.orphan", Reminder, { retryLimit: 1 });
    const first = await start(handle);
    const id = await first.send(job, { obligationId: "o-3", n: 3 });
    // As if a process had fetched it and died: active, with nobody working it.
    await handle.db.execute(
      sql`update pgboss.job set state = 'active', started_on = now() where name = ${job.name} and id = ${id}`,
    );
    await first.stop();
    const next = await start(handle);
    const seen: string[] = [];
    await next.work(job, async (_data, context) => {
      seen.push(context.id);
    });
    if (onEmbedded) {
      await waitFor(() => seen.length > 0, "the orphaned job");
      expect(seen).toEqual([id]);
      await waitFor(async () => (await jobsOf(handle, job.name))[0]?.state === "completed", "completion");
      expect((await jobsOf(handle, job.name))[0]?.retry_count).toBe(1);
      // A second queue of the same process must not take the first's running job for an orphan.
      const slow = defineJob("test.orphan-running", Reminder);
      let release: () => void = () => undefined;
      const started: string[] = [];
      await next.work(slow, async (_data, context) => {
        started.push(context.id);
        await new Promise<void>((r) => {
          release = r;
        });
      });
      await next.send(slow, { obligationId: "o-4", n: 4 });
      await waitFor(() => started.length === 1, "the slow job to start");
      const other = await start(handle);
      expect((await jobsOf(handle, slow.name))[0]?.state).toBe("active");
      release();
      await waitFor(async () => (await jobsOf(handle, slow.name))[0]?.state === "completed", "the slow job");
      expect(started).toHaveLength(1);
      await other.stop();
    } else {
      // Another instance may be working it: only its expiry (15 minutes by default) gives it back.
      await new Promise((r) => setTimeout(r, 1_200));
      expect(seen).toEqual([]);
      expect((await jobsOf(handle, job.name))[0]?.state).toBe("active");
    }
  });
});

describe("runs once across instances", () => {
  it("two queue instances on one database work N jobs, each exactly once", async () => {
    const job = defineJob("test.once", Reminder);
    // Two instances: on PostgreSQL with connections of their own; on PGlite (one process holds the folder) two
    // queues on the one session, which still race through FOR UPDATE SKIP LOCKED.
    const a = await start(handle);
    const b = await start(onEmbedded ? handle : await secondHandle());
    const worked: { n: number; by: string }[] = [];
    const handler = (by: string) => async (data: z.infer<typeof Reminder>) => {
      worked.push({ n: data.n, by });
      await new Promise((r) => setTimeout(r, 5));
    };
    await a.work(job, handler("a"), { concurrency: 2 });
    await b.work(job, handler("b"));
    const N = 40;
    for (let n = 0; n < N; n++) await (n % 2 ? a : b).send(job, { obligationId: `o-${n}`, n });
    await waitFor(() => worked.length >= N, `${N} jobs worked`, 15_000);
    await new Promise((r) => setTimeout(r, 600)); // one more poll each: nothing is worked twice
    expect(worked.map((w) => w.n).sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, n) => n));
    expect(new Set(worked.map((w) => w.by))).toEqual(new Set(["a", "b"]));
    await waitFor(
      async () => (await jobsOf(handle, job.name)).every((j) => j.state === "completed"),
      "every job completed",
    );
  });

  it("with `concurrency`, one instance works several jobs of a kind at the same time", async () => {
    const job = defineJob("test.concurrent", Reminder);
    const queue = await start(handle);
    for (let n = 0; n < 6; n++) await queue.send(job, { obligationId: `o-${n}`, n });
    let running = 0;
    let most = 0;
    let done = 0;
    await queue.work(
      job,
      async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 300));
        running--;
        done++;
      },
      { concurrency: 3 },
    );
    await waitFor(() => done === 6, "six jobs");
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });

  it("a scheduled job fires once per slot, with two instances checking the clock every second", async () => {
    const job = defineJob("test.every-minute", z.object({ digest: z.literal("weekly") }));
    const startedAt = Date.now();
    const a = await start(handle);
    const b = await start(onEmbedded ? handle : await secondHandle());
    const fired: string[] = [];
    await a.work(job, async (_data, context) => {
      fired.push(context.id);
    });
    await b.work(job, async (_data, context) => {
      fired.push(context.id);
    });
    await a.schedule(job, "* * * * *", { digest: "weekly" });
    await b.schedule(job, "* * * * *", { digest: "weekly" }, { tz: "Africa/Kigali" });
    await waitFor(() => fired.length > 0, "the schedule to fire");
    // Three more seconds: each instance checks the schedule about three times more; none may send the slot again.
    await new Promise((r) => setTimeout(r, 3_000));
    const minutes = Math.floor(Date.now() / 60_000) - Math.floor(startedAt / 60_000) + 1;
    expect(new Set(fired).size).toBe(fired.length);
    expect(fired.length).toBeLessThanOrEqual(minutes);
    const [schedule] = await queryRows<{ timezone: string; cron: string }>(
      handle.db,
      sql`select timezone, cron from pgboss.schedule where name = ${job.name}`,
    );
    expect(schedule).toEqual({ timezone: "Africa/Kigali", cron: "* * * * *" });
    await a.unschedule(job);
  });
});

describe("failures and dedupe", () => {
  it("a failing handler is retried, then the job lands as failed with its error", async () => {
    const job = defineJob("test.failing", Reminder, { retryLimit: 2, retryDelay: 0 });
    const queue = await start(handle);
    let attempts = 0;
    await queue.work(job, async () => {
      attempts++;
      throw new Error("SMTP server refused the message");
    });
    await queue.send(job, { obligationId: "o-9", n: 9 });
    await waitFor(async () => (await jobsOf(handle, job.name))[0]?.state === "failed", "the job to fail");
    expect(attempts).toBe(3);
    const [row] = await jobsOf(handle, job.name);
    expect(row).toMatchObject({ state: "failed", retry_count: 2 });
    expect(row?.output?.message).toBe("SMTP server refused the message");
    const overview = await selectJobQueueOverview(handle.db);
    expect(overview.failures).toContainEqual(
      expect.objectContaining({ queue: job.name, retryCount: 2, error: "SMTP server refused the message" }),
    );
    expect(overview.queues).toContainEqual(expect.objectContaining({ name: job.name, failed: 1 }));
  });

  it("a payload that does not fit the job's schema is refused with its field path, and nothing is queued", async () => {
    const job = defineJob("test.refused", Reminder);
    const queue = await start(handle);
    const refusal = await queue
      .send(job, { obligationId: "", n: 1.5 } as z.input<typeof Reminder>)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).kind).toBe("validation");
    expect((refusal as AppError).errors.map((e) => e.path).sort()).toEqual(["n", "obligationId"]);
    expect(await jobsOf(handle, job.name)).toEqual([]);
  });

  it("singleton keys dedupe: one waiting job per key (short policy), one per key and slot (throttle)", async () => {
    const queue = await start(handle);
    const short = defineJob("test.short", Reminder, { policy: "short" });
    const first = await queue.send(short, { obligationId: "o-1", n: 1 }, { singletonKey: "o-1/2026Q3" });
    const again = await queue.send(short, { obligationId: "o-1", n: 2 }, { singletonKey: "o-1/2026Q3" });
    const other = await queue.send(short, { obligationId: "o-2", n: 3 }, { singletonKey: "o-2/2026Q3" });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect(other).toEqual(expect.any(String));

    const throttled = defineJob("test.throttled", Reminder);
    const options = { singletonKey: "digest/musanze", singletonSeconds: 3600 };
    expect(await queue.send(throttled, { obligationId: "o-1", n: 1 }, options)).toEqual(expect.any(String));
    expect(await queue.send(throttled, { obligationId: "o-1", n: 2 }, options)).toBeNull();
    expect((await jobsOf(handle, short.name)).length + (await jobsOf(handle, throttled.name)).length).toBe(3);
  });

  it("a job sent in a transaction exists if and only if the transaction commits", async () => {
    const queue = await start(handle);
    const job = defineJob("test.transactional", Reminder);
    await handle.db
      .transaction(async (tx) => {
        await queue.send(job, { obligationId: "o-rolled-back", n: 1 }, { tx });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await jobsOf(handle, job.name)).toEqual([]);
    await handle.db.transaction(async (tx) => {
      await queue.send(job, { obligationId: "o-committed", n: 2 }, { tx });
    });
    const rows = await queryRows<{ data: { obligationId: string } }>(
      handle.db,
      sql`select data from pgboss.job where name = ${job.name}`,
    );
    expect(rows).toEqual([{ data: { obligationId: "o-committed", n: 2 } }]);
  });
});

describe("the app's role", () => {
  it("runs pg-boss's maintenance (expire, archive, drop: one transaction each) with no error", async () => {
    const errors: unknown[] = [];
    const maintainedOn = async () =>
      (
        await queryRows<{ at: string | null }>(
          handle.db,
          sql`select maintained_on::text as at from pgboss.version`,
        )
      )[0]?.at ?? null;
    const before = await maintainedOn();
    await start(handle, {
      timing: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
      onError: (error) => errors.push(error),
    });
    await waitFor(async () => {
      const now = await maintainedOn();
      return now !== null && now !== before;
    }, "a maintenance run");
    // The run is marked before it starts: give it a moment to finish, then the session must still be usable.
    await new Promise((r) => setTimeout(r, 500));
    expect(errors).toEqual([]);
    expect(await queryRows(handle.db, sql`select 1 as ok`)).toEqual([{ ok: 1 }]);
  });

  it("a BEGIN … COMMIT text that fails is rolled back: the connection (PGlite's only session) stays usable", async () => {
    const database = openJobDatabase(handle);
    try {
      await expect(
        database.executeSql("BEGIN;\nUPDATE pgboss.version SET cron_on = now();\nSELECT 1/0;\nCOMMIT;"),
      ).rejects.toThrow(/division by zero/);
      expect((await database.executeSql("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
      expect(await queryRows(handle.db, sql`select 3 as three`)).toEqual([{ three: 3 }]);
    } finally {
      await database.close();
    }
  });

  it("may use the queue's tables but not change their structure", async () => {
    const refusal = await handle.db
      .execute(sql`alter table pgboss.job add column stolen text`)
      .catch((error: unknown) => error);
    expect(String((refusal as { cause?: unknown }).cause ?? refusal)).toMatch(
      /must be owner|permission denied/,
    );
    const dropped = await handle.db
      .execute(sql`select pgboss.delete_queue('test.once')`)
      .catch((error: unknown) => error);
    expect(String((dropped as { cause?: unknown }).cause ?? dropped)).toMatch(/permission denied/);
  });
});
