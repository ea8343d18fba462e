// HTTP tests of GET /api/organisations/{id}/profile on the example data: Rwanda Bridges to Justice's agreements,
// districts and contact person; a programme's lead and partner; a reporting record and who may see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  contextAs,
  createAgreementFixture,
  createOrganisationFixture,
  createProgrammeFixture,
  createTestServer,
  nationalGrant,
  systemActor,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { todayInKigali } from "../../shared/today";
import { findOrganisationByName } from "../organisations";
import { findPlaceIdsByCodes } from "../places";
import { loadReportingDemo } from "../reporting";
import { loadStatusReportDemo, readStatusReportSeed } from "../status-report";
import type { OrganisationProfile } from "./profiles.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
const system = () => contextAs(handle, systemActor);

async function idOf(name: string): Promise<string> {
  const found = await findOrganisationByName(system(), name);
  if (!found) throw new Error(`no organisation named ${name}`);
  return found.id;
}

async function profileOf(id: string, client: TestClient = admin): Promise<OrganisationProfile> {
  const res = await client.json<OrganisationProfile>(`/api/organisations/${id}/profile`);
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  return res.body;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  // The example data as a first start loads it: the RCS status report, then Musanze's reporting (on the real day,
  // as the server reads timeliness on the real day).
  await loadStatusReportDemo(system(), await readStatusReportSeed());
  await loadReportingDemo(system());
});
afterAll(async () => {
  await handle?.close();
});

