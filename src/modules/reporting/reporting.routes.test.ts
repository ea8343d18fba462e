// Periodic reporting over HTTP, as the users do it: a Musanze district officer sets quarterly obligations for the
// organisations working there; a CSO drafts, is refused while sections are missing, submits to both bodies; the
// JADF returns it with a comment, the CSO resubmits, both accept; scope, versions and "nothing changed" throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
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
import { addIndicator } from "../programmes";
import { loadReportingBodies } from "./bodies.service";
import { nextPeriod, periodOfDate } from "./periods";
import type {
  Obligation,
  ObligationPlan,
  ReportingBody,
  Submission,
  SubmissionList,
} from "./reporting.schema";
import { outcomeOf } from "./timeliness";
import { selectExpectedReports } from "./timeliness.store";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let coordinator: TestClient;
let musanzeOfficer: TestClient;
let huyeOfficer: TestClient;
let csoA: TestClient;
let csoB: TestClient;
let jadf: ReportingBody;
let jrlos: ReportingBody;
let huyeJadf: ReportingBody;
let orgA: string;
let orgB: string;
let musanzeId: string;
let sectorId: string;
let othersIndicator: { programmeId: string; indicatorId: string };

const post = (client: TestClient, path: string, body: unknown, headers: Record<string, string> = {}) =>
  client.request(path, { method: "POST", body: JSON.stringify(body), headers });
const patch = (client: TestClient, path: string, body: unknown, version?: number) =>
  client.request(path, {
    method: "PATCH",
    body: JSON.stringify(body),
    headers: version === undefined ? {} : { "if-match": `"${version}"` },
  });
async function read<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const fullContent = () => ({
  narrative: "Legal aid clinics in four sectors.",
  activities: [
    { placeId: sectorId, description: "Legal aid clinic", peopleReached: 120, women: 70, men: 50 },
  ],
  hindrances: [
    {
      kind: "hindrance_to_justice",
      placeId: sectorId,
      description: "Detainees held beyond the legal time before seeing a judge.",
      reportedTo: ["maj"],
    },
  ],
  challenges: "Transport in the rainy season.",
  plans: "Two more clinics next quarter.",
});

beforeAll(async () => {
  handle = await createTestDatabase();
  expect(await loadReportingBodies(handle.db)).toBe(60);
  expect(await loadReportingBodies(handle.db)).toBe(0); // idempotent at every start
  server = createTestServer(handle);
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  const bodies = await read<ReportingBody[]>(coordinator.request("/api/reporting-bodies"));
  const musanze = bodies.filter((b) => b.districtName === "Musanze");
  jadf = musanze.find((b) => b.kind === "jadf") as ReportingBody;
  jrlos = musanze.find((b) => b.kind === "jrlos_secretariat") as ReportingBody;
  huyeJadf = bodies.find((b) => b.districtName === "Huye" && b.kind === "jadf") as ReportingBody;
  expect(jadf.organisationName).toBe("JADF Musanze");
  expect(jrlos.organisationName).toBe("Musanze District JRLOS Secretariat");
  musanzeId = jadf.districtId as string;
  const sectors = await read<{ items: { id: string }[] }>(
    coordinator.request(`/api/places?kind=sector&parentId=${musanzeId}&limit=5`),
  );
  sectorId = (sectors.items[0] as { id: string }).id;
  orgA = (await createOrganisationFixture(handle, { name: "Legal Aid Musanze" })).id;
  orgB = (await createOrganisationFixture(handle, { name: "Haguruka Musanze" })).id;
  // The 3W says A works in Musanze (an agreement with an area there).
  await createAgreementFixture(handle, {
    parties: [
      { organisationId: orgA, role: "signatory" },
      { organisationId: orgB, role: "signatory" },
    ],
    status: "active",
    themes: ["legal_aid"],
    areas: [{ placeId: musanzeId }],
    validFrom: "2025-01-01",
    validUntil: "2028-12-31",
  });
  const ctx = contextAs(handle, systemActor);
  const others = await createProgrammeFixture(ctx, {
    leadOrganisationId: orgB,
    objective: "Access to justice",
  });
  const indicator = await addIndicator(ctx, others.id, {
    logframeItemId: others.logframe[0]?.id ?? "",
    title: "People given legal advice",
    unit: "people",
  });
  othersIndicator = { programmeId: others.id, indicatorId: indicator.id };
  musanzeOfficer = (
    await server.signInAs([{ role: "district_officer", scopeType: "district", scopeId: musanzeId }])
  ).client;
  huyeOfficer = (
    await server.signInAs([{ role: "district_officer", scopeType: "district", scopeId: huyeJadf.districtId }])
  ).client;
  csoA = (
    await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: orgA }], [orgA])
  ).client;
  csoB = (
    await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: orgB }], [orgB])
  ).client;
});
afterAll(async () => handle?.close());

