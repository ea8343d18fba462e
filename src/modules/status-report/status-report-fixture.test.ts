// The hand-checked fixture of the RCS status report (seed 000): its shape, its counts, and that it matches the source.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import fixture from "../../../seeds/status-report-rcs-000.json";
import {
  AGREEMENT_KINDS as APP_AGREEMENT_KINDS,
  AGREEMENT_STATUSES as APP_AGREEMENT_STATUSES,
  PARTY_ROLES as APP_PARTY_ROLES,
  PLACE_SETS as APP_PLACE_SETS,
} from "../agreements";
import {
  MEMBERSHIP_ROLES as APP_MEMBERSHIP_ROLES,
  ORGANISATION_KINDS as APP_ORGANISATION_KINDS,
  ContactPersonInputSchema,
  CountryCodeSchema,
  OrganisationInputSchema,
} from "../organisations";
import { buildRwandaPlaces } from "../places/rwanda-places";
import { BUILT_IN_THEMES } from "../themes";

const SEED = readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url), "utf8");

const ORGANISATION_KINDS = [
  "government",
  "local_cso",
  "international_ngo",
  "faith_based",
  "un_agency",
  "embassy_donor",
  "foreign_correctional_service",
  "academic",
  "private",
  "association_network",
] as const;
const MEMBERSHIP_ROLES = [
  "member",
  "chair",
  "vice_chair",
  "regional_chair",
  "vice_regional_chair",
  "secretary",
  "treasurer",
  "board_member",
  "observer",
  "partner",
] as const;
const AGREEMENT_KINDS = ["mou", "letter_of_agreement"] as const;
const AGREEMENT_STATUSES = [
  "draft",
  "negotiating",
  "awaiting_approval",
  "active",
  "under_revision",
  "expired",
  "terminated",
] as const;
const PARTY_ROLES = ["signatory", "implementer", "funder"] as const;
const PLACE_SETS = ["all_correctional_facilities", "national"] as const;
const THEMES = [
  "vocational_training",
  "legal_aid",
  "rehabilitation_reintegration",
  "psychosocial_support",
  "health",
  "gender_sgbv",
  "disability",
  "environment",
  "adr",
  "peace_operations",
  "correctional_cooperation",
  "human_rights",
  "peacebuilding_reconciliation",
  "education",
  "staff_training",
  "digital_services",
  "crime_prevention",
] as const;

const DISTRICT_CODES = [
  ...[11, 12, 13],
  ...[21, 22, 23, 24, 25, 26, 27, 28],
  ...[31, 32, 33, 34, 35, 36, 37],
  ...[41, 42, 43, 44, 45],
  ...[51, 52, 53, 54, 55, 56, 57],
].map((n) => `RW-D${n}`);
const FACILITY_CODES = [
  "NYARUGENGE",
  "NYANZA",
  "HUYE",
  "MUHANGA",
  "NYAMAGABE",
  "RUSIZI",
  "RUBAVU",
  "MUSANZE",
  "GICUMBI",
  "NYAGATARE",
  "RWAMAGANA",
  "NGOMA",
  "BUGESERA",
].map((slug) => `RW-F-${slug}`);
const PLACE_CODES = [...DISTRICT_CODES, ...FACILITY_CODES, "RW-HQ-RCS"];

const Key = z.string().regex(/^[a-z][a-z0-9_]*$/);
const Text = z
  .string()
  .min(1)
  .refine((s) => s === s.trim(), "no surrounding white space")
  .refine((s) => !/<[a-z/][^>]*>|&amp;|&lt;|&gt;|➤|•/i.test(s), "no HTML or list markers")
  .refine((s) => !/^[-.]\s*/.test(s) || s === "-", "no leading list marker");
const Country = z.string().regex(/^[A-Z]{2}$/);

