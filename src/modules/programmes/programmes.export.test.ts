// The IATI 2.03 export validates against the official schema (libxml2 in WebAssembly, as the import checks files)
// and uses only codes of the IATI codelists. Skipped, with a message, when ../shared (schema and codelists) is not
// there; in CI that fails instead.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant } from "../../../tests/factories";
import { hasShared } from "../../../tests/shared-data";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { createOrganisation } from "../organisations";
import { validateIatiXml } from "./iati-activities.import";
import { addIndicator } from "./indicators.service";
import { loadProgrammeDemo, readProgrammeSeed } from "./programme-demo";
import { exportIati, IATI_CODES_USED } from "./programmes.export";
import { importIati } from "./programmes.import";
import { createProgramme } from "./programmes.service";
import { addResult } from "./results.service";

const IATI_DIR = resolve(process.env.IATI_SHARED_DIR ?? "../shared/data/iati");
const SCHEMA = join(IATI_DIR, "schema/iati-activities-schema.xsd");
const OFFICIAL = join(IATI_DIR, "samples/iati-2.03-official-annotated-example.xml");
const ready = hasShared(SCHEMA, OFFICIAL);
if (!ready) console.warn(`IATI export test skipped: needs ${SCHEMA}.`);

/** The codes of one IATI codelist file. */
function codelist(name: string): Set<string> {
  const folder = existsSync(join(IATI_DIR, "codelists/embedded", `${name}.xml`))
    ? "embedded"
    : "non-embedded";
  const xml = readFileSync(join(IATI_DIR, "codelists", folder, `${name}.xml`), "utf8");
  return new Set([...xml.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1] ?? ""));
}

let handle: DatabaseHandle;
let ctx: ServiceContext;
let xml: string;

