// Importing IATI activity files: the Netherlands sample gives its 13 activities without duplicate organisations;
// a file that fails the schema is reported by line and element, and nothing is half-imported.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant } from "../../../tests/factories";
import { hasShared } from "../../../tests/shared-data";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { createOrganisation } from "../organisations";
import { exportIati } from "./programmes.export";
import { importIati } from "./programmes.import";
import { createProgramme, getProgramme } from "./programmes.service";
import { listResults } from "./results.service";

const IATI_DIR = resolve(process.env.IATI_SHARED_DIR ?? "../shared/data/iati");
const SCHEMA = join(IATI_DIR, "schema/iati-activities-schema.xsd");
const SAMPLE = join(IATI_DIR, "samples/nl-mfa-dgis-human-rights-2.03.xml");
const OFFICIAL = join(IATI_DIR, "samples/iati-2.03-official-annotated-example.xml");
const ready = hasShared(SAMPLE, SCHEMA);
if (!ready) console.warn(`IATI import test skipped: needs ${SAMPLE} and ${SCHEMA}.`);

let handle: DatabaseHandle;
let ctx: ServiceContext;

async function counts() {
  const [row] = await queryRows<{
    programmes: number;
    organisations: number;
    audit: number;
    logframe: number;
    indicators: number;
    targets: number;
    results: number;
  }>(
    handle.db,
    sql`select (select count(*) from programme)::int as programmes, (select count(*) from organisation)::int as organisations,
      (select count(*) from audit_log)::int as audit, (select count(*) from logframe_item)::int as logframe,
      (select count(*) from indicator)::int as indicators, (select count(*) from indicator_target)::int as targets,
      (select count(*) from result)::int as results`,
  );
  return row;
}

async function anyProgrammeId(): Promise<string | undefined> {
  return (await queryRows<{ id: string }>(handle.db, sql`select id from programme limit 1`))[0]?.id;
}