const OrganisationSchema = z.strictObject({
  key: Key,
  name: Text,
  acronym: Text.nullable(),
  aliases: z.array(Text),
  kind: z.enum(ORGANISATION_KINDS),
  countryCode: Country.nullable(),
  email: z.email().nullable(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{6,40}$/)
    .nullable(),
  website: z
    .string()
    .regex(/^www\.[a-z0-9.-]+\.[a-z]{2,}$/)
    .nullable(),
  /**
   * Example contact persons added for the demo (the report names none): only invented values, an example.org
   * address and a phone number of zeros, never a real person's.
   */
  contactPersons: z
    .array(
      z.strictObject({
        name: Text,
        function: Text,
        email: z.email().regex(/[@.]example\.org$/),
        phone: z.string().regex(/^\+250 7\d\d 000 000$/),
      }),
    )
    .optional(),
});

const AreaSchema = z.union([
  z.strictObject({ placeCode: z.enum(PLACE_CODES as [string, ...string[]]) }),
  z.strictObject({ placeSet: z.enum(PLACE_SETS) }),
  z.strictObject({ countryCode: Country }),
]);

const AgreementSchema = z.strictObject({
  section: z.union([z.literal(1), z.literal(2)]),
  row: z.number().int().min(1),
  title: Text,
  kind: z.enum(AGREEMENT_KINDS),
  status: z.enum(AGREEMENT_STATUSES),
  signedOnText: Text.nullable(),
  parties: z.array(z.strictObject({ org: Key, role: z.enum(PARTY_ROLES) })).min(2),
  themes: z.array(z.enum(THEMES)).min(1),
  areasText: Text.nullable(),
  areas: z.array(AreaSchema),
  commitments: z.array(Text),
  achievements: z.array(Text),
  ongoing: z.array(Text),
  planned: z.array(Text),
  amendment: z.strictObject({ title: Text, status: z.enum(AGREEMENT_STATUSES), note: Text }).nullable(),
  notes: z.string().min(1).optional(),
});

const MembershipSchema = z.strictObject({
  org: Key,
  network: Key,
  role: z.enum(MEMBERSHIP_ROLES),
  roleNote: Text.nullable(),
  startYear: z.number().int().min(1900).max(2100).nullable(),
  endYear: z.number().int().min(1900).max(2100).nullable(),
  text: Text,
});

const FixtureSchema = z.strictObject({
  source: z.literal("RCS cooperation status report (seed 000)"),
  institution: z.strictObject({
    key: z.literal("rcs"),
    name: z.literal("Rwanda Correctional Service"),
    acronym: z.literal("RCS"),
    kind: z.literal("government"),
    countryCode: z.literal("RW"),
  }),
  organisations: z.array(OrganisationSchema),
  agreements: z.array(AgreementSchema),
  memberships: z.array(MembershipSchema),
});

const data = FixtureSchema.parse(fixture);
const orgKeys = new Set([data.institution.key, ...data.organisations.map((o) => o.key)]);

function agreement(section: 1 | 2, row: number) {
  const found = data.agreements.find((a) => a.section === section && a.row === row);
  if (found === undefined) throw new Error(`No agreement in section ${section}, row ${row}`);
  return found;
}

