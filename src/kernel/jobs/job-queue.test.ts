// The job queue on both engines: a job survives a restart, a job whose worker died comes back, jobs run once
// across instances (and several at once with concurrency), a schedule fires once per slot.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FAST, jobQueueTestKit, jobsOf, onEmbedded, Reminder, waitFor } from "../../../tests/job-queue";
import { queryRows } from "../../db/client";
import { defineJob, startJobQueue } from ".";

const kit = jobQueueTestKit();

describe("a job survives a restart", () => {
  it("a job sent and not yet worked is worked by the next queue started on the database", async () => {
    const job = defineJob("test.restart", Reminder);
    // PostgreSQL: the first instance goes away with its connections; PGlite: the same engine, a new queue.
    const first = onEmbedded ? kit.handle : await kit.secondHandle();
    const before = await startJobQueue(first, FAST);
    const id = await before.send(job, { obligationId: "o-1", n: 1 });
    expect(id).toEqual(expect.any(String));
    await before.stop();
    if (!onEmbedded) await first.close();

    const after = await kit.start(onEmbedded ? kit.handle : await kit.secondHandle());
    const seen: { data: z.infer<typeof Reminder>; id: string }[] = [];
    await after.work(job, async (data, context) => {
      seen.push({ data, id: context.id });
    });
    await waitFor(() => seen.length > 0, "the job sent before the restart");
    expect(seen).toEqual([{ data: { obligationId: "o-1", n: 1 }, id }]);
    await waitFor(async () => (await jobsOf(kit.handle, job.name))[0]?.state === "completed", "completion");
  });
});

describe("a job whose worker died", () => {
  it("PGlite: is given back at the next start (one process holds the folder); PostgreSQL: waits for its expiry", async () => {
    const job = defineJob("test.orphan", Reminder, { retryLimit: 1 });
    const first = await kit.start(kit.handle);
    const id = await first.send(job, { obligationId: "o-3", n: 3 });
    // As if a process had fetched it and died: active, with nobody working it.
    await kit.handle.db.execute(
      sql`update pgboss.job set state = 'active', started_on = now() where name = ${job.name} and id = ${id}`,
    );
    await first.stop();
    const next = await kit.start(kit.handle);
    const seen: string[] = [];
    await next.work(job, async (_data, context) => {
      seen.push(context.id);
    });
    if (onEmbedded) {
      await waitFor(() => seen.length > 0, "the orphaned job");
      expect(seen).toEqual([id]);
      await waitFor(async () => (await jobsOf(kit.handle, job.name))[0]?.state === "completed", "completion");
      expect((await jobsOf(kit.handle, job.name))[0]?.retry_count).toBe(1);
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
      const other = await kit.start(kit.handle);
      expect((await jobsOf(kit.handle, slow.name))[0]?.state).toBe("active");
      release();
      await waitFor(
        async () => (await jobsOf(kit.handle, slow.name))[0]?.state === "completed",
        "the slow job",
      );
      expect(started).toHaveLength(1);
      await other.stop();
    } else {
      // Another instance may be working it: only its expiry (15 minutes by default) gives it back.
      await new Promise((r) => setTimeout(r, 1_200));
      expect(seen).toEqual([]);
      expect((await jobsOf(kit.handle, job.name))[0]?.state).toBe("active");
    }
  });
});

describe("runs once across instances", () => {
  it("two queue instances on one database work N jobs, each exactly once", async () => {
    const job = defineJob("test.once", Reminder);
    // Two instances: on PostgreSQL with connections of their own; on PGlite (one process holds the folder) two
    // queues on the one session, which still race through FOR UPDATE SKIP LOCKED.
    const a = await kit.start(kit.handle);
    const b = await kit.start(onEmbedded ? kit.handle : await kit.secondHandle());
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
      async () => (await jobsOf(kit.handle, job.name)).every((j) => j.state === "completed"),
      "every job completed",
    );
  });

  it("with `concurrency`, one instance works several jobs of a kind at the same time", async () => {
    const job = defineJob("test.concurrent", Reminder);
    const queue = await kit.start(kit.handle);
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
    const a = await kit.start(kit.handle);
    const b = await kit.start(onEmbedded ? kit.handle : await kit.secondHandle());
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
      kit.handle.db,
      sql`select timezone, cron from pgboss.schedule where name = ${job.name}`,
    );
    expect(schedule).toEqual({ timezone: "Africa/Kigali", cron: "* * * * *" });
    await a.unschedule(job);
  });
});