describe.skipIf(!ready)("IATI 2.03 export", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
    await loadProgrammeDemo(ctx, await readProgrammeSeed());
    const lead = await createOrganisation(ctx, {
      name: "Legal Aid Forum",
      kind: "local_cso",
      countryCode: "RW",
    });
    const donor = await createOrganisation(ctx, { name: "Embassy of Sweden", kind: "embassy_donor" });
    const p = await createProgramme(ctx, {
      title: 'Legal aid for detainees <2024–2025> & "access"',
      leadOrganisationId: lead.id,
      donors: [{ organisationId: donor.id, amount: 120000, currency: "SEK" }],
      startDate: "2024-01-01",
      endDate: "2025-12-31",
      status: "ongoing",
      themes: ["legal_aid", "human_rights"],
      objective: "Detainees have access to legal aid",
    });
    const ind = await addIndicator(ctx, p.id, {
      logframeItemId: p.logframe[0]?.id ?? "",
      libraryCode: "legal_aid_beneficiaries",
      title: "Number of people who received legal aid",
      unit: "people",
      baselineValue: 120,
      baselineDate: "2023-12-31",
      targets: [
        { periodStart: "2024-01-01", periodEnd: "2024-12-31", value: 500 },
        { periodStart: "2025-01-01", periodEnd: "2025-12-31", value: 800 },
      ],
    });
    await addResult(ctx, p.id, {
      indicatorId: ind.id,
      periodStart: "2024-01-01",
      periodEnd: "2024-06-30",
      valueKind: "exact",
      value: 210,
    });
    await addResult(ctx, p.id, {
      indicatorId: ind.id,
      periodStart: "2024-07-01",
      periodEnd: "2024-12-31",
      valueKind: "lower_bound",
      value: 300,
    });
    await addResult(ctx, p.id, {
      indicatorId: ind.id,
      periodStart: "2025-01-01",
      periodEnd: "2025-06-30",
      valueKind: "not_reported",
    });
    // An imported activity: its narratives in every language and its results go out again.
    await importIati(ctx, readFileSync(OFFICIAL, "utf8"), { schemaPath: SCHEMA });
    xml = await exportIati(ctx);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("validates against iati-activities-schema.xsd", async () => {
    expect(await validateIatiXml(xml, SCHEMA)).toEqual([]);
  });

  it("uses only codes from the IATI codelists", () => {
    for (const [name, codes] of Object.entries(IATI_CODES_USED)) {
      const known = codelist(name);
      for (const code of codes) expect(known.has(code), `${name} ${code}`).toBe(true);
    }
    // Codes that come from the data: currencies, countries and narrative languages.
    const written = (pattern: RegExp) => [...new Set([...xml.matchAll(pattern)].map((m) => m[1] ?? ""))];
    const currencies = written(/currency="([^"]+)"/g);
    // SEK is a donor's amount; EUR the official example's budgets, kept as the file gave them.
    expect(currencies.sort()).toEqual(["EUR", "SEK"]);
    for (const code of currencies) expect(codelist("Currency").has(code), `Currency ${code}`).toBe(true);
    const countries = written(/<recipient-country code="([^"]+)"/g);
    expect(countries.sort()).toEqual(["AF", "AG", "RW"]);
    for (const code of countries) expect(codelist("Country").has(code), `Country ${code}`).toBe(true);
    const languages = written(/xml:lang="([^"]+)"/g);
    expect(languages.sort()).toEqual(["en", "es", "fr"]);
    for (const code of languages) expect(codelist("Language").has(code), `Language ${code}`).toBe(true);
  });

  it("writes each donor's funding as an incoming commitment with currency and value date", () => {
    expect(xml).toMatch(
      /<transaction ref="XI-UBUFATANYE-funding-[^"]+"><transaction-type code="11"\/><transaction-date iso-date="2024-01-01"\/><value currency="SEK" value-date="2024-01-01">120000<\/value><description><narrative>Funding committed by Embassy of Sweden for the programme period 2024-01-01 to 2025-12-31; the date of the commitment is not recorded.<\/narrative><narrative xml:lang="fr">[^<]+<\/narrative><\/description><provider-org ref="XI-UBUFATANYE-[^"]+" type="10"><narrative>Embassy of Sweden<\/narrative><\/provider-org><receiver-org ref="XI-UBUFATANYE-[^"]+" type="24"><narrative>Legal Aid Forum<\/narrative><\/receiver-org><\/transaction>/,
    );
    // UN.GIFT's amount to the seed 001 programme is not known: no transaction is made up for it.
    expect(xml.match(/<transaction ref="XI-UBUFATANYE-funding-/g)).toHaveLength(1);
  });

  it("says which actuals include events whose date was not reported", () => {
    // Seed 001: six of the people-reached events and four of the awareness events have no date in the report.
    expect(xml).toContain(
      "Nationwide. Includes 6 events whose date was not reported, counted over 2011-11-01 to 2012-10-31.",
    );
    expect(xml).toContain(
      '<actual value="5"><comment><narrative>Includes 4 events whose date was not reported, counted over 2011-11-01 to 2012-10-31.</narrative>',
    );
  });

  it("exports an imported activity with its narratives per language, countries, regions, contact, tags, markers, disbursements and result", () => {
    expect(xml).toContain(
      '<title><narrative>Activity title</narrative><narrative xml:lang="es">Título de la actividad</narrative><narrative xml:lang="fr">Titre de l\'activité</narrative></title>',
    );
    // The official example's shares of countries and regions as it gave them (25 each), never equal shares made up.
    expect(xml).toContain(
      [
        '<recipient-country code="AF" percentage="25"/>',
        '<recipient-country code="AG" percentage="25"/>',
        '<recipient-region code="489" vocabulary="1" percentage="25"/>',
        '<recipient-region code="A1" vocabulary="99" vocabulary-uri="http://example.com/vocab.html" percentage="25"/>',
      ].join("\n"),
    );
    expect(xml).toContain(
      '<contact-info type="1"><organisation><narrative>Agency A</narrative></organisation><department><narrative>Department B</narrative></department><person-name><narrative>A. Example</narrative></person-name><job-title><narrative>Transparency Lead</narrative></job-title><telephone>0044111222333444</telephone><email>transparency@example.org</email><website>http://www.example.org</website><mailing-address><narrative>Transparency House, The Street, Town, City, Postcode</narrative></mailing-address></contact-info>',
    );
    expect(xml).toContain(
      '<tag vocabulary="99" vocabulary-uri="http://example.com/vocab.html" code="T1"><narrative>A description of the tag</narrative></tag>',
    );
    expect(xml).toContain(
      '<policy-marker vocabulary="1" code="9" significance="4"/>\n<policy-marker vocabulary="99" vocabulary-uri="http://example.com/vocab.html" code="A1" significance="3"/>',
    );
    expect(xml).toContain(
      '<planned-disbursement type="1"><period-start iso-date="2014-01-01"/><period-end iso-date="2014-12-31"/><value currency="EUR" value-date="2014-01-01">3000</value><provider-org ref="BB-BBB-123456789" provider-activity-id="BB-BBB-123456789-1234AA" type="10"><narrative>Agency B</narrative></provider-org><receiver-org ref="AA-AAA-123456789" receiver-activity-id="AA-AAA-123456789-1234" type="23"><narrative>Agency A</narrative></receiver-org></planned-disbursement>',
    );
    expect(xml).toContain(
      '<target value="10"/>\n<actual value="11"><comment><narrative>Lower bound: at least this many. Reported for sex female, age adult only. Actual comment text.</narrative></comment></actual>',
    );
  });

  it("writes three activities with organisations by role, dates, places, sectors and results", () => {
    expect(xml.match(/<iati-activity /g)).toHaveLength(3);
    expect(xml).toContain("Legal aid for detainees &lt;2024–2025&gt; &amp; &quot;access&quot;");
    expect(xml).toMatch(
      /<participating-org ref="[^"]+" role="1" type="10"><narrative>Embassy of Sweden<\/narrative>/,
    );
    expect(xml).toMatch(/role="4" type="40"><narrative>International Organization for Migration Rwanda</);
    expect(xml).toContain('<activity-status code="4"/>');
    expect(xml).toContain('<activity-date iso-date="2012-10-31" type="4"/>');
    expect(xml).toMatch(
      /<name><narrative>Kirehe<\/narrative><\/name><description><narrative>Kirehe \(district, East/,
    );
    // The DAC codes the sector table maps the themes to, then the themes themselves (vocabulary 98).
    expect(xml).toContain('<sector vocabulary="1" code="15130" percentage="50"/>');
    expect(xml).toContain('<sector vocabulary="1" code="15160" percentage="50"/>');
    expect(xml).toContain(
      '<sector vocabulary="98" vocabulary-uri="urn:x-ubufatanye:themes" code="legal_aid" percentage="50"/>',
    );
    // The legal aid programme names no place: no recipient country is made up for it.
    const legalAid = xml.slice(
      xml.indexOf("Legal aid for detainees"),
      xml.indexOf("</iati-activity>", xml.indexOf("Legal aid for detainees")),
    );
    expect(legalAid).not.toContain("<recipient-country");
    expect(xml).toContain(
      '<narrative xml:lang="fr">Nombre de personnes ayant reçu une aide juridique</narrative>',
    );
    expect(xml).toContain('<baseline year="2023" iso-date="2023-12-31" value="120">');
    // 2024: 210 exact + 300 lower bound = at least 510; 2025: not reported, so no actual (never a zero).
    expect(xml).toContain(
      '<target value="500"/>\n<actual value="510"><comment><narrative>Lower bound: at least this many.</narrative></comment></actual>',
    );
    expect(xml).toContain(
      '<period><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>\n<target value="800"/>\n</period>',
    );
    expect(xml).toContain("<narrative>Nationwide. Includes");
  });

  it("is well-formed for libxml2's own parser too (UTF-8, escaped text)", async () => {
    const result = await validateXML({
      xml: [{ fileName: "export.xml", contents: xml }],
      normalization: "c14n",
    });
    expect(result.errors).toEqual([]);
    expect(result.normalized).toContain("<iati-activities");
  });
});
