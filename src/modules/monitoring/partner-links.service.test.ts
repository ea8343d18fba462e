// Links from detention monitoring to the register, on both databases: a recommendation to RCS on access to a
// lawyer finds RCS's legal-aid agreement covering the facility and the legal-aid partners of the district; a place
// of detention lists its partners per theme from agreements and imported 3W rows, the closest first.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  contextAs,
  createAgreementFixture,
  createOrganisationFixture,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { importHxl3w } from "../coordination";
import { placeTable } from "../places/places.table";
import { findPartnersForPlace, findPartnersForRecommendation } from "./partner-links.service";

let handle: DatabaseHandle;
let viewer: ServiceContext;
let rcs: string;
let legalAidForum: string;
let healthCso: string;
let kigaliClinic: string;
let musanzeCso: string;
let nyarugengeFacility: string;
let nyarugenge: string;
let musanze: string;
let rcsLegalAid: string;
let rcsHealth: string;
let clinicAgreement: string;

async function placeId(name: string, kind: string): Promise<string> {
  const rows = await handle.db.select().from(placeTable).where(eq(placeTable.name, name));
  const place = rows.find((row) => row.kind === kind);
  if (!place) throw new Error(`no ${kind} named ${name} in the reference places`);
  return place.id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  viewer = { ...contextAs(handle, buildUserActor([nationalGrant("viewer")])), today: "2026-06-01" };
  const org = async (name: string, acronym: string, kind: "government" | "local_cso") =>
    (await createOrganisationFixture(handle, { name, acronym, kind })).id;
  rcs = await org("Links test correctional service", "LTCS", "government");
  legalAidForum = await org("Links test legal aid forum", "LTLAF", "local_cso");
  healthCso = await org("Links test health partner", "LTHP", "local_cso");
  kigaliClinic = await org("Links test Kigali legal clinic", "LTKLC", "local_cso");
  musanzeCso = await org("Links test Musanze paralegals", "LTMP", "local_cso");
  const ministry = await org("Links test ministry", "LTMJ", "government");
  nyarugengeFacility = await placeId("Nyarugenge Correctional Facility", "place_of_detention");
  nyarugenge = await placeId("Nyarugenge", "district");
  musanze = await placeId("Musanze", "district");
  const agreement = async (
    partyIds: string[],
    themes: string[],
    areas: { placeId: string }[],
    status: "active" | "draft" = "active",
  ) =>
    (
      await createAgreementFixture(handle, {
        parties: partyIds.map((organisationId) => ({ organisationId, role: "signatory" })),
        // The first party keeps the agreement in the register (RCS its own, the ministry its own): the 3W counts
        // the others as its partners.
        keeperOrganisationId: partyIds[0],
        status,
        themes,
        areas,
        validFrom: "2025-01-01",
        validUntil: "2027-12-31",
      })
    ).id;
  rcsLegalAid = await agreement([rcs, legalAidForum], ["legal_aid"], [{ placeId: nyarugengeFacility }]);
  rcsHealth = await agreement([rcs, healthCso], ["health"], [{ placeId: nyarugengeFacility }]);
  clinicAgreement = await agreement([ministry, kigaliClinic], ["legal_aid"], [{ placeId: nyarugenge }]);
  await agreement([ministry, musanzeCso], ["legal_aid"], [{ placeId: musanze }]);
  await agreement([rcs, musanzeCso], ["legal_aid"], [{ placeId: nyarugengeFacility }], "draft");
  // An imported 3W row: psycho-social support in Nyarugenge district by the health partner.
  await importHxl3w(contextAs(handle, systemActor), {
    fileName: "links-3w.csv",
    csv: [
      "Organisation,Sector,District,Start,End",
      "#org +name,#sector,#adm2 +name,#date +start,#date +end",
      "Links test health partner,psychosocial_support,Nyarugenge,2026-01-01,2026-12-31",
    ].join("\r\n"),
  });
}, 120_000);
afterAll(async () => handle?.close());

