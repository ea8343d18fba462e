// `coordination matrix|gaps|district` as an operator runs them (child processes) on the example data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, cliEnv, runCliProcess } from "../../../tests/cli";
import { createTestDatabase, testDatabaseKind } from "../../../tests/database";
import { systemActor } from "../../../tests/factories";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { loadStatusReportDemo, readStatusReportSeed } from "../../modules/status-report";

const kind = testDatabaseKind();
let postgres: DatabaseHandle | undefined;
let dataDir = "";
let env: NodeJS.ProcessEnv = {};
const cli = (...args: string[]): Promise<CliRun> => runCliProcess(args, env);

beforeAll(async () => {
  if (kind === "postgresql") {
    postgres = await createTestDatabase();
    if (!postgres.url) throw new Error("the PostgreSQL test database has no URL");
    env = cliEnv({ url: postgres.url });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "ubuf-cli-coordination-"));
    env = cliEnv({ dataDir });
  }
  const migrated = await cli("migrate");
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  const handle = postgres ?? (await openDatabase({ kind: "pglite", dataDir }));
  try {
    await loadStatusReportDemo({ db: handle.db, actor: systemActor }, await readStatusReportSeed());
  } finally {
    if (!postgres) await handle.close();
  }
});

afterAll(async () => {
  await postgres?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("coordination commands", () => {
  it("list the gaps, the district summary and the matrix as HXL", async () => {
    const gaps = await cli("coordination", "gaps", "--theme", "legal_aid");
    expect(gaps.stderr).toBe("");
    expect(gaps.stdout.trim().split("\n")).toEqual([
      "Mulindi Military Prison",
      "1 without a partner for legal_aid, 13 with one.",
    ]);
    const district = await cli("coordination", "district", "RW-D11");
    expect(district.code).toBe(0);
    expect(district.stdout).toContain("Nyarugenge Correctional Facility");
    // Partners in the order a reader looks them up: by the short name printed.
    expect(district.stdout).toContain("\n  legal_aid: ARDHO, Interpeace, LoH, PFR, RBJ\n");
    const organisations = district.stdout
      .split("\n")
      .slice(2)
      .filter((l) => /^(ADEPR|ARDHO|LoH|PFR) /.test(l))
      .map((l) => l.split(" ")[0]);
    expect(organisations).toEqual(["ADEPR", "ARDHO", "LoH", "PFR"]);
    const hxl = await cli("coordination", "matrix", "--theme", "legal_aid", "--level", "district", "--hxl");
    const lines = hxl.stdout.split("\r\n");
    expect(lines[1]?.startsWith("#org +name,#org +acronym")).toBe(true);
    expect(lines.some((l) => l.startsWith("Lawyers of Hope,LoH,") && l.includes(",Musanze,43,"))).toBe(true);
    // Three child processes: slow on a busy machine.
  }, 180_000);

  it("names a bad option value and exits 1 without a stack trace", async () => {
    const run = await cli("coordination", "matrix", "--level", "village");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/level/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
