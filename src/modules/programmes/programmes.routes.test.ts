// HTTP tests of the programmes API: status codes, ETags, problems naming fields, nothing written on failure.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildOrganisationInput,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { hasShared } from "../../../tests/shared-data";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { Organisation } from "../organisations/organisations.schema";
import type { Indicator, ProgrammeDashboard, ProgrammeDetail, ProgrammeList } from "./programmes.schema";

const NL_SAMPLE = "../shared/data/iati/samples/nl-mfa-dgis-human-rights-2.03.xml";

type Problem = { status: number; errors?: { path: string; message: string }[] };

let handle: DatabaseHandle;
let admin: TestClient;
let viewer: TestClient;
let lead: Organisation;
let programme: ProgrammeDetail;
let indicator: Indicator;

const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

async function rowCounts() {
  const [row] = await queryRows<Record<string, number>>(
    handle.db,
    sql`select (select count(*) from programme)::int p, (select count(*) from result)::int r,
      (select count(*) from programme_event)::int e, (select count(*) from indicator)::int i, (select count(*) from audit_log)::int a`,
  );
  return row;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  lead = (await admin.json<Organisation>("/api/organisations", post(buildOrganisationInput({ name: "IOM" }))))
    .body;
  const created = await admin.json<ProgrammeDetail>(
    "/api/programmes",
    post({
      title: "Counter trafficking",
      leadOrganisationId: lead.id,
      startDate: "2011-11-01",
      endDate: "2012-10-31",
      objective: "Enhance national capacity",
    }),
  );
  expect(created.status).toBe(201);
  expect(created.headers.get("etag")).toBe('"1"');
  programme = created.body;
  const res = await admin.json<Indicator>(
    `/api/programmes/${programme.id}/indicators`,
    post({ logframeItemId: programme.logframe[0]?.id, title: "People reached", unit: "people" }),
  );
  expect(res.status).toBe(201);
  indicator = res.body;
});
afterAll(async () => {
  await handle?.close();
});

