// Timeliness over HTTP and as a service, on both databases: a known set of on-time, late, returned and missing
// reports in Musanze and Huye, the numbers DHIS2's rules give for them, scope, the workbook, and bad queries.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem, SIGN_IN_TABLES } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  systemActor,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { todayInKigali } from "../../shared/today";
import { listBodies, loadReportingBodies } from "./bodies.service";
import { createObligation } from "./obligations.service";
import { daysBetween } from "./periods";
import type { ReportingBody } from "./reporting.schema";
import { createSubmission, reviewSubmission, submitSubmission } from "./submissions.service";
import type { TimelinessReport } from "./timeliness.schema";
import { getTimeliness } from "./timeliness.service";
import { selectExpectedReports } from "./timeliness.store";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let coordinator: TestClient;
let musanzeOfficer: TestClient;
let csoB: TestClient;
let viewer: TestClient;
let jadf: ReportingBody;
let jrlos: ReportingBody;
let huyeJadf: ReportingBody;
const org: Record<"A" | "B" | "C" | "D", string> = { A: "", B: "", C: "", D: "" };
let northId: string;

const at = (today: string): ServiceContext => ({ db: handle.db, actor: systemActor, today });

/** The organisation's report for the period, submitted on that day (to every body it owes it to). */
async function submitOn(organisationId: string, period: string, day: string): Promise<string> {
  const created = await createSubmission(at(day), {
    organisationId,
    period,
    content: {
      narrative: "Legal aid clinics.",
      activities: [],
      indicators: [],
      hindrances: [],
      challenges: "",
      plans: "",
      nothingToReport: [],
    },
  });
  await submitSubmission(at(day), created.id, created.version);
  return created.id;
}

async function get(client: TestClient, query: string): Promise<TimelinessReport> {
  const res = await client.request(`/api/reporting/timeliness?${query}`);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as TimelinessReport;
}

const missingDays = (due: string) => daysBetween(due, todayInKigali());

beforeAll(async () => {
  handle = await createTestDatabase();
  await loadReportingBodies(handle.db);
  const bodies = await listBodies({ db: handle.db, actor: systemActor }, {});
  jadf = bodies.find((b) => b.districtName === "Musanze" && b.kind === "jadf") as ReportingBody;
  jrlos = bodies.find((b) => b.districtName === "Musanze" && b.kind === "jrlos_secretariat") as ReportingBody;
  huyeJadf = bodies.find((b) => b.districtName === "Huye" && b.kind === "jadf") as ReportingBody;
  org.A = (await createOrganisationFixture(handle, { name: "Legal Aid Musanze" })).id;
  org.B = (await createOrganisationFixture(handle, { name: "Haguruka Musanze" })).id;
  // A name that starts like a formula: the workbook must keep it as text.
  org.C = (await createOrganisationFixture(handle, { name: "=Clinic Musanze" })).id;
  org.D = (await createOrganisationFixture(handle, { name: "Huye Paralegals" })).id;
  const oblige = (organisationId: string, bodyId: string) =>
    createObligation(at("2025-01-05"), {
      organisationId,
      bodyId,
      periodType: "quarter",
      dueDays: 15,
      startPeriod: "2025-Q2",
      sections: ["narrative"],
    });
  await oblige(org.A, jadf.id);
  await oblige(org.A, jrlos.id);
  await oblige(org.B, jadf.id);
  await oblige(org.C, jadf.id);
  await oblige(org.D, huyeJadf.id);

  // 2025-Q2, due 2025-07-15: A on time to both bodies, D on the due day itself (on time), B 10 days late, C never.
  await submitOn(org.A, "2025-Q2", "2025-07-10");
  await submitOn(org.D, "2025-Q2", "2025-07-15");
  await submitOn(org.B, "2025-Q2", "2025-07-25");
  // 2025-Q3, due 2025-10-15: B on time; A 5 days late, returned by the JADF and resubmitted (still 5 days late:
  // the first submit counts); C and D never.
  await submitOn(org.B, "2025-Q3", "2025-10-01");
  const a3 = await submitOn(org.A, "2025-Q3", "2025-10-20");
  const returned = await reviewSubmission(at("2025-10-22"), a3, "return", {
    bodyId: jadf.id,
    comments: { narrative: "Say which sectors." },
  });
  await submitSubmission(at("2025-10-25"), a3, returned.version);
  await reviewSubmission(at("2025-10-26"), a3, "accept", { bodyId: jadf.id });

  server = createTestServer(handle);
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  musanzeOfficer = (
    await server.signInAs([{ role: "district_officer", scopeType: "district", scopeId: jadf.districtId }])
  ).client;
  csoB = (
    await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: org.B }], [org.B])
  ).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  const provinces = await (await coordinator.request("/api/places?kind=province&limit=10")).json();
  northId = (provinces as { items: { id: string; code: string; name: string }[] }).items.find((p) =>
    /north|amajyaruguru/i.test(p.name),
  )?.id as string;
});
afterAll(async () => handle?.close());