describe("obligations", () => {
  it("plans the district's obligations from the 3W, for review, and saves them all at once", async () => {
    const plan = await read<ObligationPlan>(
      post(musanzeOfficer, "/api/reporting-obligations/plan", {
        districtId: musanzeId,
        periodType: "quarter",
        dueDays: 15,
        startPeriod: "2026-Q1",
        on: "2026-03-01",
      }),
    );
    const planned = plan.items.map((i) => `${i.organisationName} → ${i.bodyName}`).sort();
    expect(planned).toEqual([
      "Haguruka Musanze → JADF Musanze",
      "Haguruka Musanze → Musanze District JRLOS Secretariat",
      "Legal Aid Musanze → JADF Musanze",
      "Legal Aid Musanze → Musanze District JRLOS Secretariat",
    ]);
    const saved = await read<Obligation[]>(
      post(musanzeOfficer, "/api/reporting-obligations/bulk", { items: plan.items.map((i) => i.input) }),
      201,
    );
    expect(saved).toHaveLength(4);
    const again = await read<ObligationPlan>(
      post(musanzeOfficer, "/api/reporting-obligations/plan", {
        districtId: musanzeId,
        startPeriod: "2026-Q1",
        on: "2026-03-01",
      }),
    );
    expect(again.items.every((i) => i.existingObligationId !== null)).toBe(true);
    // Saving the same again: 409, nothing written.
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await post(musanzeOfficer, "/api/reporting-obligations/bulk", {
          items: plan.items.map((i) => i.input),
        }),
        409,
      );
    });
  });

  it("keeps a district officer to the bodies of their district, and names the field at fault", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await post(musanzeOfficer, "/api/reporting-obligations", {
          organisationId: orgA,
          bodyId: huyeJadf.id,
          periodType: "quarter",
          dueDays: 15,
          startPeriod: "2026-Q1",
        }),
        403,
      );
      await expectProblem(
        await post(coordinator, "/api/reporting-obligations", {
          organisationId: orgA,
          bodyId: huyeJadf.id,
          periodType: "quarter",
          dueDays: 15,
          startPeriod: "2026-03",
        }),
        422,
        { path: "startPeriod" },
      );
      await expectProblem(
        await post(coordinator, "/api/reporting-obligations/bulk", {
          items: [
            {
              organisationId: orgA,
              bodyId: huyeJadf.id,
              periodType: "month",
              dueDays: 10,
              startPeriod: "2026-01",
            },
            { organisationId: orgA, bodyId: orgB, periodType: "month", dueDays: -1, startPeriod: "2026-01" },
          ],
        }),
        422,
        { path: "items.1.dueDays" },
      );
      await expectProblem(
        await post(csoA, "/api/reporting-obligations/plan", {
          districtId: musanzeId,
          startPeriod: "2026-Q1",
        }),
        403,
      );
    });
  });
});

