// PGlite only: a job sent and not yet worked is worked after the embedded data folder is closed and opened again
// (on PostgreSQL the same is a new connection, job-queue.test.ts).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, inject, it } from "vitest";
import { FAST, onEmbedded, Reminder, waitFor } from "../../../tests/job-queue";
import { openDatabase, PGLITE_EXTENSIONS, PGLITE_START_PARAMS } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { defineJob, type JobQueue, startJobQueue } from ".";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe.skipIf(!onEmbedded)("a job survives closing the embedded data folder", () => {
  it("is worked after the folder is closed and opened again", async () => {
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
    const after: JobQueue = await startJobQueue(reopened, FAST);
    cleanups.push(() => after.stop());
    const seen: number[] = [];
    await after.work(job, async (data) => {
      seen.push(data.n);
    });
    await waitFor(() => seen.length > 0, "the job sent before the folder was closed");
    expect(seen).toEqual([2]);
  });
});
