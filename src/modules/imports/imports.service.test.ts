import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { parsePartialDate } from "../../shared/partial-date";
import { getAgreement, listAgreements } from "../agreements";
import { getOrganisation, listOrganisations, type Organisation } from "../organisations";
import { findOrCreateCountryPlace, findPlaceIdsByCodes } from "../places";
import { loadStatusReportDemo, readStatusReportSeed } from "../status-report";
import { applyStatusReportImport, previewStatusReportImport } from "./imports.service";

const FIXTURE = {
  name: "status-report-rcs-000.txt",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url)),
  ),
};
const OPTIONS = { institution: "Rwanda Correctional Service" };
const all = { sort: "title" as const, limit: 200, offset: 0 };
const key = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const admin = () => contextAs(handle, buildUserActor([nationalGrant("administrator")]));

async function organisations(h: DatabaseHandle): Promise<Organisation[]> {
  return (
    await listOrganisations(contextAs(h, buildUserActor([nationalGrant("administrator")])), {
      limit: 200,
      offset: 0,
    })
  ).items;
}

describe("importing the RCS status report (seed 000)", () => {
  it("is refused to a viewer, and writes nothing", async () => {
    const viewer = contextAs(handle, buildUserActor([nationalGrant("viewer")]));
    const error = await applyStatusReportImport(viewer, FIXTURE, OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("forbidden");
    expect(await organisations(handle)).toHaveLength(0);
  });

  it("previews every row without writing anything", async () => {
    const preview = await previewStatusReportImport(admin(), FIXTURE, OPTIONS);
    expect(preview.format).toBe("text");
    expect(preview.sections.map((s) => [s.number, s.kind, s.rows])).toEqual([
      [1, "local", 20],
      [2, "foreign", 6],
      [3, "membership", 4],
    ]);
    expect(preview.counts).toMatchObject({
      organisationsCreated: 34, // 33 partners and the institution
      organisationsMatched: 0,
      agreementsCreated: 26,
      memberships: 4,
      errors: 0,
    });
    expect(preview.rows).toHaveLength(30);
    const rcs = preview.issues.find((i) => i.code === "place_unresolved");
    expect(rcs).toMatchObject({
      location: "line 19",
      column: "AREA(S) FOR IMPLEMENTATION",
      text: "Training of RCS' staffs",
    });
    expect(await organisations(handle)).toHaveLength(0);
    expect((await listAgreements(admin(), all)).total).toBe(0);
  });

  it("reproduces the hand-checked seed: agreements, parties, dates, places, commitments, progress, memberships", async () => {
    const seed = await readStatusReportSeed();
    const ctx = admin();
    const result = await applyStatusReportImport(ctx, FIXTURE, OPTIONS);
    expect(result.counts.memberships).toBe(4);

    // No duplicate organisations: one per seed organisation, plus the institution.
    const orgs = await organisations(handle);
    expect(orgs).toHaveLength(seed.organisations.length + 1);
    expect(new Set(orgs.map((o) => key(o.name))).size).toBe(orgs.length);

    // Which seed organisation an imported one is: by name, acronym or alias, as the seed lists them.
    const seedKeyOf = (o: Organisation): string => {
      const mine = [o.name, ...o.aliases].map(key);
      const hit = [seed.institution, ...seed.organisations].find(
        (s) =>
          [s.name, ...(s.aliases ?? [])].map(key).some((n) => mine.includes(n)) ||
          (s.acronym != null && o.acronym != null && s.acronym.toLowerCase() === o.acronym.toLowerCase()),
      );
      if (!hit) throw new Error(`No seed organisation for "${o.name}"`);
      return hit.key;
    };
    const seedKeyById = new Map(orgs.map((o) => [o.id, seedKeyOf(o)]));
    expect(new Set(seedKeyById.values()).size).toBe(orgs.length);

    const codes = seed.agreements.flatMap((a) =>
      a.areas.flatMap((x) => ("placeCode" in x ? [x.placeCode] : [])),
    );
    const placeIds = await findPlaceIdsByCodes(handle.db, codes);
    const listed = await listAgreements(ctx, all);
    expect(listed.total).toBe(27); // 26 and the E-HUZA amendment awaiting approval
    for (const expected of seed.agreements) {
      const reference = `Status report ${expected.section}.${expected.row}`;
      const summary = listed.items.find((a) => a.reference === reference);
      expect(summary, reference).toBeDefined();
      const detail = await getAgreement(ctx, summary?.id ?? "");
      expect(detail.kind, reference).toBe(expected.kind);
      expect(detail.status, reference).toBe(expected.status);
      expect(detail.parties.map((p) => seedKeyById.get(p.organisationId)).sort(), reference).toEqual(
        expected.parties.map((p) => p.org).sort(),
      );
      expect(detail.signedOn.text, reference).toBe(expected.signedOnText);
      expect(detail.signedOn.precision, reference).toBe(parsePartialDate(expected.signedOnText).precision);
      const areas: (string | null)[] = [];
      for (const area of expected.areas) {
        if ("placeSet" in area) areas.push(area.placeSet);
        else if ("placeCode" in area) areas.push(placeIds.get(area.placeCode) ?? null);
        else areas.push(await findOrCreateCountryPlace(handle.db, area.countryCode));
      }
      expect(detail.areas.map((a) => a.placeSet ?? a.placeId).sort(), reference).toEqual(areas.sort());
      expect(
        detail.commitments.map((c) => c.text),
        reference,
      ).toEqual(expected.commitments);
      const progress = (kind: string) =>
        detail.progress
          .filter((p) => p.kind === kind)
          .map((p) => p.text)
          .sort();
      expect(progress("achievement"), reference).toEqual([...expected.achievements].sort());
      expect(progress("ongoing").length + progress("planned").length, reference).toBe(
        expected.ongoing.length + expected.planned.length,
      );
      expect(progress("planned").length, reference).toBe(expected.planned.length);
      expect(detail.amendments.length, reference).toBe(expected.amendment ? 1 : 0);
    }

    // Themes are proposals: the rules find the headline theme of each agreement the seed names.
    const themesOf = async (reference: string) =>
      (listed.items.find((a) => a.reference === reference)?.themes ?? []) as string[];
    expect(await themesOf("Status report 1.4")).toContain("legal_aid");
    expect(await themesOf("Status report 1.3")).toContain("vocational_training");
    expect(await themesOf("Status report 1.6")).toContain("gender_sgbv");
    expect(await themesOf("Status report 1.8")).toContain("disability");
    expect(await themesOf("Status report 1.19")).toEqual(["environment"]);
    expect(await themesOf("Status report 2.2")).toEqual(["correctional_cooperation"]);

    const rcs = orgs.find((o) => seedKeyById.get(o.id) === "rcs");
    const detail = await getOrganisation(ctx, rcs?.id ?? "");
    const memberships = detail.memberships
      .map((m) => ({
        network: seedKeyById.get(m.networkId),
        role: m.role,
        roleNote: m.roleNote,
        startYear: m.startYear,
        endYear: m.endYear,
      }))
      .sort((a, b) => (a.network ?? "").localeCompare(b.network ?? ""));
    expect(memberships).toEqual(
      seed.memberships
        .map((m) => ({
          network: m.network,
          role: m.role,
          roleNote: m.roleNote,
          startYear: m.startYear,
          endYear: m.endYear,
        }))
        .sort((a, b) => a.network.localeCompare(b.network)),
    );
  });

  it("creates no duplicates when the same file is imported again", async () => {
    const ctx = admin();
    const before = {
      orgs: (await organisations(handle)).length,
      agreements: (await listAgreements(ctx, all)).total,
    };
    const preview = await previewStatusReportImport(ctx, FIXTURE, OPTIONS);
    expect(preview.counts).toMatchObject({
      organisationsCreated: 0,
      organisationsMatched: 33,
      agreementsCreated: 0,
      agreementsUpdated: 0,
      agreementsUnchanged: 26,
    });
    const result = await applyStatusReportImport(ctx, FIXTURE, OPTIONS);
    expect(result.counts).toMatchObject({
      agreementsCreated: 0,
      commitments: 0,
      progressEntries: 0,
      memberships: 0,
    });
    expect((await organisations(handle)).length).toBe(before.orgs);
    expect((await listAgreements(ctx, all)).total).toBe(before.agreements);
  });
});

describe("importing over the example data loaded from the hand-checked JSON", () => {
  let other: DatabaseHandle;
  beforeAll(async () => {
    other = await createTestDatabase();
  });
  afterAll(async () => {
    await other?.close();
  });

  it("matches every partner (exact, acronym, alias or similar name) and every agreement, creating none", async () => {
    const ctx = contextAs(other, buildUserActor([nationalGrant("administrator")]));
    await loadStatusReportDemo(ctx, await readStatusReportSeed());
    const orgsBefore = (await organisations(other)).length;
    const preview = await previewStatusReportImport(ctx, FIXTURE, OPTIONS);
    expect(preview.institution).toMatchObject({ name: "Rwanda Correctional Service", action: "match" });
    expect(preview.organisations.filter((o) => o.action === "create").map((o) => o.name)).toEqual([]);
    const byName = (name: string) => preview.organisations.find((o) => o.name === name);
    expect(byName("Diocese Catholic/ BYUMBA")).toMatchObject({
      how: "alias",
      existing: { name: "Catholic Diocese of Byumba" },
    });
    expect(byName("UNDP")).toMatchObject({
      how: "acronym",
      existing: { name: "United Nations Development Programme" },
    });
    expect(preview.counts.agreementsCreated).toBe(0);
    expect(preview.rows.filter((r) => r.kind === "agreement" && r.existingAgreementId === null)).toEqual([]);

    await applyStatusReportImport(ctx, FIXTURE, OPTIONS);
    expect((await organisations(other)).length).toBe(orgsBefore);
    expect((await listAgreements(ctx, all)).total).toBe(27);
  });
});
