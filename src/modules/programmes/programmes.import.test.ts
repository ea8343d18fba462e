// Importing IATI activity files: the Netherlands sample gives its 13 activities without duplicate organisations;
// a file that fails the schema is reported by line and element, and nothing is half-imported; what the register's
// fields cannot say is kept and written back, so import → export → import changes nothing (decision 032).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant } from "../../../tests/factories";
import { hasShared } from "../../../tests/shared-data";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { createOrganisation } from "../organisations";
import type { IatiKept } from "./iati.schema";
import { exportIati } from "./programmes.export";
import { importIati } from "./programmes.import";
import { createProgramme, getProgramme } from "./programmes.service";
import { listResults } from "./results.service";

const IATI_DIR = resolve(process.env.IATI_SHARED_DIR ?? "../shared/data/iati");
const SCHEMA = join(IATI_DIR, "schema/iati-activities-schema.xsd");
const SAMPLE = join(IATI_DIR, "samples/nl-mfa-dgis-human-rights-2.03.xml");
const OFFICIAL = join(IATI_DIR, "samples/iati-2.03-official-annotated-example.xml");
/** Ours: every contact-info, recipient-country/region, tag, policy-marker and planned-disbursement attribute. */
const KEPT_FIXTURE = fileURLToPath(new URL("../../../fixtures/iati-kept-elements.xml", import.meta.url));
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

