// `import status-report` on PGlite or PostgreSQL: dry run, import, re-import, a malformed file. The import runs as an
// operator runs it (a child process: progress on the real stderr), the rest in this process.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { hostileZip } from "../../../tests/hostile-files";
import { readRowExclusions } from "./import";

const FIXTURE = fileURLToPath(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url));
const OTHER_FIELDS = fileURLToPath(
  new URL("../../../fixtures/status-report-other-fields.csv", import.meta.url),
);
const ROW_PROBLEMS = fileURLToPath(
  new URL("../../../fixtures/status-report-row-problems.csv", import.meta.url),
);
let database: CliDatabase;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);

beforeAll(async () => {
  // A migrated copy of the template, on PGlite too: creating a folder from nothing is cli.test.ts's `migrate`.
  database = await createCliDatabase("cli-import");
});

afterAll(async () => {
  await database?.close();
});

describe("import status-report", () => {
  it("is in the usage text", async () => {
    const help = await cli("--help");
    expect(help.stdout).toContain("import status-report FILE [--dry-run] [--institution NAME]");
  });

  it("previews with --dry-run: every row, the warnings with their line and column, and the counts", async () => {
    const run = await cli(
      "import",
      "status-report",
      FIXTURE,
      "--dry-run",
      "--institution",
      "Rwanda Correctional Service",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Section 1 MoUs with Local Partners and RCS [local], 20 rows");
    expect(run.stdout).toMatch(
      /1\.18\s+create\s+MoU between RCS and MINECOFIN, Stirling Foundation and The Church of Jusus Christ/,
    );
    expect(run.stdout).toContain(
      'warning: status-report-rcs-000.txt, line 19, column AREA(S) FOR IMPLEMENTATION: No place we know is named here; the agreement will have no area. ("Training of RCS\' staffs")',
    );
    expect(run.stdout).toContain("Agreements:    26 to create, 0 to update, 0 unchanged");
    expect(run.stdout).toContain("Dry run: nothing was written.");
    const list = await cli("agreements", "list");
    expect(list.stdout).toContain("Total: 0 agreements");
  }, 120_000);

  it("takes the report's day with --report-date, refusing one after today by the option's name", async () => {
    const run = await cli("import", "status-report", FIXTURE, "--dry-run", "--report-date", "2199-01-01");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("reportDate");
    expect(run.stderr).toContain("The report describes a past day or today");
  });

  it("imports with progress on standard error, and a second run creates nothing", async () => {
    const run = await spawned(
      "import",
      "status-report",
      FIXTURE,
      "--institution",
      "Rwanda Correctional Service",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("Importing… 0/30 rows");
    expect(run.stderr).toContain("Importing… 30/30 rows");
    expect(run.stdout).toContain("Agreements:    26 to create");
    const list = await cli("agreements", "list");
    expect(list.stdout).toContain("Total: 27 agreements");
    const again = await cli("import", "status-report", FIXTURE, "--dry-run", "--institution", "RCS");
    expect(again.stdout).toContain("Organisations: 0 to create, 33 found in the register");
    expect(again.stdout).toContain("Agreements:    0 to create, 0 to update, 26 unchanged");
  }, 180_000);

  it("says which columns it keeps as other fields, and leaves one out as the mapping file chooses", async () => {
    const kept = await cli("import", "status-report", OTHER_FIELDS, "--dry-run", "--institution", "RCS");
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('  kept as other fields: Focal person (e.g. "Jeanne Uwase 0788 000 111")');
    expect(kept.stdout).toContain("Other fields: 1");
    const mapping = join(database.workDir, "mapping.json");
    writeFileSync(mapping, JSON.stringify({ columns: { "Focal person": "ignore" } }));
    const left = await cli(
      "import",
      "status-report",
      OTHER_FIELDS,
      "--dry-run",
      "--institution",
      "RCS",
      "--mapping",
      mapping,
    );
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toContain('  left out: Focal person (e.g. "Jeanne Uwase 0788 000 111")');
    expect(left.stdout).not.toContain("kept as other fields");
    expect(left.stdout).toContain("Other fields: 0");
  }, 60_000);

  it("reads --exclude-rows as numbers, or as locations separated by semicolons (a location holds a comma)", () => {
    expect(readRowExclusions(["4, 7", "table 2, row 3; 9 ;", "line 19"])).toEqual([
      { row: 4 },
      { row: 7 },
      { location: "table 2, row 3" },
      { row: 9 },
      { location: "line 19" },
    ]);
  });

  it("refuses a file with errors unless their rows are left out (--exclude-rows), then prints what was left out", async () => {
    // That a refused file writes nothing is the service's test (imports-row-exclusion.service.test.ts); here, the words.
    const dry = await cli("import", "status-report", ROW_PROBLEMS, "--dry-run", "--institution", "RCS");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      '2 row(s) with errors refuse the whole file: correct them, or leave them out and import the rest with\n  --exclude-rows "row 3; row 5"   (or --exclude-rows-with-errors)',
    );
    const refused = await cli("import", "status-report", ROW_PROBLEMS, "--institution", "RCS");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error: status-report-row-problems.csv has 2 error(s); nothing was imported. Correct the file, or leave out the 2 row(s) with errors (row 3; row 5)",
    );
    expect(refused.stderr).toContain("  row 5, Partner: The partner cell is empty.");
    expect(refused.stderr).not.toMatch(/skipped/i);
    const unknown = await cli(
      "import",
      "status-report",
      ROW_PROBLEMS,
      "--institution",
      "RCS",
      "--exclude-rows",
      "3,9",
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("excludeRows.1.row: status-report-row-problems.csv has no row 9.");

    const run = await cli(
      "import",
      "status-report",
      ROW_PROBLEMS,
      "--institution",
      "RCS",
      "--exclude-rows",
      "3",
      "--exclude-rows",
      "row 5",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Agreements:    2 to create");
    expect(run.stdout).toContain(
      [
        "Left out 2 row(s):",
        "  status-report-row-problems.csv, row 3: error, column Partner: The partner cell is empty.",
        "  status-report-row-problems.csv, row 5: error, column Partner: The partner cell is empty.",
      ].join("\n"),
    );
    const again = await cli(
      "import",
      "status-report",
      ROW_PROBLEMS,
      "--dry-run",
      "--institution",
      "RCS",
      "--exclude-rows-with-errors",
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Agreements:    0 to create, 0 to update, 2 unchanged");
    expect(again.stdout).toContain(
      "Rows to leave out (2):\n  status-report-row-problems.csv, row 3: error, column Partner: The partner cell is empty.",
    );
    expect(again.stdout).toContain("Rows left out: 2");
  }, 120_000);

  it("names the file when it cannot be read, and exits 1", async () => {
    const bad = join(database.workDir, "broken.docx");
    writeFileSync(bad, Buffer.from("PK\u0003\u0004 not really a zip"));
    const run = await cli("import", "status-report", bad, "--institution", "RCS");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: file: broken.docx could not be read as a Word document (.docx)");
  }, 60_000);

  it("refuses a zip bomb naming the file and the limit, writes nothing, and exits 1", async () => {
    const bomb = join(database.workDir, "bomb.docx");
    writeFileSync(bomb, await hostileZip({ kind: "docx", inflatedMb: 80 }));
    const total = async () => /Total: \d+ agreements?/.exec((await cli("agreements", "list")).stdout)?.[0];
    const before = await total();
    const run = await cli("import", "status-report", bomb, "--institution", "RCS");
    expect(run.code).toBe(1);
    // Said once, naming the file (the message and the file field's were printed one under the other).
    expect(run.stderr).toMatch(/^error: file: bomb\.docx unpacks to more than 64 MB, the limit[^\n]*\n$/);
    expect(before).toBeDefined();
    expect(await total()).toBe(before);
  }, 60_000);
});
