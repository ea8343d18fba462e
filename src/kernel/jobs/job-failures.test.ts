// The job queue on both engines: retries then failure with the error kept, refused payloads, dedupe, sending in
// the caller's transaction, maintenance and the limits of the app's role.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { jobQueueTestKit, jobsOf, Reminder, waitFor } from "../../../tests/job-queue";
import { queryRows } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { defineJob, selectJobQueueOverview } from ".";
import { openJobDatabase } from "./job-database.store";

const kit = jobQueueTestKit();

describe("failures and dedupe", () => {
  it("a failing handler is retried, then the job lands as failed with its error", async () => {
    const job = defineJob("test.failing", Reminder, { retryLimit: 2, retryDelay: 0 });
    const queue = await kit.start(kit.handle);
    let attempts = 0;
    await queue.work(job, async () => {
      attempts++;
      throw new Error("SMTP server refused the message");
    });
    await queue.send(job, { obligationId: "o-9", n: 9 });
    await waitFor(async () => (await jobsOf(kit.handle, job.name))[0]?.state === "failed", "the job to fail");
    expect(attempts).toBe(3);
    const [row] = await jobsOf(kit.handle, job.name);
    expect(row).toMatchObject({ state: "failed", retry_count: 2 });
    expect(row?.output?.message).toBe("SMTP server refused the message");
    const overview = await selectJobQueueOverview(kit.handle.db);
    expect(overview.failures).toContainEqual(
      expect.objectContaining({ queue: job.name, retryCount: 2, error: "SMTP server refused the message" }),
    );
    expect(overview.queues).toContainEqual(expect.objectContaining({ name: job.name, failed: 1 }));
  });

  it("a payload that does not fit the job's schema is refused with its field path, and nothing is queued", async () => {
    const job = defineJob("test.refused", Reminder);
    const queue = await kit.start(kit.handle);
    const refusal = await queue
      .send(job, { obligationId: "", n: 1.5 } as z.input<typeof Reminder>)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).kind).toBe("validation");
    expect((refusal as AppError).errors.map((e) => e.path).sort()).toEqual(["n", "obligationId"]);
    expect(await jobsOf(kit.handle, job.name)).toEqual([]);
  });

  it("singleton keys dedupe: one waiting job per key (short policy), one per key and slot (throttle)", async () => {
    const queue = await kit.start(kit.handle);
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
    expect(
      (await jobsOf(kit.handle, short.name)).length + (await jobsOf(kit.handle, throttled.name)).length,
    ).toBe(3);
  });

  it("a job sent in a transaction exists if and only if the transaction commits", async () => {
    const queue = await kit.start(kit.handle);
    const job = defineJob("test.transactional", Reminder);
    await kit.handle.db
      .transaction(async (tx) => {
        await queue.send(job, { obligationId: "o-rolled-back", n: 1 }, { tx });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await jobsOf(kit.handle, job.name)).toEqual([]);
    await kit.handle.db.transaction(async (tx) => {
      await queue.send(job, { obligationId: "o-committed", n: 2 }, { tx });
    });
    const rows = await queryRows<{ data: { obligationId: string } }>(
      kit.handle.db,
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
          kit.handle.db,
          sql`select maintained_on::text as at from pgboss.version`,
        )
      )[0]?.at ?? null;
    const before = await maintainedOn();
    await kit.start(kit.handle, {
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
    expect(await queryRows(kit.handle.db, sql`select 1 as ok`)).toEqual([{ ok: 1 }]);
  });

  it("a BEGIN … COMMIT text that fails is rolled back: the connection (PGlite's only session) stays usable", async () => {
    const database = openJobDatabase(kit.handle);
    try {
      await expect(
        database.executeSql("BEGIN;\nUPDATE pgboss.version SET cron_on = now();\nSELECT 1/0;\nCOMMIT;"),
      ).rejects.toThrow(/division by zero/);
      expect((await database.executeSql("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
      expect(await queryRows(kit.handle.db, sql`select 3 as three`)).toEqual([{ three: 3 }]);
    } finally {
      await database.close();
    }
  });

  it("may use the queue's tables but not change their structure", async () => {
    const refusal = await kit.handle.db
      .execute(sql`alter table pgboss.job add column stolen text`)
      .catch((error: unknown) => error);
    expect(String((refusal as { cause?: unknown }).cause ?? refusal)).toMatch(
      /must be owner|permission denied/,
    );
    const dropped = await kit.handle.db
      .execute(sql`select pgboss.delete_queue('test.once')`)
      .catch((error: unknown) => error);
    expect(String((dropped as { cause?: unknown }).cause ?? dropped)).toMatch(/permission denied/);
  });
});