/** Every row an import writes, every column, in a stable order: what "changes nothing" is checked against. */
async function snapshot() {
  const all = (table: string, order: string) =>
    queryRows<Record<string, unknown>>(handle.db, sql.raw(`select * from ${table} order by ${order}`));
  return {
    programmes: await all("programme", "id"),
    organisations: await all("programme_organisation", "programme_id, organisation_id, role"),
    places: await all("programme_place", "programme_id, place_id"),
    themes: await all("programme_theme", "programme_id, theme_code"),
    logframe: await all("logframe_item", "id"),
    indicators: await all("indicator", "id"),
    targets: await all("indicator_target", "indicator_id, period_start"),
    results: await all("result", "id"),
    registered: await all("organisation", "id"),
    counts: await counts(),
  };
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

  it("imports the same activities again as updates that change nothing", async () => {
    const before = await snapshot();
    const result = await importIati(ctx, readFileSync(SAMPLE, "utf8"), { schemaPath: SCHEMA });
    expect([result.created, result.updated, result.unchanged]).toEqual([0, 0, 13]);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps every participating-organisation role, budgets, transactions, sectors and dates", async () => {
    const [row] = await queryRows<{ id: string; iati: IatiKept }>(
      handle.db,
      sql`select id, iati from programme where iati_identifier = 'NL-1-PPR-24706'`,
    );
    const dgis = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from organisation where name = 'Ministry of Foreign Affairs'`,
    );
    const kept = row?.iati;
    expect(kept?.accountable).toEqual([dgis[0]?.id]);
    expect(kept?.extending).toEqual([dgis[0]?.id]);
    expect(kept?.statusCode).toBeUndefined(); // 4 is what "completed" says
    expect(kept?.dates).toEqual([
      { type: "1", isoDate: "2013-04-01" },
      { type: "2", isoDate: "2014-01-01" },
      { type: "3", isoDate: "2016-03-31" },
      { type: "4", isoDate: "2016-07-25" },
    ]);
    expect(kept?.sectors).toEqual([
      {
        vocabulary: "1",
        vocabularyUri: null,
        code: "15220",
        percentage: null,
        narratives: { en: "Civilian peace-building, conflict prevention and resolution" },
      },
    ]);
    expect(kept?.budgets).toEqual([
      {
        type: null,
        status: null,
        periodStart: "2014-01-01",
        periodEnd: "2016-07-25",
        value: "2000000",
        currency: "EUR",
        valueDate: "2018-01-01",
      },
    ]);
    expect(kept?.transactions?.[0]).toEqual({
      ref: null,
      type: "2",
      date: "2014-01-01",
      value: "2000000",
      currency: "EUR",
      valueDate: "2014-01-01",
      description: null,
      provider: {
        organisationId: dgis[0]?.id,
        ref: "XM-DAC-7",
        type: null,
        narratives: { nl: "Ministry of Foreign Affairs (DGIS)" },
      },
      receiver: {
        organisationId: (await getProgramme(ctx, row?.id ?? "")).lead.id,
        ref: null,
        type: null,
        narratives: { nl: "ICTJ" },
      },
    });
    const transactions = (readFileSync(SAMPLE, "utf8").split("<iati-activity ")[1] ?? "").match(
      /<transaction>/g,
    );
    expect(kept?.transactions).toHaveLength(transactions?.length ?? -1);
  });

  it("keeps contact information, recipient shares and regions, tags, policy markers and planned disbursements", async () => {
    const fixture = readFileSync(KEPT_FIXTURE, "utf8");
    const result = await importIati(ctx, fixture, { schemaPath: SCHEMA });
    expect([result.created, result.programmes]).toEqual([2, 2]);
    const keptOf = async (identifier: string) =>
      (
        await queryRows<{ iati: IatiKept }>(
          handle.db,
          sql`select iati from programme where iati_identifier = ${identifier}`,
        )
      )[0]?.iati;
    const first = await keptOf("XM-EXAMPLE-RW-KEPT-1");
    expect(first?.contactInfo).toEqual([
      {
        type: "2",
        organisation: { en: "Justice Partners International", fr: "Justice Partenaires International" },
        department: { en: "Legal aid programme" },
        personName: { en: "Programme Officer (fictitious)" },
        jobTitle: { en: "Programme officer", rw: "Ushinzwe porogaramu" },
        telephones: ["+250 700 000 001", "+250 700 000 002"],
        emails: ["programme@example.org", "legal-aid@example.org"],
        websites: ["https://example.org/legal-aid"],
        mailingAddresses: [{ en: "P.O. Box 0000, Kigali, Rwanda" }, { fr: "B.P. 0000, Bujumbura, Burundi" }],
      },
      {
        type: null,
        organisation: null,
        department: null,
        personName: null,
        jobTitle: null,
        telephones: [],
        emails: ["info@example.org"],
        websites: [],
        mailingAddresses: [],
      },
    ]);
    expect(first?.recipientCountries).toEqual([
      { code: "RW", percentage: "60", narratives: { en: "Rwanda" } },
      { code: "BI", percentage: "20", narratives: null },
    ]);
    expect(first?.recipientRegions).toEqual([
      {
        code: "289",
        vocabulary: "1",
        vocabularyUri: null,
        percentage: "15",
        narratives: { en: "South of Sahara, regional", fr: "Sud du Sahara, régional" },
      },
      {
        code: "GL",
        vocabulary: "99",
        vocabularyUri: "https://example.org/regions",
        percentage: "5",
        narratives: { en: "Great Lakes" },
      },
    ]);
    expect(first?.tags).toEqual([
      {
        vocabulary: "2",
        vocabularyUri: null,
        code: "16",
        narratives: { en: "Peace, justice and strong institutions" },
      },
      { vocabulary: "3", vocabularyUri: null, code: "16.3", narratives: null },
      {
        vocabulary: "99",
        vocabularyUri: "https://example.org/tags",
        code: "PRISONS",
        narratives: { en: "Places of detention", rw: "Amagororero" },
      },
    ]);
    expect(first?.policyMarkers).toEqual([
      { vocabulary: "1", vocabularyUri: null, code: "1", significance: "2", narratives: null },
      { vocabulary: null, vocabularyUri: null, code: "3", significance: "1", narratives: null },
      {
        vocabulary: "99",
        vocabularyUri: "https://example.org/markers",
        code: "DISABILITY",
        significance: null,
        narratives: { en: "Disability inclusion" },
      },
    ]);
    const programmeId = result.programmeIds[0] ?? "";
    const p = await getProgramme(ctx, programmeId);
    const donor = p.donors[0]?.id;
    expect(p.places.map((x) => [x.kind, x.name]).sort()).toEqual([
      ["country", "Burundi"],
      ["country", "Rwanda"],
    ]);
    expect(first?.plannedDisbursements).toEqual([
      {
        type: "1",
        periodStart: "2024-04-01",
        periodEnd: "2024-06-30",
        value: "40000",
        currency: "USD",
        valueDate: "2024-04-01",
        provider: {
          organisationId: donor,
          ref: "XM-EXAMPLE-DONOR",
          type: "10",
          narratives: { en: "Kept Elements Donor Agency" },
          activityId: "XM-EXAMPLE-DONOR-42",
        },
        receiver: {
          organisationId: p.lead.id,
          ref: "XM-EXAMPLE",
          type: "21",
          narratives: { en: "Justice Partners International" },
          activityId: "XM-EXAMPLE-RW-KEPT-1",
        },
      },
      // No period end, no currency of its own: the activity's default (RWF), nothing else added.
      {
        type: "2",
        periodStart: "2025-01-15",
        periodEnd: null,
        value: "25000000",
        currency: "RWF",
        valueDate: "2025-01-15",
        provider: null,
        receiver: null,
      },
    ]);
    // The second activity: a region without vocabulary or share stays so; its one country, without a share beside a
    // region, is what the export derives from the country place: nothing to keep (and no 100 % made up on export).
    const second = await keptOf("XM-EXAMPLE-RW-KEPT-2");
    expect(second).toEqual({
      recipientRegions: [
        { code: "1027", vocabulary: null, vocabularyUri: null, percentage: null, narratives: null },
      ],
      policyMarkers: [
        { vocabulary: null, vocabularyUri: null, code: "1", significance: "0", narratives: null },
      ],
    });

    // The export writes each element back as the file gave it, in the schema's order.
    const exported = await exportIati(ctx, result.programmeIds);
    const kinds =
      /<(contact-info|recipient-country|recipient-region|tag|policy-marker|planned-disbursement)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g;
    const elements = (xml: string) => [...xml.replace(/>\s+</g, "><").matchAll(kinds)].map((m) => m[0]);
    const [written1, written2] = exported.split("</iati-activity>");
    const [given1, given2] = fixture.split("</iati-activity>");
    expect(elements(written1 ?? "")).toEqual(
      // The one change: a value without currency gets the activity's default, our export naming none.
      elements(given1 ?? "").map((e) =>
        e.replace('<value value-date="2025-01-15">', '<value currency="RWF" value-date="2025-01-15">'),
      ),
    );
    expect(elements(written2 ?? "")).toEqual(elements(given2 ?? ""));
    expect(elements(written1 ?? "")).toHaveLength(14);
    // The public portal's file (contacts: false) names no person: everything else as above.
    const withoutContacts = await exportIati(ctx, result.programmeIds, { contacts: false });
    expect(exported).toContain("<contact-info");
    expect(withoutContacts).not.toContain("<contact-info");
    expect(elements(withoutContacts)).toEqual(
      elements(exported).filter((e) => !e.startsWith("<contact-info")),
    );

    // The Netherlands sample's first activity keeps its own: contact, worldwide region, tags, 9 markers, 2 disbursements.
    const nl = await keptOf("NL-1-PPR-24706");
    expect(nl?.contactInfo).toEqual([
      {
        type: "1",
        organisation: { nl: "Netherlands Ministry of Foreign Affairs" },
        department: null,
        personName: null,
        jobTitle: null,
        telephones: ["+31 (0)70 348 64 86"],
        emails: ["fez-opendata@minbuza.nl"],
        websites: ["https://www.rijksoverheid.nl/ministeries/ministerie-van-buitenlandse-zaken"],
        mailingAddresses: [{ nl: "Ministerie van Buitenlandse Zaken, Postbus 20061, 2500 EB Den Haag" }],
      },
    ]);
    expect(nl?.recipientRegions).toEqual([
      {
        code: "998",
        vocabulary: null,
        vocabularyUri: null,
        percentage: null,
        narratives: { en: "WORLD WIDE" },
      },
    ]);
    expect(nl?.tags?.map((t) => [t.vocabulary, t.code, t.narratives])).toEqual([
      ["1", "1", { nl: "irrigation" }],
      ["99", "T1", { nl: "livestock" }],
    ]);
    expect(nl?.policyMarkers?.map((m) => `${m.code}:${m.significance}`)).toEqual([
      "1:1",
      "2:0",
      "3:2",
      "4:0",
      "5:0",
      "6:0",
      "7:0",
      "8:0",
      "9:0",
    ]);
    expect(nl?.plannedDisbursements?.map((d) => [d.periodStart, d.periodEnd, d.value, d.currency])).toEqual([
      ["2014-01-01", "2014-12-31", "1500000", "EUR"],
      ["2015-01-01", "2015-12-31", "500000", "EUR"],
    ]);
  });

  it("exports every activity status code it imported, and updates a programme when the file changes", async () => {
    const activities = readFileSync(SAMPLE, "utf8").split("<iati-activity ").slice(1, 7);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">${activities
      .map((a, i) =>
        `<iati-activity ${a.replace(/<\/iati-activities>\s*$/, "")}`
          .replace(/<iati-identifier>[^<]+</, `<iati-identifier>RW-STATUS-${i + 1}<`)
          .replace(/<activity-status code="\d"\/>/, `<activity-status code="${i + 1}"/>`),
      )
      .join("")}</iati-activities>`;
    const first = await importIati(ctx, xml, { schemaPath: SCHEMA });
    expect(first.created).toBe(6);
    const statuses = await Promise.all(
      first.programmeIds.map(async (id) => (await getProgramme(ctx, id)).status),
    );
    expect(statuses).toEqual(["planned", "ongoing", "ongoing", "completed", "cancelled", "suspended"]);
    const out = await exportIati(ctx, first.programmeIds);
    expect([...out.matchAll(/<activity-status code="(\d)"\/>/g)].map((m) => m[1])).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
    ]);
    // The publisher moves activity 2 to finalisation: the programme follows, the code is kept.
    const changed = xml.replace(/(RW-STATUS-2<[\s\S]*?<activity-status code=")2/, "$13");
    const second = await importIati(ctx, changed, { schemaPath: SCHEMA });
    expect([second.created, second.updated, second.unchanged]).toEqual([0, 1, 5]);
    const [kept] = await queryRows<{ iati: IatiKept }>(
      handle.db,
      sql`select iati from programme where iati_identifier = 'RW-STATUS-2'`,
    );
    expect(kept?.iati.statusCode).toBe("3");
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

  it("reads the official example a second time without duplicating its results", async () => {
    const before = await counts();
    const result = await importIati(ctx, readFileSync(OFFICIAL, "utf8"), { schemaPath: SCHEMA });
    expect([result.created, result.updated, result.unchanged]).toEqual([0, 0, 1]);
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

  it("round trip: import → export → import changes nothing, field by field, imported or made here", async () => {
    // Every programme so far: the Netherlands sample, our fixture of kept elements, the official example, status codes.
    const lead = (await getProgramme(ctx, (await anyProgrammeId()) ?? "")).lead.id;
    const donor = await createOrganisation(ctx, { name: "Embassy of Sweden", kind: "embassy_donor" });
    const musanze = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from place where code = 'RW-D33'`,
    );
    const made = await createProgramme(ctx, {
      title: "Legal aid clinics in Musanze, made here",
      leadOrganisationId: lead,
      donors: [{ organisationId: donor.id, amount: 250000, currency: "SEK" }],
      status: "ongoing",
      startDate: "2025-01-01",
      endDate: "2026-12-31",
      placeIds: musanze.map((r) => r.id),
      // vocational_training has no DAC code in the table: it goes out under our own vocabulary only.
      themes: ["legal_aid", "vocational_training"],
    });
    const before = await snapshot();
    // What the register's fields cannot say is there to lose: each part is kept by some programme.
    const parts = new Set(before.programmes.flatMap((r) => Object.keys((r.iati as IatiKept | null) ?? {})));
    expect([...parts].sort()).toEqual([
      "accountable",
      "budgets",
      "contactInfo",
      "dates",
      "extending",
      "plannedDisbursements",
      "policyMarkers",
      "recipientCountries",
      "recipientRegions",
      "sectors",
      "statusCode",
      "tags",
      "transactions",
    ]);
    const exported = await exportIati(ctx);
    // The imported activities keep the identifiers they came with; the one made here is named by its id.
    expect(exported).toContain("<iati-identifier>NL-1-PPR-24706</iati-identifier>");
    expect(exported).toContain(`-${made.id}</iati-identifier>`);
    const result = await importIati(ctx, exported, { schemaPath: SCHEMA });
    expect([result.created, result.updated]).toEqual([0, 0]);
    expect(result.unchanged).toBe(before.programmes.length);
    expect(await snapshot()).toEqual(before);
    // And the second export says what the first said.
    const stamp = (x: string) => x.replace(/(generated|last-updated)-datetime="[^"]+"/g, "");
    expect(stamp(await exportIati(ctx))).toBe(stamp(exported));
  });
});