describe("a quarterly report to two bodies", () => {
  let submission: Submission;

  it("starts addressed to both bodies, and is refused while required sections are missing", async () => {
    submission = await read<Submission>(
      post(csoA, "/api/submissions", { organisationId: orgA, period: "2026-Q1" }),
      201,
    );
    expect(submission.status).toBe("draft");
    expect(submission.addressees.map((a) => a.bodyName).sort()).toEqual([
      "JADF Musanze",
      "Musanze District JRLOS Secretariat",
    ]);
    expect(submission.addressees.every((a) => a.dueDate === "2026-04-15")).toBe(true);
    expect(submission.requiredSections).toEqual([
      "narrative",
      "activities",
      "hindrances",
      "challenges",
      "plans",
    ]);
    await expectNothingWritten(handle.db, async () => {
      const problem = await expectProblem(
        await post(
          csoA,
          `/api/submissions/${submission.id}/submit`,
          {},
          { "if-match": `"${submission.version}"` },
        ),
        422,
        {
          path: [
            "content.narrative",
            "content.activities",
            "content.hindrances",
            "content.challenges",
            "content.plans",
          ],
        },
      );
      expect(problem.detail).toContain("narrative");
      // A second report for the same obligations and period: refused, naming the first.
      const dup = await expectProblem(
        await post(csoA, "/api/submissions", { organisationId: orgA, period: "2026-Q1" }),
        409,
        {
          path: "period",
        },
      );
      expect(JSON.stringify(dup)).toContain(submission.id);
      await expectProblem(
        await post(csoA, "/api/submissions", { organisationId: orgA, period: "2024-Q1" }),
        422,
        {
          path: "period",
        },
      );
      await expectProblem(
        await post(csoB, "/api/submissions", { organisationId: orgA, period: "2026-Q2" }),
        403,
      );
    });
  });

  it("refuses bad sections with the field path, and stale or missing versions, changing nothing", async () => {
    const url = `/api/submissions/${submission.id}`;
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await patch(csoA, url, { content: fullContent() }), 428);
      await expectProblem(await patch(csoA, url, { content: fullContent() }, submission.version + 1), 412);
      const outside = fullContent();
      outside.activities = [
        { ...outside.activities[0], date: "2026-05-02" } as (typeof outside.activities)[0],
      ];
      await expectProblem(await patch(csoA, url, { content: outside }, submission.version), 422, {
        path: "content.activities.0.date",
      });
      const negative = fullContent();
      negative.activities = [
        { ...(negative.activities[0] as (typeof negative.activities)[0]), peopleReached: -3 },
      ];
      await expectProblem(await patch(csoA, url, { content: negative }, submission.version), 422, {
        path: "content.activities.0.peopleReached",
      });
      const unknownPlace = fullContent();
      unknownPlace.hindrances = [
        {
          ...(unknownPlace.hindrances[0] as (typeof unknownPlace.hindrances)[0]),
          placeId: crypto.randomUUID(),
        },
      ];
      await expectProblem(await patch(csoA, url, { content: unknownPlace }, submission.version), 422, {
        path: "content.hindrances.0.placeId",
      });
      await expectProblem(await patch(csoB, url, { content: fullContent() }, submission.version), 404);
      // An indicator of a programme Haguruka runs: Legal Aid may not report on it (it would become its result).
      await expectProblem(
        await patch(
          csoA,
          url,
          { content: { ...fullContent(), indicators: [{ ...othersIndicator, value: 12 }] } },
          submission.version,
        ),
        422,
        { path: "content.indicators.0.programmeId" },
      );
    });
  });

  it("is seen by its organisation and the bodies' reviewers, and by no one else", async () => {
    const url = `/api/submissions/${submission.id}`;
    await read<Submission>(csoA.request(url));
    await read<Submission>(musanzeOfficer.request(url));
    await expectProblem(await csoB.request(url), 404);
    await expectProblem(await huyeOfficer.request(url), 404);
    const listed = (c: TestClient) => read<SubmissionList>(c.request("/api/submissions?period=2026-Q1"));
    expect((await listed(musanzeOfficer)).items.map((s) => s.id)).toContain(submission.id);
    expect((await listed(csoB)).items.map((s) => s.id)).not.toContain(submission.id);
    expect((await listed(huyeOfficer)).total).toBe(0);
  });

  it("goes to both bodies; the JADF returns it, the secretariat accepts; resubmitted, accepted by both, locked", async () => {
    const url = `/api/submissions/${submission.id}`;
    submission = await read<Submission>(patch(csoA, url, { content: fullContent() }, submission.version));
    submission = await read<Submission>(
      post(csoA, `${url}/submit`, {}, { "if-match": `"${submission.version}"` }),
    );
    expect(submission.status).toBe("submitted");
    expect(submission.addressees.map((a) => a.status)).toEqual(["submitted", "submitted"]);
    expect(submission.versions.map((v) => v.number)).toEqual([1]);
    // Submitting twice changes nothing and says why.
    await expectNothingWritten(handle.db, async () => {
      const again = await expectProblem(
        await post(csoA, `${url}/submit`, {}, { "if-match": `"${submission.version}"` }),
        409,
      );
      expect(again.detail).toMatch(/already submitted/);
      await expectProblem(await post(csoA, `${url}/accept`, { bodyId: jadf.id }), 403);
      await expectProblem(await post(huyeOfficer, `${url}/accept`, { bodyId: jadf.id }), 404);
      await expectProblem(await post(musanzeOfficer, `${url}/accept`, { bodyId: huyeJadf.id }), 422, {
        path: "bodyId",
      });
      await expectProblem(await patch(csoA, url, { content: fullContent() }, submission.version), 409);
    });

    submission = await read<Submission>(
      post(musanzeOfficer, `${url}/return`, {
        bodyId: jadf.id,
        comments: { activities: "Say how many of the 120 were detainees." },
        submittedVersion: 1,
      }),
    );
    submission = await read<Submission>(
      post(musanzeOfficer, `${url}/accept`, { bodyId: jrlos.id, submittedVersion: 1 }),
    );
    expect(submission.status).toBe("returned");
    const byBody = Object.fromEntries(submission.addressees.map((a) => [a.bodyId, a]));
    expect(byBody[jadf.id]?.comments.activities).toBe("Say how many of the 120 were detainees.");
    expect(byBody[jrlos.id]?.status).toBe("accepted");
    expect(byBody[jrlos.id]?.acceptedVersion).toBe(1);
    expect(submission.editable).toBe(true);

    const revised = fullContent();
    revised.activities = [
      {
        ...(revised.activities[0] as (typeof revised.activities)[0]),
        description: "Legal aid clinic (40 detainees)",
      },
    ];
    submission = await read<Submission>(patch(csoA, url, { content: revised }, submission.version));
    submission = await read<Submission>(
      post(csoA, `${url}/submit`, {}, { "if-match": `"${submission.version}"` }),
    );
    const after = Object.fromEntries(submission.addressees.map((a) => [a.bodyId, a]));
    expect(after[jadf.id]?.status).toBe("resubmitted");
    expect(after[jrlos.id]?.status).toBe("accepted"); // its acceptance stands, at the version it accepted
    expect(submission.versions.map((v) => v.number)).toEqual([1, 2]);
    // A review of what the reviewer read before the resubmission is refused.
    await expectProblem(
      await post(musanzeOfficer, `${url}/accept`, { bodyId: jadf.id, submittedVersion: 1 }),
      412,
    );
    submission = await read<Submission>(
      post(musanzeOfficer, `${url}/accept`, { bodyId: jadf.id, submittedVersion: 2 }),
    );
    expect(submission.status).toBe("accepted");
    expect(submission.editable).toBe(false);

    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await patch(csoA, url, { content: fullContent() }, submission.version), 409);
      const locked = await expectProblem(
        await post(csoA, `${url}/submit`, {}, { "if-match": `"${submission.version}"` }),
        409,
      );
      expect(locked.detail).toMatch(/accepted/);
    });
    const first = await read<{ content: { activities: { description: string }[] } }>(
      csoA.request(`${url}/versions/1`),
    );
    const second = await read<{ content: { activities: { description: string }[] } }>(
      csoA.request(`${url}/versions/2`),
    );
    expect(first.content.activities[0]?.description).toBe("Legal aid clinic");
    expect(second.content.activities[0]?.description).toBe("Legal aid clinic (40 detainees)");
  });

  it("is reopened by a reviewer only with a reason", async () => {
    const url = `/api/submissions/${submission.id}`;
    await expectProblem(await post(musanzeOfficer, `${url}/reopen`, { bodyId: jrlos.id }), 422, {
      path: "reason",
    });
    submission = await read<Submission>(
      post(musanzeOfficer, `${url}/reopen`, {
        bodyId: jrlos.id,
        reason: "The figures were corrected by the MAJ.",
      }),
    );
    const reopened = submission.addressees.find((a) => a.bodyId === jrlos.id);
    expect(reopened?.status).toBe("returned");
    expect(reopened?.comments.general).toBe("The figures were corrected by the MAJ.");
    expect(submission.editable).toBe(true);
  });
});

