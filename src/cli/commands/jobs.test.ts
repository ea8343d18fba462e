// `jobs list` as an operator runs it: queues with their jobs by state, schedules, and failures with their error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type CliDatabase, type CliRun, createCliDatabase, runCliInProcess } from "../../../tests/cli";
import { defineJob, type JobQueueOverview, startJobQueue } from "../../kernel";

let database: CliDatabase;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

const digest = defineJob("reporting.weekly-digest", z.object({ district: z.string() }), { retryLimit: 0 });

beforeAll(async () => {
  database = await createCliDatabase("cli-jobs");
  // A schedule, and a job whose handler failed: what an operator comes to this command for.
  await database.withDatabase(async (handle) => {
    const queue = await startJobQueue(handle, { timing: { pollingIntervalSeconds: 0.5 }, background: false });
    try {
      await queue.schedule(digest, "0 7 * * 1", { district: "Musanze" });
      let failed = false;
      await queue.work(digest, async () => {
        failed = true;
        throw new Error("No reporting staff address for Musanze");
      });
      await queue.send(digest, { district: "Musanze" });
      const until = Date.now() + 10_000;
      while (!failed && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await queue.stop();
    }
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("jobs list", () => {
  it("shows each queue's jobs by state, the schedules in their time zone, and the latest failures", async () => {
    const run = await cli("jobs", "list");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^reporting\.weekly-digest\s+0\s+0\s+0\s+0\s+1\s+0$/m);
    expect(run.stdout).toMatch(/^reporting\.weekly-digest\s+0 7 \* \* 1\s+Africa\/Kigali\s+\d{4}-/m);
    expect(run.stdout).toMatch(
      /reporting\.weekly-digest\s+[0-9a-f-]{36}\s+0\s+No reporting staff address for Musanze$/m,
    );
  });

  it("answers in JSON, and refuses a --failures that is not a count", async () => {
    const run = await cli("jobs", "list", "--json", "--failures", "5");
    expect(run.code).toBe(0);
    const overview = JSON.parse(run.stdout) as JobQueueOverview;
    expect(overview.failures).toEqual([
      expect.objectContaining({
        queue: digest.name,
        error: "No reporting staff address for Musanze",
        retryCount: 0,
      }),
    ]);
    expect(overview.schedules).toEqual([expect.objectContaining({ name: digest.name, cron: "0 7 * * 1" })]);
    const refused = await cli("jobs", "list", "--failures", "many");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--failures must be a whole number");
  });
});