describe("findPartnersForRecommendation", () => {
  it("lists RCS's legal-aid agreement covering the facility and the legal-aid partners of its district", async () => {
    const found = await findPartnersForRecommendation(viewer, {
      addresseeOrganisationId: rcs,
      theme: "access_to_a_lawyer",
      placeIds: [nyarugengeFacility],
    });
    expect(found.themes.map((t) => [t.code, t.names.en])).toEqual([["legal_aid", "Legal aid"]]);
    // The health agreement is RCS's too but on another theme; the draft is nobody's work yet.
    expect(found.agreements).toEqual([
      {
        id: rcsLegalAid,
        title: expect.any(String),
        status: "active",
        validUntil: "2027-12-31",
        themes: ["legal_aid"],
        partners: [expect.objectContaining({ id: legalAidForum, acronym: "LTLAF" })],
        coversPlaces: true,
      },
    ]);
    // Partners at work on legal aid in Nyarugenge district; not Musanze's paralegals, not RCS itself.
    expect(found.partners.map((p) => [p.organisation.id, p.themes, p.records.map((r) => r.id)])).toEqual([
      [kigaliClinic, ["legal_aid"], [clinicAgreement]],
      [legalAidForum, ["legal_aid"], [rcsLegalAid]],
    ]);
  });

  it("follows the theme: a health-care recommendation finds the health agreement and partner instead", async () => {
    const found = await findPartnersForRecommendation(viewer, {
      addresseeOrganisationId: rcs,
      theme: "health_care_services",
      placeIds: [nyarugengeFacility],
    });
    expect(found.agreements.map((a) => a.id)).toEqual([rcsHealth]);
    expect(found.partners.map((p) => p.organisation.id)).toEqual([healthCso]);
  });

  it("for all facilities, reaches partners wherever a correctional facility is, and marks agreements elsewhere", async () => {
    const found = await findPartnersForRecommendation(viewer, {
      addresseeOrganisationId: rcs,
      theme: "legal_aid",
      allFacilities: true,
    });
    expect(found.agreements.map((a) => [a.id, a.coversPlaces])).toEqual([[rcsLegalAid, true]]);
    expect(found.partners.map((p) => p.organisation.id)).toContain(legalAidForum);
    const inMusanze = await findPartnersForRecommendation(viewer, {
      addresseeOrganisationId: rcs,
      theme: "legal_aid",
      placeIds: [musanze],
    });
    // RCS's agreement is still one it could act through, but it does not reach Musanze.
    expect(inMusanze.agreements.map((a) => [a.id, a.coversPlaces])).toEqual([[rcsLegalAid, false]]);
    expect(inMusanze.partners.map((p) => p.organisation.id)).toEqual([musanzeCso]);
  });

  it("refuses a theme outside the detention list and an unknown place with 422 naming the field", async () => {
    await expect(
      findPartnersForRecommendation(viewer, { addresseeOrganisationId: rcs, theme: "health", placeIds: [] }),
    ).rejects.toMatchObject({ kind: "validation", errors: [{ path: "theme" }] });
    await expect(
      findPartnersForRecommendation(viewer, {
        addresseeOrganisationId: rcs,
        theme: "legal_aid",
        placeIds: [nyarugengeFacility, "00000000-0000-4000-8000-000000000000"],
      }),
    ).rejects.toMatchObject({ kind: "validation", errors: [{ path: "placeIds.1", code: "unknown_place" }] });
  });

  it("shows nothing to a signed-in user without any role", async () => {
    const nobody = contextAs(handle, buildUserActor([]));
    const found = await findPartnersForRecommendation(nobody, {
      addresseeOrganisationId: rcs,
      theme: "access_to_a_lawyer",
      placeIds: [nyarugengeFacility],
    });
    expect(found).toEqual({ themes: [], agreements: [], partners: [] });
  });
});

describe("findPartnersForPlace", () => {
  it("groups the partners at a facility by theme, those at the place before those in its district", async () => {
    const found = await findPartnersForPlace(viewer, nyarugengeFacility);
    expect(found.place).toMatchObject({ id: nyarugengeFacility, districtId: nyarugenge });
    const summary = Object.fromEntries(
      found.themes.map((t) => [
        t.code,
        t.partners.map((p) => [p.organisation.acronym, p.reach, p.records.map((r) => r.source)]),
      ]),
    );
    expect(summary).toEqual({
      legal_aid: [
        ["LTLAF", "place", ["agreement"]],
        ["LTKLC", "district", ["agreement"]],
      ],
      health: [["LTHP", "place", ["agreement"]]],
      psychosocial_support: [["LTHP", "district", ["reported"]]],
    });
    // In the register's order of themes, not by name.
    expect(found.themes.map((t) => t.code)).toEqual(["legal_aid", "psychosocial_support", "health"]);
  });

  it("answers 404 for an unknown place", async () => {
    await expect(findPartnersForPlace(viewer, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});