describe("expected reports", () => {
  it("lists each running obligation × period with the day it was first submitted", async () => {
    const rows = await selectExpectedReports(handle.db, ["2025-Q4", "2026-Q1", "2026-Q2", "2026-03"], {
      districtIds: [musanzeId],
    });
    const key = (r: (typeof rows)[0]) =>
      `${r.organisationId === orgA ? "A" : "B"} ${r.bodyId === jadf.id ? "jadf" : "jrlos"} ${r.period}`;
    expect(rows.map(key).sort()).toEqual([
      "A jadf 2026-Q1",
      "A jadf 2026-Q2",
      "A jrlos 2026-Q1",
      "A jrlos 2026-Q2",
      "B jadf 2026-Q1",
      "B jadf 2026-Q2",
      "B jrlos 2026-Q1",
      "B jrlos 2026-Q2",
    ]);
    const today = todayInKigali();
    const a = rows.find((r) => r.organisationId === orgA && r.bodyId === jadf.id && r.period === "2026-Q1");
    expect(a?.firstSubmittedOn).toBe(today);
    const b = rows.find((r) => r.organisationId === orgB && r.bodyId === jadf.id && r.period === "2026-Q1");
    expect(b?.submissionId).toBeNull();
    expect(outcomeOf({ ...(b as NonNullable<typeof b>) }, "2026-05-01").state).toBe("missing");
  });
});

