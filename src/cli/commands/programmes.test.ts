// `programmes list` and `programmes show` on PGlite or PostgreSQL: in this process, and the list once as an
// operator runs it (a child process), so that the exit code and stdout/stderr are the real ones.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { systemActor } from "../../../tests/factories";
import { hasShared } from "../../../tests/shared-data";
import { loadProgrammeDemo, readProgrammeSeed } from "../../modules/programmes/programme-demo";

let database: CliDatabase;
let programmeId = "";

const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-programmes");
  programmeId = await database.withDatabase(
    async (handle) =>
      (await loadProgrammeDemo({ db: handle.db, actor: systemActor }, await readProgrammeSeed())).programmeId,
  );
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("programmes CLI", () => {
  it("lists programmes with people reached (child process)", async () => {
    const run = await spawned("programmes", "list");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TITLE\s+LEAD\s+STATUS\s+PERIOD\s+PEOPLE REACHED\s+EVENTS\s+ID$/);
    expect(lines[1]).toMatch(
      /^Rwanda Counter Human Trafficking Joint Programme\s+IOM\s+completed\s+2011-11-01 to 2012-10-31\s+1542\s+10\s+/,
    );
    expect(lines.at(-1)).toBe("Total: 1 programme");
  });

  it("shows one programme with its logframe, indicators and the double-counting rule", async () => {
    const run = await cli("programmes", "show", programmeId);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("People reached: 1542");
    expect(run.stdout).toContain("        activity: School presentations");
    expect(run.stdout).toContain(
      "  - Number of people reached by trainings and awareness activities [people]: 1542 (Nationwide)",
    );
    expect(run.stdout).toContain("  - students: 903");
    expect(run.stdout).toContain("not added again");
    const json = await cli("programmes", "show", programmeId, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ id: programmeId, dashboard: { peopleReached: 1542 } });
  });

  it("rejects an unknown status naming the field, and an unknown id", async () => {
    const bad = await cli("programmes", "list", "--status", "finished");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/status: /);
    const missing = await cli("programmes", "show", "00000000-0000-4000-8000-000000000000");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("The programme was not found.");
  });

  it("exports IATI to a file", async () => {
    const out = join(database.workDir, `iati-${Date.now()}.xml`);
    const run = await cli("export", "iati", "--out", out);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(`Wrote 1 activity to ${out}`);
    expect(readFileSync(out, "utf8")).toContain('<iati-activities version="2.03"');
    rmSync(out, { force: true });
  });

  it.skipIf(!hasShared("../shared/data/iati/samples/nl-mfa-dgis-human-rights-2.03.xml"))(
    "imports an IATI file and lists its programmes",
    async () => {
      const run = await cli(
        "import",
        "iati",
        "../shared/data/iati/samples/nl-mfa-dgis-human-rights-2.03.xml",
      );
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe(
        "Imported 13 programmes: 13 new, 0 updated, 0 unchanged (13 new organisations) from ../shared/data/iati/samples/nl-mfa-dgis-human-rights-2.03.xml",
      );
      const list = await cli("programmes", "list");
      expect(list.stdout.trimEnd().split("\n").at(-1)).toBe("Total: 14 programmes");
    },
    // Two CLI runs, and the import starts a parsing worker (libxml2 in WebAssembly): 27 s measured at load ~20.
    90_000,
  );
});
