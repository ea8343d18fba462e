// `coordination matrix|gaps|district` on the example data: in this process, and the gaps once as an operator runs
// them (a child process), so that the exit code and stdout/stderr are the real ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { systemActor } from "../../../tests/factories";
import { loadStatusReportDemo, readStatusReportSeed } from "../../modules/status-report";

let database: CliDatabase;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-coordination");
  await database.withDatabase(async (handle) =>
    loadStatusReportDemo({ db: handle.db, actor: systemActor }, await readStatusReportSeed()),
  );
});

afterAll(async () => {
  await database?.close();
});

describe("coordination commands", () => {
  it("list the gaps, the district summary and the matrix as HXL", async () => {
    // A child process: the real exit code and stdout/stderr.
    const gaps = await spawned("coordination", "gaps", "--theme", "legal_aid");
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
  }, 180_000);

  it("names a bad option value and exits 1 without a stack trace", async () => {
    const run = await cli("coordination", "matrix", "--level", "village");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/level/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