describe.skipIf(!ready)("IATI import", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("refuses a file that fails the schema, naming line and element, and imports nothing", async () => {
    const broken = readFileSync(SAMPLE, "utf8").replace("<activity-status", "<activity-state");
    const before = await counts();
    const error = await importIati(ctx, broken, { schemaPath: SCHEMA }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const paths = (error as AppError).errors.map((e) => e.path);
    expect(paths[0]).toMatch(/^line \d+, element activity-state$/);
    expect(await counts()).toEqual(before);
  });

  it("creates the 13 activities of the Netherlands sample, the ministry once", async () => {
    const before = await counts();
    const result = await importIati(ctx, readFileSync(SAMPLE, "utf8"), { schemaPath: SCHEMA });
    expect(result.programmes).toBe(13);
    const after = await counts();
    expect((after?.programmes ?? 0) - (before?.programmes ?? 0)).toBe(13);
    // The ministry (funding in all 13) and 12 different implementing organisations.
    expect(result.organisationsCreated).toBe(13);
    // "Ministry of Foreign Affairs (DGIS)" is split into the name and its acronym, as the status report import does.
    const dgis = await queryRows<{ name: string; acronym: string | null }>(
      handle.db,
      sql`select name, acronym from organisation where name like 'Ministry of Foreign Affairs%'`,
    );
    expect(dgis).toEqual([{ name: "Ministry of Foreign Affairs", acronym: "DGIS" }]);
    const first = await getProgramme(ctx, result.programmeIds[0] ?? "");
    expect(first.iatiIdentifier).toBe("NL-1-PPR-24706");
    expect(first.narratives?.title).toEqual({ nl: "ICTJ 2013-2014" });
    expect(first.lead.name).toBe("ICTJ");
    expect(first.donors.map((d) => d.name)).toEqual(["Ministry of Foreign Affairs"]);
    expect([first.startDate, first.endDate, first.status]).toEqual(["2014-01-01", "2016-07-25", "completed"]);
    expect(first.themes).toEqual(["peacebuilding_reconciliation"]);
    // The Netherlands file states no results: no logframe is invented for its activities.
    expect([result.indicators, result.results, first.logframe]).toEqual([0, 0, []]);
  });

  it("matches a participating organisation written as “Name (ACR)” to the register's name, creating none", async () => {
    const iom = await createOrganisation(ctx, {
      name: "International Organization for Migration",
      kind: "un_agency",
    });
    const xml = readFileSync(SAMPLE, "utf8")
      .replace(/<iati-identifier>/g, "<iati-identifier>RW-TEST-")
      .replace(/Ministry of Foreign Affairs \(DGIS\)/g, "International Organization for Migration (IOM)");
    const before = await counts();
    const result = await importIati(ctx, xml, { schemaPath: SCHEMA });
    expect(result.programmes).toBe(13);
    // The 12 implementers are known from the first import; the funder is the register's IOM.
    expect(result.organisationsCreated).toBe(0);
    expect((await counts())?.organisations).toBe(before?.organisations);
    const first = await getProgramme(ctx, result.programmeIds[0] ?? "");
    expect(first.donors.map((d) => [d.id, d.name])).toEqual([[iom.id, iom.name]]);
  });

  it("refuses to import the same activities twice, and changes nothing", async () => {
    const before = await counts();
    const error = await importIati(ctx, readFileSync(SAMPLE, "utf8"), { schemaPath: SCHEMA }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).errors).toHaveLength(13);
    expect((error as AppError).errors[0]?.message).toBe("This activity was imported already.");
    expect(await counts()).toEqual(before);
  });

  it("recognises its own export: a round trip through IATI adds nothing, imported or made here", async () => {
    const made = await createProgramme(ctx, {
      title: "Legal aid clinics in Musanze, made here",
      leadOrganisationId: (await getProgramme(ctx, (await anyProgrammeId()) ?? "")).lead.id,
      status: "ongoing",
      startDate: "2025-01-01",
      endDate: "2026-12-31",
    });
    const before = await counts();
    const exported = await exportIati(ctx);
    // The imported activities keep the identifiers they came with.
    expect(exported).toContain("<iati-identifier>NL-1-PPR-24706</iati-identifier>");
    const error = await importIati(ctx, exported, { schemaPath: SCHEMA }).catch((e: unknown) => e);
    const messages = (error as AppError).errors.map((e) => `${e.path}: ${e.message}`);
    expect(messages).toContain("iati-activity NL-1-PPR-24706: This activity was imported already.");
    const [imported] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from programme where iati_identifier is not null`,
    );
    expect(messages.filter((m) => m.endsWith("This activity was imported already."))).toHaveLength(
      imported?.n ?? -1,
    );
    expect(messages.find((m) => m.includes(made.id))).toMatch(
      /: This activity is a programme of this register \(exported from it\)\.$/,
    );
    expect(await counts()).toEqual(before);
  });

  it("imports the official example's result: logframe, indicator, baseline, target and actual, per language", async () => {
    const before = await counts();
    const result = await importIati(ctx, readFileSync(OFFICIAL, "utf8"), { schemaPath: SCHEMA });
    expect([result.programmes, result.indicators, result.results]).toEqual([1, 1, 1]);
    const after = await counts();
    // Objective, a holder outcome (IATI states no outcome for the output) and the output; 1 target, 1 result.
    expect([
      (after?.logframe ?? 0) - (before?.logframe ?? 0),
      (after?.indicators ?? 0) - (before?.indicators ?? 0),
      (after?.targets ?? 0) - (before?.targets ?? 0),
      (after?.results ?? 0) - (before?.results ?? 0),
    ]).toEqual([3, 1, 1, 1]);
    const p = await getProgramme(ctx, result.programmeIds[0] ?? "");
    expect(p.logframe.map((i) => [i.level, i.text])).toEqual([
      ["objective", "Activity title"],
      ["outcome", "Outputs reported in the IATI file (it states no outcome for them)"],
      ["output", "Result title"],
    ]);
    const [indicator] = p.indicators;
    expect(indicator?.logframeItemId).toBe(p.logframe[2]?.id);
    expect(indicator).toMatchObject({
      title: "Indicator title",
      unit: "people",
      baselineValue: 10,
      baselineDate: "2012-01-01",
      baselineText: "For sex female, age adult only. Baseline comment text",
      targets: [{ periodStart: "2013-01-01", periodEnd: "2013-03-31", value: 10 }],
    });
    // The actual is given for adult women only: at least 11 for the whole, never an exact 11.
    expect(indicator?.actual).toMatchObject({ kind: "lower_bound", value: 11 });
    const [value] = await listResults(ctx, p.id, indicator?.id ?? "");
    expect(value).toMatchObject({
      periodStart: "2013-01-01",
      periodEnd: "2013-03-31",
      valueKind: "lower_bound",
      value: 11,
      text: "Reported for sex female, age adult only. Actual comment text",
    });
    expect(p.narratives?.title).toEqual({
      en: "Activity title",
      fr: "Titre de l'activité",
      es: "Título de la actividad",
    });
  });

  it("refuses the official example a second time without duplicating its results", async () => {
    const before = await counts();
    const error = await importIati(ctx, readFileSync(OFFICIAL, "utf8"), { schemaPath: SCHEMA }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).errors.map((e) => e.path)).toEqual(["iati-activity AA-AAA-123456789-ABC123"]);
    expect(await counts()).toEqual(before);
  });

  it("refuses a result outside the activity's period, naming activity, result and field; nothing is saved", async () => {
    const before = await counts();
    const xml = readFileSync(OFFICIAL, "utf8")
      .replace("AA-AAA-123456789-ABC123", "AA-AAA-123456789-OUTSIDE")
      .replace('<period-start iso-date="2013-01-01" />', '<period-start iso-date="2011-01-01" />');
    const error = await importIati(ctx, xml, { schemaPath: SCHEMA }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).errors[0]?.path).toBe(
      "iati-activity AA-AAA-123456789-OUTSIDE: result 1, indicator 1: targets.0.periodStart",
    );
    expect(await counts()).toEqual(before);
  });
});