/** The seed with its HTML tags removed and entities decoded: what the Word table showed. */
function stripTags(s: string): string {
  return s
    .replace(/<[^>]*>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
const SEED_PLAIN = stripTags(SEED);

/** The DATE OF SIGNATURE cell (4th column) of every numbered row of sections 1 and 2, as in the seed. */
function seedDateCells(): Map<string, { raw: string; plain: string }> {
  const cells = new Map<string, { raw: string; plain: string }>();
  let section = 0;
  for (const line of SEED.split("\n")) {
    if (/^#*\s*\*\*1\. MoUs with Local Partners/i.test(line)) section = 1;
    else if (/^#*\s*\*\*2\. MoUs WITH REGIONAL/i.test(line)) section = 2;
    else if (/^#*\s*\*\*3\. INTERNATIONAL PARTNERS/i.test(line)) section = 3;
    const cols = line.split("\t");
    const serial = /^(\d+)\.$/.exec(stripTags(cols[0] ?? "").trim());
    if (serial && (section === 1 || section === 2) && cols.length >= 8) {
      const raw = (cols[3] ?? "").trim();
      cells.set(`${section}/${Number(serial[1])}`, { raw, plain: stripTags(raw).trim() });
    }
  }
  return cells;
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe("RCS status report fixture (seed 000)", () => {
  it("keeps the seed document unchanged beside the fixture", () => {
    expect(SEED).toContain(
      "STATUS OF ACTIVITIES IN THE DIRECTORATE OF COOPERATION AND PEACE SUPPORT OPERATIONS",
    );
    expect(SEED).toContain("INTERNATIONAL PARTNERS/STAKEHOLDERS ORGANIZATIONS");
  });

  it("holds 20 local agreements, 6 with foreign correctional services and 4 memberships", () => {
    const local = data.agreements.filter((a) => a.section === 1);
    const foreign = data.agreements.filter((a) => a.section === 2);
    expect(local.map((a) => a.row)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(foreign.map((a) => a.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.agreements).toHaveLength(26);
    expect(data.memberships).toHaveLength(4);
  });

  it("has one organisation per key, and every party and membership names a known organisation", () => {
    const keys = data.organisations.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(data.institution.key);
    const names = data.organisations.map((o) => o.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const a of data.agreements) {
      expect(a.parties[0]).toEqual({ org: "rcs", role: "signatory" });
      for (const p of a.parties) expect(orgKeys, `${a.title}: ${p.org}`).toContain(p.org);
      const pairs = a.parties.map((p) => `${p.org}/${p.role}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    }
    for (const m of data.memberships) {
      expect(orgKeys).toContain(m.org);
      expect(orgKeys).toContain(m.network);
    }
    // No organisation is left unused.
    const used = new Set([
      ...data.agreements.flatMap((a) => a.parties.map((p) => p.org)),
      ...data.memberships.map((m) => m.network),
    ]);
    for (const key of keys) expect(used, key).toContain(key);
  });

  it("gives row 18 its three partners besides RCS", () => {
    const row18 = agreement(1, 18);
    expect(row18.parties.length).toBeGreaterThanOrEqual(4);
    expect(row18.parties.map((p) => p.org)).toEqual([
      "rcs",
      "minecofin",
      "stirling_foundation",
      "lds_church_rwanda",
    ]);
  });

  it("uses only the app's place codes, and the foreign partner's country on section 2", () => {
    for (const a of data.agreements) {
      for (const area of a.areas) {
        if ("placeCode" in area) expect(PLACE_CODES).toContain(area.placeCode);
      }
      const countries = a.areas.flatMap((area) => ("countryCode" in area ? [area.countryCode] : []));
      if (a.section === 2) {
        const partner = data.organisations.find((o) => o.key === a.parties[1]?.org);
        expect(partner?.kind).toBe("foreign_correctional_service");
        expect(countries).toEqual([partner?.countryCode]);
      } else {
        expect(countries).toEqual([]);
      }
    }
  });

  it("keeps row 4's pending amendment for the E-HUZA project, on all facilities", () => {
    const rbj = agreement(1, 4);
    expect(rbj.parties.map((p) => p.org)).toEqual(["rcs", "rbj"]);
    expect(rbj.areas).toEqual([{ placeSet: "all_correctional_facilities" }]);
    expect(rbj.amendment?.status).toBe("awaiting_approval");
    expect(rbj.amendment?.note.toUpperCase()).toContain("E-HUZA");
  });

  it("keeps the signature dates as written", () => {
    expect(agreement(1, 1).signedOnText).toBe("30/09/2019");
    expect(agreement(1, 2).signedOnText).toBe("28/6/2022");
    expect(agreement(1, 7).signedOnText).toBe("June /2022");
    expect(agreement(1, 15).signedOnText).toBe("2022");
    expect(agreement(1, 16)).toMatchObject({
      kind: "letter_of_agreement",
      signedOnText: "Letter of Agreement (LOA)",
    });
    expect(agreement(2, 3).signedOnText).toBe("MoU signed on 3rd December 2020");
  });

  it("copies every signature text from its own row of the seed, not retyped", () => {
    const cells = seedDateCells();
    expect(cells.size).toBe(26);
    for (const a of data.agreements) {
      const where = `section ${a.section}, row ${a.row}`;
      const text = a.signedOnText ?? "";
      const cell = cells.get(`${a.section}/${a.row}`);
      // The cell of the same row, with HTML tags removed ("3<sup>rd</sup>" → "3rd") and nothing else changed.
      expect(text, where).toBe(cell?.plain);
      expect(SEED_PLAIN, where).toContain(text);
      // A cell with no HTML in it is in the raw seed exactly as it is.
      if (cell && !cell.raw.includes("<")) expect(SEED, where).toContain(text);
    }
  });

  it("retypes no word of the source in commitments, progress, places and membership texts", () => {
    const seedWords = new Set(words(SEED_PLAIN));
    const texts = [
      ...data.agreements.flatMap((a) => [
        ...a.commitments,
        ...a.achievements,
        ...a.ongoing,
        ...a.planned,
        ...(a.areasText ? [a.areasText] : []),
        ...(a.amendment ? [a.amendment.note] : []),
      ]),
      ...data.memberships.map((m) => m.text),
    ];
    for (const text of texts) {
      const missing = words(text).filter((w) => !seedWords.has(w));
      expect(missing, text).toEqual([]);
    }
    // Area texts are whole cells.
    for (const a of data.agreements) {
      if (a.areasText !== null) expect(SEED_PLAIN).toContain(a.areasText);
    }
  });

  it("records the four associations with the roles the report states", () => {
    const byNetwork = new Map(data.memberships.map((m) => [m.network, m]));
    expect(byNetwork.get("friends_of_corrections")).toMatchObject({
      org: "rcs",
      role: "chair",
      startYear: 2012,
      endYear: 2014,
    });
    expect(byNetwork.get("icpa")).toMatchObject({ org: "rcs", role: "member" });
    expect(byNetwork.get("acsa")).toMatchObject({
      org: "rcs",
      role: "vice_regional_chair",
      roleNote: "for Eastern Africa",
      startYear: 2012,
    });
    expect(byNetwork.get("eu")).toMatchObject({ org: "rcs", role: "partner" });
  });

  it("loads into the app's model: kinds, roles, themes, place codes and organisation fields it accepts", () => {
    for (const kind of ORGANISATION_KINDS) expect(APP_ORGANISATION_KINDS).toContain(kind);
    for (const role of MEMBERSHIP_ROLES) expect(APP_MEMBERSHIP_ROLES).toContain(role);
    for (const kind of AGREEMENT_KINDS) expect(APP_AGREEMENT_KINDS).toContain(kind);
    for (const status of AGREEMENT_STATUSES) expect(APP_AGREEMENT_STATUSES).toContain(status);
    for (const role of PARTY_ROLES) expect(APP_PARTY_ROLES).toContain(role);
    for (const set of PLACE_SETS) expect(APP_PLACE_SETS).toContain(set);
    const appThemes = BUILT_IN_THEMES.map((t) => t.code);
    for (const theme of THEMES) expect(appThemes).toContain(theme);
    const appPlaces = new Set(buildRwandaPlaces().map((p) => p.code));
    for (const code of PLACE_CODES) expect(appPlaces, code).toContain(code);

    for (const o of data.organisations) {
      const { key: _key, countryCode, contactPersons, ...fields } = o;
      const parsed = OrganisationInputSchema.safeParse({ ...fields, countryCode: countryCode ?? undefined });
      expect(parsed.error?.issues ?? [], o.key).toEqual([]);
      for (const contact of contactPersons ?? []) {
        expect(ContactPersonInputSchema.safeParse(contact).error?.issues ?? [], o.key).toEqual([]);
      }
    }
    for (const a of data.agreements) {
      for (const area of a.areas) {
        if ("countryCode" in area) expect(CountryCodeSchema.safeParse(area.countryCode).success).toBe(true);
      }
    }
  });
});