describe("GET /api/reporting/timeliness", () => {
  it("counts one quarter nationally, by province, district and body, as DHIS2 defines it", async () => {
    const report = await get(coordinator, "periodType=quarter&period=2025-Q2");
    expect(report.periods).toEqual(["2025-Q2"]);
    // Expected 5: A→JADF, A→JRLOS, B→JADF, C→JADF, D→Huye JADF. On time 3, late 1, missing 1.
    expect(report.national.total).toEqual({
      expected: 5,
      onTime: 3,
      late: 1,
      missing: 1,
      notDue: 0,
      reportingRate: 80,
      timeliness: 60,
    });
    const musanze = report.districts.find((d) => d.name === "Musanze");
    expect(musanze?.total).toMatchObject({
      expected: 4,
      onTime: 2,
      late: 1,
      missing: 1,
      reportingRate: 75,
      timeliness: 50,
    });
    expect(report.districts.find((d) => d.name === "Huye")?.total).toMatchObject({
      expected: 1,
      onTime: 1,
      timeliness: 100,
    });
    expect(report.provinces.map((p) => [p.id === northId, p.total.expected]).sort()).toEqual([
      [false, 1],
      [true, 4],
    ]);
    const jadfRow = report.bodies.find((b) => b.id === jadf.id);
    expect(jadfRow?.total).toMatchObject({ expected: 3, onTime: 1, late: 1, missing: 1 });
    expect(jadfRow?.meanDaysLate).toBe(10);
    expect(report.bodies.find((b) => b.id === jrlos.id)?.total).toMatchObject({ expected: 1, onTime: 1 });
    // The late and the missing one, longest overdue first, with their days.
    expect(report.overdue.map((r) => [r.organisationName, r.state, r.daysLate, r.dueDate])).toEqual([
      ["=Clinic Musanze", "missing", missingDays("2025-07-15"), "2025-07-15"],
      ["Haguruka Musanze", "late", 10, "2025-07-15"],
    ]);
    expect(report.overdue[1]?.firstSubmittedOn).toBe("2025-07-25");
    expect(report.overdueTotal).toBe(2);
  });

  it("narrows to a district, a province, a body or an organisation", async () => {
    const district = await get(coordinator, `period=2025-Q2&districtId=${jadf.districtId}`);
    expect(district.national.total).toMatchObject({ expected: 4, onTime: 2, late: 1, missing: 1 });
    expect(district.districts.map((d) => d.name)).toEqual(["Musanze"]);
    const province = await get(coordinator, `period=2025-Q2&provinceId=${northId}`);
    expect(province.national.total.expected).toBe(4);
    const body = await get(coordinator, `period=2025-Q2&bodyId=${jrlos.id}`);
    expect(body.bodies.map((b) => b.name)).toEqual([jrlos.organisationName]);
    expect(body.national.total).toMatchObject({ expected: 1, onTime: 1 });
    const organisation = await get(coordinator, `period=2025-Q3&organisationId=${org.A}`);
    expect(organisation.national.total).toMatchObject({ expected: 2, onTime: 0, late: 2, missing: 0 });
    expect(organisation.overdue.map((r) => r.daysLate)).toEqual([5, 5]);
  });

  it("shows each reader what they may see: the district's bodies, one's own organisation, a viewer nothing", async () => {
    const officer = await get(musanzeOfficer, "period=2025-Q2");
    expect(officer.national.total.expected).toBe(4);
    expect(officer.districts.map((d) => d.name)).toEqual(["Musanze"]);
    const own = await get(csoB, "period=2025-Q2");
    expect(own.national.total).toMatchObject({ expected: 1, late: 1 });
    expect(own.scorecard.organisations.map((o) => o.organisationName)).toEqual(["Haguruka Musanze"]);
    const none = await get(viewer, "period=2025-Q2");
    expect(none.national.total.expected).toBe(0);
    expect(none.national.total.reportingRate).toBeNull();
  });

  it("refuses a bad query with 422 naming the field, and writes nothing", async () => {
    await expectNothingWritten(
      handle.db,
      async () => {
        await expectProblem(
          await coordinator.request("/api/reporting/timeliness?periodType=quarter&period=2025-03"),
          422,
          { path: "period" },
        );
        await expectProblem(await coordinator.request("/api/reporting/timeliness?period=2025-Q5"), 422, {
          path: "period",
        });
        await expectProblem(await coordinator.request("/api/reporting/timeliness?districtId=musanze"), 422, {
          path: "districtId",
        });
        await expectProblem(await coordinator.request(`/api/reporting/timeliness?districtId=${org.A}`), 422, {
          path: "districtId",
        });
        await expectProblem(
          await coordinator.request(`/api/reporting/timeliness?provinceId=${jadf.districtId}`),
          422,
          {
            path: "provinceId",
          },
        );
        await expectProblem(await coordinator.request("/api/reporting/timeliness?last=0"), 422, {
          path: "last",
        });
        await expectProblem(await coordinator.request("/api/reporting/timeliness?periodType=week"), 422, {
          path: "periodType",
        });
        await expectProblem(await coordinator.request("/api/reporting/timeliness?colour=red"), 422);
      },
      { except: [...SIGN_IN_TABLES, "audit_log"] },
    );
  });

  it("sends the due reminders now for a coordinator, each notice once; to no one else", async () => {
    const url = "/api/reporting/reminders";
    const post = (client: TestClient) => client.request(url, { method: "POST" });
    await expectNothingWritten(handle.db, async () => {
      for (const client of [musanzeOfficer, csoB, viewer]) await expectProblem(await post(client), 403);
    });
    const first = await post(coordinator);
    expect(first.status).toBe(200);
    const sent = (await first.json()) as { reminders: number; digests: number; emails: number };
    // B's staff (csoB) are owed reminders for its late reports.
    expect(sent.reminders).toBeGreaterThan(0);
    expect(sent.emails).toBeGreaterThanOrEqual(sent.reminders);
    const again = await post(coordinator);
    expect(await again.json()).toEqual({ reminders: 0, digests: 0, emails: 0 });
  });

  it("answers in the OpenAPI document", async () => {
    const doc = (await (await coordinator.request("/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/reporting/timeliness",
        "/api/reporting/timeliness/export",
        "/api/reporting/reminders",
      ]),
    );
  });
});

