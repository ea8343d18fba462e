// The issue's proof: import the RCS status report, export it as Word, Excel and CSV in English, French and
// Kinyarwanda, import each file into a fresh database, and find the same register (organisations, agreements,
// parties, dates, places, commitments, progress, memberships): a report exported in one language by one
// district imports into another instance.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { todayInKigali } from "../../shared/today";
import {
  addProgressEntry,
  changeAgreementStatus,
  getAgreement,
  listAgreements,
  updateAgreement,
} from "../agreements";
import { getOrganisation, listOrganisations } from "../organisations";
import { exportStatusReport } from "../status-report";
import { applyStatusReportImport } from "./imports.service";

const FIXTURE = {
  name: "status-report-rcs-000.txt",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url)),
  ),
};
const OPTIONS = { institution: "Rwanda Correctional Service" };
// A fixed day: the export says "as of", and planned entries' due dates must not turn overdue between runs.
// The real day in Kigali: undated agreements count from the day they were recorded, which is the real one.
const TODAY = todayInKigali();

const adminOf = (h: DatabaseHandle) => ({
  ...contextAs(h, buildUserActor([nationalGrant("administrator")])),
  today: TODAY,
});

/** The register as a reader sees it, without ids, versions or timestamps, in a stable order. */
async function register(h: DatabaseHandle) {
  const ctx = adminOf(h);
  const organisations = (await listOrganisations(ctx, { limit: 200, offset: 0 })).items;
  const nameOf = new Map(organisations.map((o) => [o.id, o.name]));
  const orgs = organisations
    .map((o) => ({
      name: o.name,
      acronym: o.acronym,
      kind: o.kind,
      countryCode: o.countryCode,
      email: o.email,
      phone: o.phone,
      website: o.website,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const memberships = [];
  for (const o of organisations) {
    const detail = await getOrganisation(ctx, o.id);
    for (const m of detail.memberships)
      memberships.push({
        member: m.organisationName,
        network: m.networkName,
        role: m.role,
        roleNote: m.roleNote,
        startYear: m.startYear,
        endYear: m.endYear,
      });
  }
  memberships.sort((a, b) => a.network.localeCompare(b.network));
  const list = await listAgreements(ctx, { sort: "title", limit: 200, offset: 0 });
  const agreements = [];
  for (const summary of list.items) {
    const a = await getAgreement(ctx, summary.id);
    agreements.push({
      title: a.title,
      kind: a.kind,
      status: a.status,
      signedOn: { text: a.signedOn.text, precision: a.signedOn.precision },
      keeper: a.keeperOrganisationId ? nameOf.get(a.keeperOrganisationId) : null,
      amends: a.amends?.title ?? null,
      purpose: a.purpose,
      parties: a.parties.map((p) => `${p.organisationName} (${p.role})`).sort(),
      themes: [...a.themes].sort(),
      areas: a.areas.map((area) => area.placeSet ?? `${area.kind}:${area.label}`).sort(),
      commitments: a.commitments.map((c) => `${c.status}: ${c.text}`),
      progress: a.progress
        .map((p) => `${p.kind}${p.done ? " (done)" : ""}${p.dueOn ? ` by ${p.dueOn}` : ""}: ${p.text}`)
        .sort(),
    });
  }
  agreements.sort(
    (a, b) =>
      a.title.localeCompare(b.title) ||
      a.parties.join().localeCompare(b.parties.join()) ||
      (a.signedOn.text ?? "").localeCompare(b.signedOn.text ?? ""),
  );
  return { organisations: orgs, agreements, memberships };
}

let first: DatabaseHandle;
beforeAll(async () => {
  first = await createTestDatabase();
});
afterAll(async () => {
  await first?.close();
});

let before: Awaited<ReturnType<typeof register>>;

describe("status report round trip: text → register → Word, Excel, CSV in en/fr/rw → fresh register", () => {
  beforeAll(async () => {
    await applyStatusReportImport(adminOf(first), FIXTURE, OPTIONS);
    // A row that is not active: the export notes its status under the date, and the import reads it back.
    const list = await listAgreements(adminOf(first), {
      q: "Prison Fellowship",
      sort: "title",
      limit: 5,
      offset: 0,
    });
    const ended = list.items.find((a) => a.kind === "mou");
    if (!ended) throw new Error("the seed has an MoU with Prison Fellowship Rwanda");
    await changeAgreementStatus(adminOf(first), ended.id, ended.version, {
      status: "terminated",
      reason: "Ended by both parties",
      changedOn: "2025-06-30",
    });
    // What the seed lacks and a register written in French or Kinyarwanda holds: dates written in those
    // languages, a sector, the whole country, planned entries with a due day or done, an issue.
    const find = async (q: string) => {
      const found = (await listAgreements(adminOf(first), { q, sort: "title", limit: 5, offset: 0 })).items;
      const a = found.find((f) => f.kind === "mou");
      if (!a) throw new Error(`the seed has an MoU with ${q}`);
      return getAgreement(adminOf(first), a.id);
    };
    const [sector] = await queryRows<{ id: string }>(
      first.db,
      sql`select s.id from place s where s.kind = 'sector' and s.name ~ '^[A-Z][a-z]{5,}$'
          and (select count(*) from place o where lower(o.name) = lower(s.name)) = 1
          order by s.name limit 1`,
    );
    if (!sector) throw new Error("the gazetteer has sectors");
    const lawyers = await find("Lawyers of Hope");
    await updateAgreement(adminOf(first), lawyers.id, lawyers.version, {
      signedOnText: "18 novembre 2022",
      areas: [
        { placeSet: "national" },
        { placeId: sector.id },
        ...lawyers.areas.map((a) => (a.placeSet ? { placeSet: a.placeSet } : { placeId: a.placeId })),
      ],
    });
    for (const entry of [
      { kind: "planned", text: "Train paralegals among inmates", dueOn: "2027-03-31" },
      { kind: "planned", text: "Hold a legal aid week", done: true },
      { kind: "planned", text: "Hand over case files", dueOn: "2026-10-15", done: true },
      { kind: "issue", text: "Few lawyers speak Kinyarwanda" },
    ] as const)
      await addProgressEntry(adminOf(first), lawyers.id, entry);
    const ardho = await find("ARDHO");
    await updateAgreement(adminOf(first), ardho.id, ardho.version, { signedOnText: "Kamena 2022" });
    before = await register(first);
  });

  it("reads the seed as the register the round trips start from", () => {
    const lawyers = before.agreements.find((a) => a.title.includes("Lawyers of Hope"));
    expect(lawyers?.signedOn).toEqual({ text: "18 novembre 2022", precision: "day" });
    expect(lawyers?.areas.filter((a) => a === "national" || a.startsWith("sector:"))).toHaveLength(2);
    expect(lawyers?.progress).toContain("planned (done) by 2026-10-15: Hand over case files");
    expect(lawyers?.progress).toContain("issue: Few lawyers speak Kinyarwanda");
    expect(before.agreements.find((a) => a.title.includes("ARDHO"))?.signedOn).toEqual({
      text: "Kamena 2022",
      precision: "month",
    });
    expect(before.organisations).toHaveLength(34);
    expect(before.agreements.filter((a) => a.kind !== "amendment")).toHaveLength(26);
    expect(before.memberships).toHaveLength(4);
    expect(before.agreements.filter((a) => a.status === "terminated")).toHaveLength(1);
  });

  it.each([
    ["en", "docx"],
    ["fr", "docx"],
    ["rw", "docx"],
    ["en", "xlsx"],
    ["fr", "xlsx"],
    ["rw", "xlsx"],
    ["en", "csv"],
    ["fr", "csv"],
    ["rw", "csv"],
  ] as const)(
    "in %s as %s gives back the same organisations, agreements, progress and memberships",
    async (lang, format) => {
      const exported = await exportStatusReport(adminOf(first), { format, lang });
      expect(exported.fileName.endsWith(`-${lang}.${format}`)).toBe(true);
      const second = await createTestDatabase();
      try {
        const result = await applyStatusReportImport(
          adminOf(second),
          { name: exported.fileName, bytes: exported.bytes },
          OPTIONS,
        );
        const after = await register(second);
        expect(result.counts.errors).toBe(0);
        expect(after.organisations).toEqual(before.organisations);
        expect(after.memberships).toEqual(before.memberships);
        expect(after.agreements).toEqual(before.agreements);
      } finally {
        await second.close();
      }
    },
  );

  // Runs last: it imports into the register the others export from (and must leave it as it was).
  it("reads a French and a Kinyarwanda export back into the register it came from as nothing new", async () => {
    for (const lang of ["fr", "rw"] as const) {
      const exported = await exportStatusReport(adminOf(first), { format: "docx", lang });
      const result = await applyStatusReportImport(
        adminOf(first),
        { name: exported.fileName, bytes: exported.bytes },
        OPTIONS,
      );
      expect(result.counts).toMatchObject({
        organisationsCreated: 0,
        agreementsCreated: 0,
        agreementsUpdated: 0,
        agreementsUnchanged: 26,
        commitments: 0,
        progressEntries: 0,
        memberships: 0,
        errors: 0,
      });
      expect(await register(first)).toEqual(before);
    }
  });
});
