// `export status-report` as an operator runs it (child processes), on PGlite or PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, cliEnv, runCliProcess } from "../../../tests/cli";
import { createTestDatabase, testDatabaseKind } from "../../../tests/database";
import { systemActor } from "../../../tests/factories";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { loadStatusReportDemo, readStatusReportSeed } from "../../modules/status-report";

const kind = testDatabaseKind();
let postgres: DatabaseHandle | undefined;
let dataDir = "";
const outDir = mkdtempSync(join(tmpdir(), "ubuf-cli-export-out-"));
let env: NodeJS.ProcessEnv = {};

const cli = (...args: string[]): Promise<CliRun> => runCliProcess(args, env);

beforeAll(async () => {
  if (kind === "postgresql") {
    postgres = await createTestDatabase();
    if (!postgres.url) throw new Error("the PostgreSQL test database has no URL");
    env = cliEnv({ url: postgres.url });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "ubuf-cli-export-"));
    env = cliEnv({ dataDir });
  }
  const migrated = await cli("migrate");
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  // PGlite allows one process: the data is loaded here, between two CLI runs.
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
  rmSync(outDir, { recursive: true, force: true });
});

describe("export status-report", () => {
  it("writes the Word report in French, as of a day, for one section", async () => {
    const out = join(outDir, "rapport.docx");
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

  it("writes the HXL 3W CSV for a place, given by its code", async () => {
    const out = join(outDir, "3w.csv");
    const run = await cli(
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
    const out = join(outDir, "rapport.docx");
    const before = readFileSync(out);
    const existing = await cli("export", "status-report", "--format", "pdf", "--out", out);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain("already exists");
    expect(readFileSync(out).equals(before)).toBe(true);

    const format = await cli("export", "status-report", "--format", "odt", "--out", join(outDir, "x.odt"));
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be one of docx, xlsx, pdf, csv, hxl");

    const asOf = await cli(
      "export",
      "status-report",
      "--format",
      "csv",
      "--out",
      join(outDir, "x.csv"),
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
      join(outDir, "y.csv"),
      "--party",
      "Nobody At All",
    );
    expect(party.code).toBe(1);
    expect(party.stderr).toContain('party: No organisation is named "Nobody At All".');
    expect(() => readFileSync(join(outDir, "x.csv"))).toThrow();
  });
});