describe("getTimeliness over several periods", () => {
  it("takes the last N ended periods, and scores each partner over the last 8", async () => {
    const report = await getTimeliness(at("2025-11-01"), { periodType: "quarter", last: 2 });
    expect(report.periods).toEqual(["2025-Q2", "2025-Q3"]);
    expect(report.national.byPeriod.map((p) => [p.period, p.expected, p.onTime, p.late, p.missing])).toEqual([
      ["2025-Q2", 5, 3, 1, 1],
      ["2025-Q3", 5, 1, 2, 2],
    ]);
    expect(report.national.total).toMatchObject({ expected: 10, reportingRate: 70, timeliness: 40 });
    expect(report.scorecard.periods).toEqual([
      "2023-Q4",
      "2024-Q1",
      "2024-Q2",
      "2024-Q3",
      "2024-Q4",
      "2025-Q1",
      "2025-Q2",
      "2025-Q3",
    ]);
    const row = (id: string) => report.scorecard.organisations.find((o) => o.organisationId === id);
    const tail = (id: string) =>
      row(id)
        ?.cells.slice(5)
        .map((c) => `${c.state}:${c.daysLate}`);
    expect(tail(org.A)).toEqual(["none:0", "on_time:0", "late:5"]);
    expect(tail(org.B)).toEqual(["none:0", "late:10", "on_time:0"]);
    expect(tail(org.C)).toEqual(["none:0", "missing:109", "missing:17"]);
    expect(row(org.A)?.total).toMatchObject({
      expected: 4,
      onTime: 2,
      late: 2,
      reportingRate: 100,
      timeliness: 50,
    });
  });

  it("counts reports not yet due apart, outside both rates", async () => {
    const report = await getTimeliness(at("2025-11-01"), { periodType: "quarter", period: "2025-Q4" });
    expect(report.national.total).toEqual({
      expected: 0,
      onTime: 0,
      late: 0,
      missing: 0,
      notDue: 5,
      reportingRate: null,
      timeliness: null,
    });
  });
});

describe("selectExpectedReports", () => {
  it("narrows by body, district and organisation to exactly the matching rows of the whole set", async () => {
    const periods = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025-06"];
    const key = (r: { obligationId: string; period: string; firstSubmittedOn: string | null }) =>
      `${r.obligationId} ${r.period} ${r.firstSubmittedOn}`;
    const all = await selectExpectedReports(handle.db, periods);
    for (const [by, keep] of [
      [
        { districtIds: [jadf.districtId as string] },
        (r: (typeof all)[0]) => r.districtId === jadf.districtId,
      ],
      [{ bodyIds: [jrlos.id] }, (r: (typeof all)[0]) => r.bodyId === jrlos.id],
      [{ organisationId: org.A }, (r: (typeof all)[0]) => r.organisationId === org.A],
    ] as const) {
      const narrowed = (await selectExpectedReports(handle.db, periods, by)).map(key).sort();
      expect(narrowed).toEqual(all.filter(keep).map(key).sort());
      expect(narrowed.length).toBeGreaterThan(0);
    }
  });
});

describe("GET /api/reporting/timeliness/export", () => {
  it("writes the workbook in the reader's language, formulas kept as text", async () => {
    const res = await coordinator.request("/api/reporting/timeliness/export?period=2025-Q2&lang=fr");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toHaveLength(6);
    const overdue = workbook.worksheets[4] as ExcelJS.Worksheet;
    expect(overdue.getRow(2).getCell(1).value).toBe("'=Clinic Musanze");
    expect(overdue.getRow(3).getCell(7).value).toBe(10);
    const national = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(national.getRow(2).values).toEqual([undefined, "2025-Q2", 5, 3, 1, 1, 0, 80, 60]);
  });
});
