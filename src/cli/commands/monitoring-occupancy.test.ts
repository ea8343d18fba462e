// `monitoring import-occupancy` as an operator runs it: a dry run, a real import, and a file with bad cells refused
// with each named and nothing written.

import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { queryRows } from "../../db/client";

const BAD_CELLS = fileURLToPath(new URL("../../../fixtures/occupancy-bad-cells.csv", import.meta.url));
let database: CliDatabase;
let goodFile: string;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-monitoring-occupancy");
  goodFile = join(tmpdir(), `occupancy-${process.pid}.csv`);
  await writeFile(goodFile, "Prison,Rate\nGitarama prison,238.8%\nMulindi Military Prison,70.1\n");
});
afterAll(async () => {
  await database?.close();
});

describe("monitoring import-occupancy", () => {
  it("previews with --dry-run, then imports with the file's date and source", async () => {
    const args = [
      "monitoring",
      "import-occupancy",
      goodFile,
      "--as-of",
      "2021-10-31",
      "--source",
      "NCHR 2021",
    ];
    const dry = await cli(...args, "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Muhanga Correctional Facility");
    expect(dry.stdout).toContain("Dry run: 2 figures would be written; nothing was written.");
    const done = await cli(...args, "--json");
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as {
      written: boolean;
      rows: { placeName: string; action: string }[];
    };
    expect(result.written).toBe(true);
    const again = await cli(...args);
    expect(again.stdout).toMatch(/Mulindi Military Prison .* replace/);
  }, 120_000);

  it("names each bad cell on stderr, exits 1 and writes nothing (a child process, real exit code)", async () => {
    const stored = () =>
      database.withDatabase(async (handle) => {
        const rows = await queryRows<{ n: number }>(
          handle.db,
          sql`select count(*)::int as n from place_occupancy`,
        );
        return rows[0]?.n;
      });
    const before = await stored();
    const run = await runCliProcess(["monitoring", "import-occupancy", BAD_CELLS], database.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "occupancy-bad-cells.csv, row 3, column Facility: No place of detention is called",
    );
    expect(run.stderr).toContain(
      "occupancy-bad-cells.csv, row 4, column Population: Population cannot be negative",
    );
    expect(run.stderr).toContain("occupancy-bad-cells.csv, row 5, column Rate (%)");
    expect(run.stderr).toContain("occupancy-bad-cells.csv, row 6, column Date");
    expect(run.stderr).toContain("nothing was imported");
    expect(await stored()).toBe(before);
    const dry = await cli("monitoring", "import-occupancy", goodFile, "--dry-run", "--as-of", "2021-10-31");
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain("column source");
  }, 120_000);
});