describe("programmes API", () => {
  it("lists programmes with people reached", async () => {
    const res = await admin.json<ProgrammeList>("/api/programmes");
    expect(res.status).toBe(200);
    expect(res.body.items.map((p) => [p.title, p.peopleReached])).toEqual([["Counter trafficking", 0]]);
  });

  it.each([
    [
      "a result for a period outside the programme",
      "results",
      { valueKind: "exact", value: 4, periodStart: "2013-01-01", periodEnd: "2013-02-01" },
      "periodStart",
    ],
    [
      "a negative count",
      "results",
      { valueKind: "exact", value: -4, periodStart: "2012-01-01", periodEnd: "2012-02-01" },
      "value",
    ],
    [
      "a breakdown that does not add up",
      "results",
      {
        valueKind: "exact",
        value: 10,
        periodStart: "2012-01-01",
        periodEnd: "2012-02-01",
        breakdown: [{ value: 3 }],
      },
      "breakdown",
    ],
    [
      "an event with a negative participant count",
      "events",
      {
        kind: "school_talk",
        title: "Talk",
        startDate: "2012-03-01",
        participants: [{ category: "students", count: -1 }],
      },
      "participants.0.count",
    ],
  ])("answers 422 for %s, naming the field, and saves nothing", async (_label, path, body, field) => {
    const before = await rowCounts();
    const res = await admin.json<Problem>(
      `/api/programmes/${programme.id}/${path}`,
      post({ indicatorId: indicator.id, ...body }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.path)).toContain(field);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 422 for a target on a text indicator", async () => {
    const before = await rowCounts();
    const res = await admin.json<Problem>(
      `/api/programmes/${programme.id}/indicators`,
      post({
        logframeItemId: programme.logframe[0]?.id,
        title: "Mechanism in place",
        unit: "text",
        targets: [{ periodStart: "2012-01-01", periodEnd: "2012-06-30", value: 1 }],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.path)).toEqual(["targets"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("forbids a viewer to record an event and needs If-Match to change the programme", async () => {
    const denied = await viewer.json<Problem>(
      `/api/programmes/${programme.id}/events`,
      post({ kind: "meeting", title: "Meeting", startDate: "2012-03-01" }),
    );
    expect(denied.status).toBe(403);
    const noVersion = await admin.json<Problem>(`/api/programmes/${programme.id}`, {
      method: "PATCH",
      body: JSON.stringify({ status: "completed" }),
    });
    expect(noVersion.status).toBe(428);
  });

  it("records an event and the dashboard shows it, with the double-counting rule", async () => {
    const res = await admin.json(
      `/api/programmes/${programme.id}/events`,
      post({
        kind: "school_talk",
        title: "School talk",
        startDate: "2012-09-12",
        indicatorIds: [indicator.id],
        participants: [{ category: "students", count: 903 }],
      }),
    );
    expect(res.status).toBe(201);
    const dash = await viewer.json<ProgrammeDashboard & { doubleCountingRule: string }>(
      `/api/programmes/${programme.id}/dashboard`,
    );
    expect(dash.status).toBe(200);
    expect(dash.body.peopleReached).toBe(903);
    expect(dash.body.indicators[0]?.actual).toMatchObject({ kind: "exact", value: 903 });
    expect(dash.body.doubleCountingRule).toContain("not added again");
    const all = await viewer.json<ProgrammeDashboard>("/api/programmes/dashboard");
    expect(all.body.peopleReached).toBe(903);
  });

  it("exports the programmes as an IATI activities file", async () => {
    const res = await viewer.request("/api/programmes/export/iati");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    const xml = await res.text();
    expect(xml.match(/<iati-activity /g)).toHaveLength(1);
    expect(xml).toContain("<narrative>Counter trafficking</narrative>");
  });

  it.skipIf(!hasShared(NL_SAMPLE))("imports an IATI file sent as { xml }; a viewer may not", async () => {
    const xml = readFileSync(NL_SAMPLE, "utf8");
    const denied = await viewer.json<Problem>("/api/programmes/import/iati", {
      method: "POST",
      body: JSON.stringify({ xml }),
    });
    expect(denied.status).toBe(403);
    const res = await admin.json<{ programmes: number }>("/api/programmes/import/iati", {
      method: "POST",
      body: JSON.stringify({ xml }),
    });
    expect(res.status).toBe(201);
    expect(res.body.programmes).toBe(13);
  });
  it.skipIf(!hasShared(NL_SAMPLE))(
    "lets an administrator change the theme a DAC sector gives, which the next IATI import follows",
    async () => {
      type Row = { sectorCode: string; themeCode: string | null; version: number };
      const list = await admin.json<{ items: Row[] }>("/api/iati-sector-themes");
      expect(list.status).toBe(200);
      const peace = list.body.items.find((i) => i.sectorCode === "15220");
      expect(peace).toMatchObject({ themeCode: "peacebuilding_reconciliation", version: 1 });
      // Every DAC code of the Prisons-to-peace range the issue names is there.
      for (const code of [
        "15110",
        "15130",
        "15137",
        "15160",
        "15170",
        "15180",
        "15210",
        "15261",
        "16010",
        "16015",
      ])
        expect(
          list.body.items.some((i) => i.sectorCode === code),
          code,
        ).toBe(true);
      const before = await rowCounts();
      const patch = (client: TestClient, body: unknown, version = 1) =>
        client.json<Problem & Row>("/api/iati-sector-themes/15220", {
          method: "PATCH",
          headers: { "If-Match": `"${version}"` },
          body: JSON.stringify(body),
        });
      expect((await patch(viewer, { themeCode: "human_rights" })).status).toBe(403);
      const unknown = await patch(admin, { themeCode: "no_such_theme" });
      expect([unknown.status, unknown.body.errors?.[0]?.path]).toEqual([422, "themeCode"]);
      expect(await rowCounts()).toEqual(before);
      const changed = await patch(admin, { themeCode: "human_rights" });
      expect([changed.status, changed.headers.get("etag"), changed.body.themeCode]).toEqual([
        200,
        '"2"',
        "human_rights",
      ]);
      expect((await patch(admin, { themeCode: null })).status).toBe(412);
      // NL-1-PPR-24706's sector is 15220: imported anew, it is a human rights programme now.
      const xml = readFileSync(NL_SAMPLE, "utf8").replace(/<iati-identifier>/g, "<iati-identifier>RW-AGAIN-");
      const res = await admin.json<{ programmeIds: string[] }>("/api/programmes/import/iati", post({ xml }));
      expect(res.status).toBe(201);
      const first = await admin.json<ProgrammeDetail>(`/api/programmes/${res.body.programmeIds[0]}`);
      expect(first.body.themes).toEqual(["human_rights"]);
    },
  );
  it("lists only the programmes an organisation leads or implements when asked for its own", async () => {
    const org = async (name: string) =>
      (await admin.json<Organisation>("/api/organisations", post(buildOrganisationInput({ name })))).body;
    const [partner, donor, other] = [await org("Haguruka"), await org("SIDA"), await org("Legal Aid Forum")];
    const joint = await admin.json<ProgrammeDetail>(
      "/api/programmes",
      post({
        title: "Legal aid in Musanze",
        leadOrganisationId: other.id,
        startDate: "2026-01-01",
        endDate: "2026-12-31",
        partnerIds: [partner.id],
        donors: [{ organisationId: donor.id }],
      }),
    );
    expect(joint.status).toBe(201);
    const titles = async (organisationId: string) =>
      (await admin.json<ProgrammeList>(`/api/programmes?organisationId=${organisationId}`)).body.items.map(
        (p) => p.title,
      );
    expect(await titles(lead.id)).toEqual(["Counter trafficking"]);
    expect(await titles(other.id)).toEqual(["Legal aid in Musanze"]);
    expect(await titles(partner.id)).toEqual(["Legal aid in Musanze"]);
    // A donor funds the programme; it does not report its indicators.
    expect(await titles(donor.id)).toEqual([]);
    const bad = await admin.json<Problem>("/api/programmes?organisationId=nope");
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.[0]?.path).toBe("organisationId");
  });
});