describe("the profile of Rwanda Bridges to Justice, from the example data", () => {
  it("lists its two agreements, the districts of the correctional facilities it works in, and its contact person", async () => {
    const id = await idOf("Rwanda Bridges to Justice");
    const res = await admin.json<OrganisationProfile>(`/api/organisations/${id}/profile`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    const p = res.body;
    expect(p.organisation).toMatchObject({
      name: "Rwanda Bridges to Justice",
      countryCode: "RW",
      canEdit: true,
    });
    expect(p.organisation.contactPersons).toEqual([
      expect.objectContaining({
        name: "Example Contact",
        email: "programmes@rbj.example.org",
        phone: "+250 788 000 000",
      }),
    ]);

    expect(p.agreements.total).toBe(2);
    const byKind = Object.fromEntries(p.agreements.items.map((a) => [a.kind, a]));
    expect(byKind.mou).toMatchObject({
      title: "MoU between RCS and Rwanda Bridges to Justice",
      status: "active",
      roles: ["signatory"],
      signedOn: expect.objectContaining({ text: "12/05/2020" }),
    });
    expect(byKind.amendment).toMatchObject({ status: "awaiting_approval", amendsId: byKind.mou?.id });

    // "All facilities": the districts of the open RCS facilities, not Gasabo (its prison is closed).
    expect(p.workAreas.placeSets).toEqual(["all_correctional_facilities"]);
    expect(p.workAreas.nationwide).toBe(false);
    const districts = p.workAreas.districts.map((d) => d.name);
    for (const name of ["Nyarugenge", "Huye", "Rubavu", "Musanze", "Bugesera"])
      expect(districts).toContain(name);
    expect(districts).not.toContain("Gasabo");
    expect(districts).toEqual([...districts].sort((a, b) => a.localeCompare(b, "en")));
    expect(p.workAreas.districts.every((d) => d.kind === "district" && d.names.rw !== "")).toBe(true);
    expect(p.workAreas.places).toEqual([]);
    expect(p.programmes).toEqual({ items: [], total: 0 });
    // It has no reporting obligation in the example data.
    expect(p.reporting).toMatchObject({ obligations: [], periodType: null, periods: [], submissions: [] });
  });

  it("leaves the institution keeping the register out of the places where it works (as the 3W does)", async () => {
    const p = await profileOf(await idOf("Rwanda Correctional Service"));
    expect(p.agreements.total).toBe(27);
    expect(p.workAreas.districts).toEqual([]);
    expect(p.organisation.memberships.length).toBeGreaterThan(0);
  });
});

describe("programmes and places", () => {
  it("lists a programme as led by one and implemented by another, with its places among the districts", async () => {
    const lead = await createOrganisationFixture(handle, { kind: "international_ngo" });
    const partner = await createOrganisationFixture(handle);
    const places = await findPlaceIdsByCodes(handle.db, ["RW-S1101", "RW-D43"]);
    const year = Number(todayInKigali().slice(0, 4));
    const programme = await createProgrammeFixture(handle, {
      leadOrganisationId: lead.id,
      partnerIds: [partner.id],
      status: "ongoing",
      startDate: `${year - 1}-01-01`,
      endDate: `${year + 1}-12-31`,
      placeIds: [...places.values()],
    });
    const led = await profileOf(lead.id);
    expect(led.programmes.items).toEqual([
      expect.objectContaining({ id: programme.id, role: "lead", status: "ongoing" }),
    ]);
    // The sector Gitega lies in Nyarugenge; Musanze is named itself.
    expect(led.workAreas.districts.map((d) => d.name)).toEqual(["Musanze", "Nyarugenge"]);
    expect(led.workAreas.places.map((d) => d.name)).toEqual(["Gitega"]);
    const partnered = await profileOf(partner.id);
    expect(partnered.programmes.items).toEqual([
      expect.objectContaining({ id: programme.id, role: "partner" }),
    ]);
    expect(partnered.workAreas.districts.map((d) => d.name)).toEqual(["Musanze", "Nyarugenge"]);
  });

  it("says nationwide once instead of naming every district", async () => {
    const ngo = await createOrganisationFixture(handle);
    const other = await createOrganisationFixture(handle, { kind: "government" });
    await createAgreementFixture(handle, {
      parties: [
        { organisationId: other.id, role: "signatory" },
        { organisationId: ngo.id, role: "implementer" },
      ],
      status: "active",
      areas: [{ placeSet: "national" }],
    });
    const p = await profileOf(ngo.id);
    expect(p.agreements.items[0]?.roles).toEqual(["implementer"]);
    expect(p.workAreas).toMatchObject({ nationwide: true, districts: [], places: [] });
  });
});

describe("the reporting record and who sees it", () => {
  it("shows the latest periods and reports of a Musanze CSO to those who may read them", async () => {
    const id = await idOf("Musanze Legal Aid Clinic");
    const p = await profileOf(id);
    expect(p.reporting.obligations).toHaveLength(2);
    expect(p.reporting.visible).toBe(true);
    expect(p.reporting.periodType).toBe("quarter");
    // The clinic submitted on time in each of the four example quarters.
    expect(p.reporting.periods.map((c) => c.state)).toEqual(["on_time", "on_time", "on_time", "on_time"]);
    expect(p.reporting.periods.map((c) => c.period)).toEqual(
      [...p.reporting.periods.map((c) => c.period)].sort(),
    );
    expect(p.reporting.total).toMatchObject({ onTime: 8, late: 0, missing: 0 });
    expect(p.reporting.submissions.length).toBeGreaterThan(0);
    expect(p.reporting.submissions.every((s) => s.organisationId === id)).toBe(true);

    // Its own editor sees the same; a viewer sees the obligations, but neither the states nor the reports.
    const editor = (
      await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: id }], [id])
    ).client;
    const own = await profileOf(id, editor);
    expect(own.reporting.visible).toBe(true);
    expect(own.reporting.periods.map((c) => c.state)).toEqual(["on_time", "on_time", "on_time", "on_time"]);
    expect(own.organisation.canEdit).toBe(true);

    const viewer = (await server.signInAs([nationalGrant("viewer")])).client;
    const read = await profileOf(id, viewer);
    expect(read.reporting).toMatchObject({ visible: false, periods: [], total: null, submissions: [] });
    expect(read.reporting.obligations).toHaveLength(2);
    expect(read.organisation.canEdit).toBe(false);

    // The editor of another organisation sees its profile, but not its reports, and may not edit it.
    const other = await idOf("Kinigi Community Mediators");
    const stranger = await profileOf(other, editor);
    expect(stranger.reporting).toMatchObject({ visible: false, periods: [], submissions: [] });
    expect(stranger.organisation.canEdit).toBe(false);
  });

  it("answers 404 for an unknown organisation or a malformed id, and 401 signed out", async () => {
    await expectProblem(
      await admin.request("/api/organisations/00000000-0000-4000-8000-000000000000/profile"),
      404,
    );
    await expectProblem(await admin.request("/api/organisations/nope/profile"), 404);
    const id = await idOf("Rwanda Bridges to Justice");
    await expectProblem(await server.anonymous.request(`/api/organisations/${id}/profile`), 401);
  });
});
