// `export status-report` on PGlite or PostgreSQL: in this process, and the HXL file once as an operator writes it
// (a child process), so that the exit code and stdout/stderr are the real ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
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
  database = await createCliDatabase("cli-export");
  await database.withDatabase(async (handle) =>
    loadStatusReportDemo({ db: handle.db, actor: systemActor }, await readStatusReportSeed()),
  );
});

afterAll(async () => {
  await database?.close();
});

describe("export status-report", () => {
  it("writes the Word report in French, as of a day, for one section", async () => {
    const out = join(database.workDir, "rapport.docx");
    const run = await cli(
      "export",
      "status-report",
      "--format",
      "docx",
      "--out",
      out,
      "--as-of",
      "2023-12-31",
      "--lang",
      "fr",
      "--section",
      "2",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*rapport\.docx \([\d,]+ bytes, application\/vnd\.openxml/);
    const xml =
      (await (await JSZip.loadAsync(readFileSync(out))).file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain("2. Protocoles d’accord avec les partenaires régionaux/internationaux");
    expect(xml).toContain("Au 31 décembre 2023");
    expect(xml).toContain("MoU signed on 3rd December 2020");
    expect(xml).not.toContain("Rwanda Polytechnic");
  });

  it("writes the HXL 3W CSV for a place, given by its code (child process)", async () => {
    const out = join(database.workDir, "3w.csv");
    const run = await spawned(
      "export",
      "status-report",
      "--format",
      "hxl",
      "--out",
      out,
      "--place",
      "RW-F-MUSANZE",
    );
    expect(run.code).toBe(0);
    const lines = readFileSync(out, "utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(lines[1]).toBe(
      "#org +name,#org +acronym,#org +type,#activity +name,#activity +code,#sector +name,#country +code,#adm1 +name,#adm2 +name,#adm3 +name,#loc +name,#date +start,#status",
    );
    expect(lines.some((l) => l.startsWith("Catholic Diocese of Byumba,"))).toBe(true);
    expect(lines.some((l) => l.startsWith("Rwanda Polytechnic,"))).toBe(true); // all facilities include Musanze
    expect(lines.some((l) => l.startsWith("Zimbabwe"))).toBe(false);
  });

  it("refuses an existing file, a bad format and a bad value, writing nothing", async () => {
    const out = join(database.workDir, "rapport.docx");
    const before = readFileSync(out);
    const existing = await cli("export", "status-report", "--format", "pdf", "--out", out);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain("already exists");
    expect(readFileSync(out).equals(before)).toBe(true);

    const format = await cli(
      "export",
      "status-report",
      "--format",
      "odt",
      "--out",
      join(database.workDir, "x.odt"),
    );
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be one of docx, xlsx, pdf, csv, hxl");

    const asOf = await cli(
      "export",
      "status-report",
      "--format",
      "csv",
      "--out",
      join(database.workDir, "x.csv"),
      "--as-of",
      "30/11/2026",
    );
    expect(asOf.code).toBe(1);
    expect(asOf.stderr).toContain("asOf: Use a date such as 2026-11-24.");
    const party = await cli(
      "export",
      "status-report",
      "--format",
      "csv",
      "--out",
      join(database.workDir, "y.csv"),
      "--party",
      "Nobody At All",
    );
    expect(party.code).toBe(1);
    expect(party.stderr).toContain('party: No organisation is named "Nobody At All".');
    expect(() => readFileSync(join(database.workDir, "x.csv"))).toThrow();
  });
});
