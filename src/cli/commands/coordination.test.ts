// `coordination matrix|gaps|district` on the example data: in this process, and the gaps once as an operator runs
// them (a child process), so that the exit code and stdout/stderr are the real ones. `coordination import-3w`: a 3W
// file checked, refused by row and column, imported with a choices file, and on a data folder no server has opened.
import { writeFileSync } from "node:fs";
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
import { systemActor } from "../../../tests/factories";
import { queryRows } from "../../db/client";
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

describe("coordination import-3w", () => {
  const FIXTURE = fileURLToPath(new URL("../../../fixtures/hxl-3w-proposals.csv", import.meta.url));
  /** Rows of imported 3W files and organisations: what a refused import must leave as it was. */
  const footprint = () =>
    database.withDatabase(async (handle) => {
      const [row] = await queryRows<{ reported: number; organisations: number; imports: number }>(
        handle.db,
        sql`select (select count(*)::int from reported_presence) as reported,
          (select count(*)::int from organisation) as organisations,
          (select count(*)::int from reported_import) as imports`,
      );
      return row;
    });
  beforeAll(async () => {
    // The reference data a server's start (or `migrate`) loads, district reporting bodies among them: the import
    // loads it too, so a footprint taken before its first run would count them as written by it.
    expect((await cli("migrate")).code).toBe(0);
  }, 120_000);
  const file = (name: string, text: string) => {
    const path = join(database.workDir, name);
    writeFileSync(path, text);
    return path;
  };

  it("is in the usage text", async () => {
    const help = await cli("--help");
    expect(help.stdout).toContain("coordination import-3w FILE [--dry-run] [--choices FILE]");
  });

  it("checks with --dry-run: the rows with their dates as written, the names the register lacks by row and column", async () => {
    const before = await footprint();
    const run = await cli("coordination", "import-3w", FIXTURE, "--dry-run");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(
      "hxl-3w-proposals.csv: 2 rows match, 0 rows left out, 3 names waiting for a choice.",
    );
    // A year stays a year and a month a month: never 2024-01-01.
    expect(out).toMatch(
      /\n3 +LoH +legal_aid +Huye Correctional Facility \(RW-F-HUYE\) +2024 +2024-03 +Cliniques\n/,
    );
    expect(out).toMatch(
      /\n5 +\(implementer not named\) +UNDP +legal_aid +Rulindo \(RW-D41\) +2024-03-15 +Sans exécutant\n/,
    );
    expect(out).toContain(
      '  "Umuryango Mushya" (UMU), implementer: hxl-3w-proposals.csv, row 4, column #org+impl+name\n',
    );
    expect(out).toContain(
      '  "Santé mentale": hxl-3w-proposals.csv, row 6, column #sector +name +main\n    created as: sante_mentale\n    choice: no choice yet\n',
    );
    expect(out).toMatch(/"Skipped Org", implementer: [^\n]+\n {4}similar: none\n/);
    expect(out).toContain("To import, choose for each name: --choices FILE");
    expect(out).toContain("Dry run: nothing was written.");
    // Organisations of the register sharing a word of the name, with the id a choices file matches to.
    const similar = file(
      "3w-similar.csv",
      ["#org +name,#sector,#adm2 +name", "Hope Lawyers Network,legal_aid,Musanze"].join("\n"),
    );
    const near = await cli("coordination", "import-3w", similar, "--dry-run");
    expect(near.code, near.stderr).toBe(0);
    expect(near.stdout).toMatch(
      /"Hope Lawyers Network", implementer: 3w-similar\.csv, row 2, column #org \+name\n {4}similar: Lawyers of Hope \(LoH\) \[[0-9a-f-]{36}\]/,
    );
    expect(await footprint()).toEqual(before);
  });

  it("refuses to import names without a choice, and a choices file naming no such organisation, writing nothing", async () => {
    const before = await footprint();
    const run = await cli("coordination", "import-3w", FIXTURE);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: 3 names of hxl-3w-proposals.csv are not in the register and have no choice: nothing was imported.",
    );
    const choices = file(
      "bad-choices.json",
      JSON.stringify({
        organisations: [
          {
            name: "Umuryango Mushya",
            action: "match",
            organisationId: "00000000-0000-4000-8000-000000000000",
          },
        ],
      }),
    );
    const bad = await cli("coordination", "import-3w", FIXTURE, "--choices", choices, "--skip-unknown");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "  bad-choices.json, organisations.0.organisationId: No organisation has this id: choose an organisation of the register for “Umuryango Mushya”.",
    );
    const shape = file(
      "shape.json",
      JSON.stringify({ organisations: [{ name: "X", action: "adopt" }], csv: "" }),
    );
    const wrong = await cli("coordination", "import-3w", FIXTURE, "--choices", shape);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`error: The choices file ${shape} is not valid`);
    expect(wrong.stderr).toMatch(/ {2}shape\.json, organisations\.0\.action: /);
    expect(await footprint()).toEqual(before);
  });

  it("names every bad cell by file, row and column, and creates nothing even with --create-unknown", async () => {
    const before = await footprint();
    const bad = file(
      "3w-bad.csv",
      [
        "Organisation,Secteur,District,Début",
        "#org +name,#sector,#adm2 +name,#date +start",
        "Nouvelle ONG,legal_aid,Atlantis,2024",
        "Lawyers of Hope,legal_aid,Huye,2026-13-01",
      ].join("\n"),
    );
    const run = await cli("coordination", "import-3w", bad, "--create-unknown");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        "error: Nothing was imported from 3w-bad.csv: correct the rows named below and import it again.",
        "  3w-bad.csv, row 3, column #adm2: no district named “Atlantis”.",
        "  3w-bad.csv, row 4, column #date +start: “2026-13-01” is not a date such as 2026-01-31, 2026-01 or 2026.",
        "",
      ].join("\n"),
    );
    expect(await footprint()).toEqual(before);
  });

  it("imports with a choices file: the dates keep their precision in the 3W and its HXL export", async () => {
    const before = await footprint();
    const choices = file(
      "choices.json",
      JSON.stringify({
        organisations: [
          { name: "Umuryango Mushya", action: "create", kind: "local_cso" },
          { name: "Skipped Org", action: "skip" },
        ],
        themes: [{ name: "santé mentale", action: "match", themeCode: "legal_aid" }],
      }),
    );
    const run = await cli("coordination", "import-3w", FIXTURE, "--choices", choices);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("Importing 4 rows from hxl-3w-proposals.csv…\n");
    expect(run.stdout).toMatch(
      /\n4 +Umuryango Mushya \(new\) +legal_aid +Gakenke \(RW-D42\) +2024-03 +2025-06-30 /,
    );
    expect(run.stdout).toContain('  row 7: organisation left out ("Skipped Org")');
    expect(run.stdout).toMatch(
      /\nImported 4 rows from hxl-3w-proposals\.csv, 1 row left out \(import [0-9a-f-]{36}\)\.$/m,
    );
    expect(await footprint()).toEqual({
      reported: (before?.reported ?? 0) + 4,
      organisations: (before?.organisations ?? 0) + 1,
      imports: (before?.imports ?? 0) + 1,
    });
    const hxl = await cli(
      "coordination",
      "matrix",
      "--theme",
      "legal_aid",
      "--level",
      "place_of_detention",
      "--from",
      "2024-01-01",
      "--to",
      "2024-12-31",
      "--hxl",
    );
    const huye = hxl.stdout.split("\r\n").filter((l) => l.includes(",Cliniques,"));
    expect(huye).toHaveLength(1);
    expect(huye[0]).toContain(",Huye Correctional Facility,RW-F-HUYE,Cliniques,");
    expect(huye[0]).toContain(",2024,2024-03,active,");
    // The same file again is refused by the import it was, naming it.
    const again = await cli("coordination", "import-3w", FIXTURE, "--choices", choices);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: This file was already imported on \d{4}-\d{2}-\d{2} by cli:/);
  });
});