describe("ending obligations and deactivated bodies", () => {
  it("stops due reports after the end, and while the body is deactivated, and says so", async () => {
    const obligations = await read<Obligation[]>(
      coordinator.request(`/api/reporting-obligations?organisationId=${orgB}`),
    );
    const toJadf = obligations.find((o) => o.bodyId === jadf.id) as Obligation;
    const ended = await read<Obligation>(
      patch(
        musanzeOfficer,
        `/api/reporting-obligations/${toJadf.id}`,
        { endPeriod: "2026-Q2", endReason: "Left the district" },
        toJadf.version,
      ),
    );
    expect(ended.pausedBecause).toBe("ended");
    await expectProblem(
      await patch(
        musanzeOfficer,
        `/api/reporting-obligations/${toJadf.id}`,
        { endPeriod: "2025-Q4" },
        ended.version,
      ),
      422,
      { path: "endPeriod" },
    );
    // Q3: only the secretariat expects it now.
    const q3 = await read<Submission>(
      post(csoB, "/api/submissions", { organisationId: orgB, period: "2026-Q3" }),
      201,
    );
    expect(q3.addressees.map((a) => a.bodyName)).toEqual(["Musanze District JRLOS Secretariat"]);

    const body = await read<ReportingBody>(coordinator.request(`/api/reporting-bodies/${jrlos.id}`));
    await read<ReportingBody>(
      patch(musanzeOfficer, `/api/reporting-bodies/${jrlos.id}`, { active: false }, body.version),
    );
    const paused = await read<Obligation[]>(
      coordinator.request(`/api/reporting-obligations?bodyId=${jrlos.id}`),
    );
    expect(paused.every((o) => o.pausedBecause === "body_inactive")).toBe(true);
    await expectProblem(
      await post(csoB, "/api/submissions", { organisationId: orgB, period: "2026-Q4" }),
      422,
      {
        path: "period",
      },
    );

    // A draft never submitted can be deleted (If-Match); nothing else is.
    await expectProblem(await csoB.request(`/api/submissions/${q3.id}`, { method: "DELETE" }), 428);
    const del = await csoB.request(`/api/submissions/${q3.id}`, {
      method: "DELETE",
      headers: { "if-match": `"${q3.version}"` },
    });
    expect(del.status).toBe(204);
    await expectProblem(await csoB.request(`/api/submissions/${q3.id}`), 404);
  });

  it("pauses a deactivated organisation's obligations from the next period, says so, and resumes them", async () => {
    const today = todayInKigali();
    const now = periodOfDate("quarter", today);
    const periods = [now, nextPeriod(now)];
    const expectedOfA = async () =>
      (await selectExpectedReports(handle.db, periods, { organisationId: orgA })).map((r) => r.period);
    const before = await expectedOfA();
    expect(before).toContain(periods[1]);
    const org = await read<{ version: number }>(coordinator.request(`/api/organisations/${orgA}`));
    const off = await read<{ version: number; deactivatedOn: string }>(
      post(coordinator, `/api/organisations/${orgA}/deactivate`, {}, { "if-match": `"${org.version}"` }),
    );
    expect(off.deactivatedOn).toBe(today);
    const obligations = await read<Obligation[]>(
      coordinator.request(`/api/reporting-obligations?organisationId=${orgA}`),
    );
    // The JRLOS secretariat was deactivated above: its pause says so first.
    const running = obligations.filter((o) => o.endPeriod === null && o.bodyId !== jrlos.id);
    expect(running.length).toBeGreaterThan(0);
    for (const o of running)
      expect([o.pausedBecause, o.organisationDeactivatedOn]).toEqual(["organisation_deactivated", today]);
    // The quarter holding the day is still expected (history kept); the next one is not.
    const after = await expectedOfA();
    expect(after.filter((p) => p === periods[0])).toEqual(before.filter((p) => p === periods[0]));
    expect(after).not.toContain(periods[1]);
    const refused = await expectProblem(
      await post(csoA, "/api/submissions", { organisationId: orgA, period: periods[1] }),
      422,
      { path: "period" },
    );
    expect(JSON.stringify(refused)).toContain(`deactivated on ${today}`);
    // Nor is a deactivated organisation given a new obligation.
    const newObligation = await expectNothingWritten(handle.db, () =>
      post(coordinator, "/api/reporting-obligations", {
        organisationId: orgA,
        bodyId: jadf.id,
        periodType: "month",
        dueDays: 10,
        startPeriod: periodOfDate("month", today),
      }),
    );
    const problem = await expectProblem(newObligation, 422, { path: "organisationId" });
    expect(JSON.stringify(problem)).toContain(`deactivated on ${today}`);
    await read(
      post(coordinator, `/api/organisations/${orgA}/reactivate`, {}, { "if-match": `"${off.version}"` }),
    );
    expect((await expectedOfA()).sort()).toEqual([...before].sort());
    const resumed = await read<Obligation[]>(
      coordinator.request(`/api/reporting-obligations?organisationId=${orgA}`),
    );
    expect(resumed.filter((o) => o.bodyId !== jrlos.id).map((o) => o.pausedBecause)).toEqual(
      running.map(() => null),
    );
  });

  it("keeps the organisations reporting records point at", async () => {
    const org = await read<{ version: number }>(
      coordinator.request(`/api/organisations/${jadf.organisationId}`),
    );
    await expectNothingWritten(handle.db, async () => {
      const refused = await expectProblem(
        await coordinator.request(`/api/organisations/${jadf.organisationId}`, {
          method: "DELETE",
          headers: { "if-match": `"${org.version}"` },
        }),
        409,
      );
      expect(refused.detail).toMatch(/reporting/);
    });
  });
});