describe("coordination import-3w on a data folder no server has opened", () => {
  let fresh: CliDatabase;
  beforeAll(async () => {
    // On PGlite an empty folder: the command creates it, migrates it and loads the places and themes, as a server would.
    fresh = await createCliDatabase("cli-3w-fresh", { empty: true });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it("imports, creating the organisations the register lacks with --create-unknown", async () => {
    const path = join(fresh.workDir, "3w-huye.csv");
    writeFileSync(
      path,
      [
        "Organisation,Sigle,Secteur,District,Début,Fin",
        "#org +name,#org +acronym,#sector,#adm2 +name,#date +start,#date +end",
        "Nouvelle ONG,NONG,Aide juridique,Huye,2024,2025-06",
      ].join("\r\n"),
    );
    const run = await runCliInProcess(
      ["coordination", "import-3w", path, "--create-unknown", "--kind", "international_ngo"],
      fresh.env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\n3 +Nouvelle ONG \(new\) +legal_aid +Huye \(RW-D24\) +2024 +2025-06\n/);
    expect(run.stdout).toContain("Imported 1 row from 3w-huye.csv");
    const stored = await fresh.withDatabase((handle) =>
      queryRows<{ kind: string; from: string; fromPrecision: string; until: string; untilPrecision: string }>(
        handle.db,
        sql`select o.kind, p.valid_from::text as from, p.valid_from_precision as "fromPrecision",
              p.valid_until::text as until, p.valid_until_precision as "untilPrecision"
            from reported_presence p join organisation o on o.id = p.organisation_id`,
      ),
    );
    expect(stored).toEqual([
      {
        kind: "international_ngo",
        from: "2024-01-01",
        fromPrecision: "year",
        until: "2025-06-30",
        untilPrecision: "month",
      },
    ]);
  }, 180_000);
});
