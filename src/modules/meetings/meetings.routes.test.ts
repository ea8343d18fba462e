// District meetings over HTTP, on both databases: a Musanze district officer plans the JADF's Q1 meeting and gets
// an agenda built from a known set of records (a late report, a missing one, a hindrance, an expiring agreement,
// the facilities without legal aid), edits it, sets action items, and the Q2 meeting follows the open ones up;
// scope (404 outside), If-Match, refusals that name the field and change nothing, and the agenda as Word.
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { todayInKigali } from "../../shared/today";
import type { DistrictSummary } from "../coordination";
import { addDays, loadReportingBodies, type ReportingBody, type Submission } from "../reporting";
import type { ActionItem, Meeting, MeetingSummary } from "./meetings.schema";

let handle: DatabaseHandle;
let coordinator: TestClient;
let musanzeOfficer: TestClient;
let huyeOfficer: TestClient;
let csoA: TestClient;
let csoB: TestClient;
let csoC: TestClient;
let orgA: string;
let orgB: string;
let musanzeId: string;
let huyeId: string;
let sectorId: string;
let sectorName: string;
let q1: Meeting;
const EXPIRING_TITLE = "Legal aid in Musanze prisons, phase one";
const HINDRANCE = "Detainees held beyond the legal time before seeing a judge.";

const send = (client: TestClient, method: string, path: string, body?: unknown, version?: number) =>
  client.request(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headers: version === undefined ? {} : { "if-match": `"${version}"` },
  });
async function read<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await loadReportingBodies(handle.db);
  const server = createTestServer(handle);
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  const bodies = await read<ReportingBody[]>(coordinator.request("/api/reporting-bodies?kind=jadf"));
  const jadf = bodies.find((b) => b.districtName === "Musanze") as ReportingBody;
  musanzeId = jadf.districtId as string;
  huyeId = (bodies.find((b) => b.districtName === "Huye") as ReportingBody).districtId as string;
  const sectors = await read<{ items: { id: string; name: string }[] }>(
    coordinator.request(`/api/places?kind=sector&parentId=${musanzeId}&limit=1`),
  );
  ({ id: sectorId, name: sectorName } = sectors.items[0] as { id: string; name: string });
  orgA = (await createOrganisationFixture(handle, { name: "Legal Aid Musanze" })).id;
  orgB = (await createOrganisationFixture(handle, { name: "Haguruka Musanze" })).id;
  const orgC = (await createOrganisationFixture(handle, { name: "Unrelated Org" })).id;
  // An agreement in Musanze ending within 90 days of today.
  await createAgreementFixture(handle, {
    title: EXPIRING_TITLE,
    parties: [
      { organisationId: orgA, role: "signatory" },
      { organisationId: orgC, role: "signatory" },
    ],
    status: "active",
    themes: ["vocational_training"],
    areas: [{ placeId: musanzeId }],
    validFrom: "2025-01-01",
    validUntil: addDays(todayInKigali(), 30),
  });
  musanzeOfficer = (
    await server.signInAs([{ role: "district_officer", scopeType: "district", scopeId: musanzeId }])
  ).client;
  huyeOfficer = (
    await server.signInAs([{ role: "district_officer", scopeType: "district", scopeId: huyeId }])
  ).client;
  const editor = async (org: string) =>
    (await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: org }], [org]))
      .client;
  csoA = await editor(orgA);
  csoB = await editor(orgB);
  csoC = await editor(orgC);
  // A and B report quarterly to the JADF, due 15 days after the quarter (2026-04-15 for Q1).
  for (const organisationId of [orgA, orgB]) {
    await read(
      send(coordinator, "POST", "/api/reporting-obligations", {
        organisationId,
        bodyId: jadf.id,
        periodType: "quarter",
        dueDays: 15,
        startPeriod: "2026-Q1",
      }),
      201,
    );
  }
  // A submits its Q1 report today, long after the due day, with one hindrance; B never does.
  let submission = await read<Submission>(
    send(csoA, "POST", "/api/submissions", { organisationId: orgA, period: "2026-Q1" }),
    201,
  );
  submission = await read<Submission>(
    send(
      csoA,
      "PATCH",
      `/api/submissions/${submission.id}`,
      {
        content: {
          narrative: "Legal aid clinics.",
          activities: [{ placeId: sectorId, description: "Clinic", peopleReached: 40 }],
          hindrances: [{ kind: "hindrance_to_justice", placeId: sectorId, description: HINDRANCE }],
          challenges: "Transport.",
          plans: "More clinics.",
        },
      },
      submission.version,
    ),
  );
  await read(send(csoA, "POST", `/api/submissions/${submission.id}/submit`, {}, submission.version));
}, 120_000);
afterAll(async () => handle?.close());

describe("the agenda of a quarter's meeting", () => {
  it("is generated from the late and missing reports, hindrances, expiring agreements and gaps", async () => {
    q1 = await read<Meeting>(
      send(musanzeOfficer, "POST", "/api/meetings", {
        districtId: musanzeId,
        bodyKind: "jadf",
        quarter: "2026-Q1",
      }),
      201,
    );
    expect(q1).toMatchObject({
      districtName: "Musanze",
      bodyName: "JADF Musanze",
      status: "planned",
      canEdit: true,
    });
    const reports = q1.agenda.filter((i) => i.section === "late_reports").map((i) => i.source);
    const overdue = Math.round((Date.parse(todayInKigali()) - Date.parse("2026-04-15")) / 86_400_000);
    expect(reports).toEqual([
      {
        kind: "report",
        state: "missing",
        organisationId: orgB,
        organisationName: "Haguruka Musanze",
        bodyName: "JADF Musanze",
        period: "2026-Q1",
        dueDate: "2026-04-15",
        daysLate: overdue,
      },
      expect.objectContaining({ state: "late", organisationName: "Legal Aid Musanze", daysLate: overdue }),
    ]);
    expect(q1.agenda.filter((i) => i.section === "hindrances").map((i) => i.source)).toEqual([
      {
        kind: "hindrance",
        hindranceKind: "hindrance_to_justice",
        placeName: sectorName,
        period: "2026-Q1",
        description: HINDRANCE,
      },
    ]);
    // Never a name: the hindrance item carries kind, place, period and description only.
    expect(JSON.stringify(q1.agenda.find((i) => i.section === "hindrances"))).not.toContain("Legal Aid");
    expect(
      q1.agenda
        .filter((i) => i.section === "expiring_agreements")
        .map((i) => i.source?.kind === "agreement" && i.source.title),
    ).toEqual([EXPIRING_TITLE]);
    const summary = await read<DistrictSummary>(
      musanzeOfficer.request(`/api/coordination/districts/${q1.districtCode}`),
    );
    const withoutLegalAid = summary.facilities
      .filter((f) => f.isOpen && !f.themes.some((t) => t.theme === "legal_aid"))
      .map((f) => f.place.name)
      .sort();
    expect(withoutLegalAid.length).toBeGreaterThan(0);
    expect(
      q1.agenda
        .filter((i) => i.section === "gaps")
        .map((i) => (i.source?.kind === "gap" ? i.source.placeName : ""))
        .sort(),
    ).toEqual(withoutLegalAid);
    expect(q1.agenda.some((i) => i.section === "follow_up")).toBe(false);
    // The JRLOS committee's meeting has no reports due to it, but sees the district's hindrance.
    const jrlos = await read<Meeting>(
      send(musanzeOfficer, "POST", "/api/meetings", {
        districtId: musanzeId,
        bodyKind: "jrlos_secretariat",
        quarter: "2026-Q1",
      }),
      201,
    );
    expect(jrlos.agenda.some((i) => i.section === "late_reports")).toBe(false);
    expect(jrlos.agenda.filter((i) => i.section === "hindrances")).toHaveLength(1);
  });

  it("is edited: reordered, reworded, an item removed, one added", async () => {
    const [first, second, third, ...rest] = q1.agenda;
    if (!first || !second || !third) throw new Error("agenda too short");
    const edited = await read<Meeting>(
      send(
        musanzeOfficer,
        "PATCH",
        `/api/meetings/${q1.id}`,
        {
          agenda: [
            { id: second.id, section: second.section },
            {
              id: first.id,
              section: first.section,
              text: "Haguruka Musanze: Q1 report still missing — call them",
            },
            ...rest.map((i) => ({ id: i.id, section: i.section })),
            { section: "other", text: "Date of the next meeting" },
          ],
        },
        q1.version,
      ),
    );
    expect(edited.version).toBe(q1.version + 1);
    expect(edited.agenda.map((i) => i.id).slice(0, 2)).toEqual([second.id, first.id]);
    expect(edited.agenda[1]).toMatchObject({ text: "Haguruka Musanze: Q1 report still missing — call them" });
    expect(edited.agenda[1]?.source).toEqual(first.source);
    expect(edited.agenda.map((i) => i.id)).not.toContain(third.id);
    expect(edited.agenda.at(-1)).toMatchObject({
      section: "other",
      source: null,
      text: "Date of the next meeting",
    });
    expect(edited.agenda).toHaveLength(q1.agenda.length);
    q1 = edited;
  });

  it("refuses bad input with the field path, stale or missing versions, changing nothing", async () => {
    const url = `/api/meetings/${q1.id}`;
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await send(musanzeOfficer, "PATCH", url, { minutes: "x" }), 428);
      await expectProblem(await send(musanzeOfficer, "PATCH", url, { minutes: "x" }, q1.version + 1), 412);
      await expectProblem(await send(musanzeOfficer, "DELETE", url, undefined, q1.version + 1), 412);
      await expectProblem(
        await send(
          musanzeOfficer,
          "PATCH",
          url,
          { agenda: [{ id: crypto.randomUUID(), section: "other" }] },
          q1.version,
        ),
        422,
        { path: "agenda.0.id" },
      );
      await expectProblem(
        await send(musanzeOfficer, "PATCH", url, { agenda: [{ section: "other" }] }, q1.version),
        422,
        { path: "agenda.0.text" },
      );
      await expectProblem(
        await send(
          musanzeOfficer,
          "PATCH",
          url,
          { agenda: [{ section: "lunch", text: "Lunch" }] },
          q1.version,
        ),
        422,
        { path: "agenda.0.section" },
      );
      await expectProblem(await send(musanzeOfficer, "PATCH", url, { status: "held" }, q1.version), 422, {
        path: "status",
      });
      await expectProblem(
        await send(musanzeOfficer, "PATCH", url, { meetingDate: "2026-02-30" }, q1.version),
        422,
        { path: "meetingDate" },
      );
      await expectProblem(
        await send(musanzeOfficer, "POST", "/api/meetings", {
          districtId: musanzeId,
          bodyKind: "jadf",
          quarter: "2026-Q5",
        }),
        422,
        { path: "quarter" },
      );
      await expectProblem(
        await send(musanzeOfficer, "POST", "/api/meetings", {
          districtId: sectorId,
          bodyKind: "jadf",
          quarter: "2026-Q2",
        }),
        422,
        { path: "districtId" },
      );
      await expectProblem(
        await send(musanzeOfficer, "POST", "/api/meetings", {
          districtId: musanzeId,
          bodyKind: "jadf",
          quarter: "2026-Q1",
        }),
        409,
        { path: "quarter" },
      );
      await expectProblem(
        await send(musanzeOfficer, "POST", `${url}/action-items`, {
          ownerOrganisationId: crypto.randomUUID(),
          text: "Visit",
        }),
        422,
        { path: "ownerOrganisationId" },
      );
      await expectProblem(
        await send(musanzeOfficer, "POST", `${url}/action-items`, {
          ownerOrganisationId: orgB,
          text: " ",
          dueDate: "2026-13-01",
        }),
        422,
        { path: ["text", "dueDate"] },
      );
    });
  });
});

describe("minutes, decisions and action items", () => {
  let items: ActionItem[] = [];

  it("records the meeting as held, with minutes, decisions and action items", async () => {
    q1 = await read<Meeting>(
      send(
        musanzeOfficer,
        "PATCH",
        `/api/meetings/${q1.id}`,
        {
          status: "held",
          meetingDate: "2026-05-05",
          minutes: "Twelve members present.",
          decisions: ["Haguruka submits its Q1 report by the end of May."],
        },
        q1.version,
      ),
    );
    expect(q1).toMatchObject({ status: "held", meetingDate: "2026-05-05", decisions: [expect.any(String)] });
    const url = `/api/meetings/${q1.id}/action-items`;
    items = [
      await read<ActionItem>(
        send(musanzeOfficer, "POST", url, {
          ownerOrganisationId: orgB,
          text: "Submit the Q1 report",
          dueDate: "2026-05-31",
        }),
        201,
      ),
      await read<ActionItem>(
        send(musanzeOfficer, "POST", url, { ownerOrganisationId: orgA, text: "Share the clinic calendar" }),
        201,
      ),
      await read<ActionItem>(
        send(musanzeOfficer, "POST", url, { ownerOrganisationId: orgA, text: "A mistaken item" }),
        201,
      ),
    ];
    const done = items[1] as ActionItem;
    const changed = await read<ActionItem>(
      send(musanzeOfficer, "PATCH", `${url}/${done.id}`, { status: "done" }, done.version),
    );
    expect(changed).toMatchObject({
      status: "done",
      version: done.version + 1,
      ownerName: "Legal Aid Musanze",
    });
    const mistaken = items[2] as ActionItem;
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await send(musanzeOfficer, "DELETE", `${url}/${mistaken.id}`), 428);
      await expectProblem(await send(musanzeOfficer, "DELETE", `${url}/${mistaken.id}`, undefined, 9), 412);
      await expectProblem(
        await send(musanzeOfficer, "PATCH", `${url}/${done.id}`, { status: "finished" }, changed.version),
        422,
        { path: "status" },
      );
      await expectProblem(
        await send(huyeOfficer, "PATCH", `${url}/${done.id}`, { status: "open" }, changed.version),
        404,
      );
    });
    const removed = await musanzeOfficer.request(`${url}/${mistaken.id}`, {
      method: "DELETE",
      headers: { "if-match": `"${mistaken.version}"` },
    });
    expect(removed.status).toBe(204);
    // An organisation that owns an action item is kept: 409, nothing removed.
    const owner = await createOrganisationFixture(handle, { name: "Owner Of An Item" });
    const kept = await read<ActionItem>(
      send(musanzeOfficer, "POST", url, { ownerOrganisationId: owner.id, text: "Keep me" }),
      201,
    );
    await expectNothingWritten(handle.db, async () => {
      const refused = await expectProblem(
        await send(coordinator, "DELETE", `/api/organisations/${owner.id}`, undefined, owner.version),
        409,
      );
      expect(refused.detail).toContain("action items of district meetings");
    });
    expect((await send(musanzeOfficer, "DELETE", `${url}/${kept.id}`, undefined, kept.version)).status).toBe(
      204,
    );
    const meeting = await read<Meeting>(musanzeOfficer.request(`/api/meetings/${q1.id}`));
    expect(meeting.actionItems.map((a) => [a.text, a.status])).toEqual([
      ["Submit the Q1 report", "open"],
      ["Share the clinic calendar", "done"],
    ]);
    expect(meeting.openActionItems).toBe(1);
  });

  it("puts the last meeting's open action items on the next meeting's agenda", async () => {
    const q2 = await read<Meeting>(
      send(musanzeOfficer, "POST", "/api/meetings", {
        districtId: musanzeId,
        bodyKind: "jadf",
        quarter: "2026-Q2",
      }),
      201,
    );
    expect(q2.previousMeetingId).toBe(q1.id);
    expect(q2.agenda.filter((i) => i.section === "follow_up").map((i) => i.source)).toEqual([
      {
        kind: "action_item",
        actionItemId: items[0]?.id,
        meetingId: q1.id,
        ownerOrganisationId: orgB,
        ownerName: "Haguruka Musanze",
        text: "Submit the Q1 report",
        dueDate: "2026-05-31",
      },
    ]);
    // Both organisations' Q2 reports are missing by now.
    expect(q2.agenda.filter((i) => i.section === "late_reports")).toHaveLength(2);
    // Emptied, one item added by hand, then generated again: the generated items are back, the added one stays last.
    const emptied = await read<Meeting>(
      send(
        musanzeOfficer,
        "PATCH",
        `/api/meetings/${q2.id}`,
        { agenda: [{ section: "other", text: "AOB" }] },
        q2.version,
      ),
    );
    const url = `/api/meetings/${q2.id}/agenda/generate`;
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await send(musanzeOfficer, "POST", url, {}), 428);
      await expectProblem(await send(musanzeOfficer, "POST", url, {}, q2.version), 412);
      // The emptied agenda no longer names B (nor does any action item): its staff no longer see the meeting.
      await expectProblem(await send(csoB, "POST", url, {}, emptied.version), 404);
      await expectProblem(await csoB.request(`/api/meetings/${q2.id}`), 404);
    });
    const again = await read<Meeting>(send(musanzeOfficer, "POST", url, {}, emptied.version));
    expect(again.agenda.map((i) => i.section)).toEqual([...q2.agenda.map((i) => i.section), "other"]);
    expect(again.agenda.at(-1)).toMatchObject({ source: null, text: "AOB" });
  });
});

describe("who sees a meeting", () => {
  it("district officers their district's, partner staff those naming their organisation, no one else (404)", async () => {
    const url = `/api/meetings/${q1.id}`;
    const asB = await read<Meeting>(csoB.request(url));
    expect(asB.canEdit).toBe(false);
    await read<Meeting>(csoA.request(url));
    await expectProblem(await csoC.request(url), 404);
    await expectProblem(await huyeOfficer.request(url), 404);
    await expectProblem(await huyeOfficer.request(`${url}/agenda.docx`), 404);
    const listed = async (c: TestClient) =>
      (await read<MeetingSummary[]>(c.request(`/api/meetings?districtId=${musanzeId}`))).map((m) => m.id);
    expect(await listed(musanzeOfficer)).toContain(q1.id);
    expect(await listed(csoB)).toContain(q1.id);
    expect(await listed(csoC)).toEqual([]);
    expect(await listed(huyeOfficer)).toEqual([]);
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await send(csoB, "PATCH", url, { minutes: "Ours now" }, q1.version), 403);
      await expectProblem(await send(csoC, "PATCH", url, { minutes: "Ours now" }, q1.version), 404);
      await expectProblem(await send(huyeOfficer, "DELETE", url, undefined, q1.version), 404);
      await expectProblem(
        await send(csoB, "POST", `${url}/action-items`, {
          ownerOrganisationId: orgB,
          text: "Mark ourselves done",
        }),
        403,
      );
      await expectProblem(
        await send(musanzeOfficer, "POST", "/api/meetings", {
          districtId: huyeId,
          bodyKind: "jadf",
          quarter: "2026-Q1",
        }),
        403,
      );
    });
  });

  it("lets an action item's owner mark it done, and nothing else of the meeting", async () => {
    const url = `/api/meetings/${q1.id}/action-items`;
    const theirs = (await read<Meeting>(csoB.request(`/api/meetings/${q1.id}`))).actionItems.find(
      (a) => a.ownerOrganisationId === orgB,
    ) as ActionItem;
    expect(
      (await read<Meeting>(csoB.request(`/api/meetings/${q1.id}`))).statusChangeableActionItemIds,
    ).toEqual([theirs.id]);
    await expectNothingWritten(handle.db, async () => {
      // Rewording it, or its status together with anything else, takes the meeting's rights.
      await expectProblem(
        await send(csoB, "PATCH", `${url}/${theirs.id}`, { text: "Nothing to do" }, theirs.version),
        403,
      );
      await expectProblem(
        await send(csoB, "PATCH", `${url}/${theirs.id}`, { status: "done", dueDate: null }, theirs.version),
        403,
      );
      // Legal Aid reads the meeting (it names it) but does not own this item.
      await expectProblem(
        await send(csoA, "PATCH", `${url}/${theirs.id}`, { status: "done" }, theirs.version),
        403,
      );
      await expectProblem(await send(csoB, "PATCH", `${url}/${theirs.id}`, { status: "done" }), 428);
    });
    const done = await read<ActionItem>(
      send(csoB, "PATCH", `${url}/${theirs.id}`, { status: "done" }, theirs.version),
    );
    expect(done).toMatchObject({ status: "done", text: theirs.text, version: theirs.version + 1 });
    const asOfficer = await read<Meeting>(musanzeOfficer.request(`/api/meetings/${q1.id}`));
    expect(asOfficer.statusChangeableActionItemIds).toHaveLength(asOfficer.actionItems.length);
    expect(asOfficer.openActionItems).toBe(0);
  });
});

describe("the agenda as a Word file", () => {
  it("has its headings in the reader's language and names the late organisation", async () => {
    const wordOf = async (lang: string) => {
      const res = await musanzeOfficer.request(`/api/meetings/${q1.id}/agenda.docx?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("wordprocessingml");
      expect(res.headers.get("content-disposition")).toContain(".docx");
      return (await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) })).value;
    };
    const rw = await wordOf("rw");
    expect(rw).toContain("Raporo zatinze n'izitaratanzwe");
    expect(rw).toContain("Ingingo z'ibyigwa mu nama ya JADF, Akarere ka Musanze, 2026-Q1");
    expect(rw).toContain("Legal Aid Musanze: raporo y'igihe 2026-Q1 yohererejwe JADF Musanze yatinze iminsi");
    // The reworded item reads as written, in every language.
    expect(rw).toContain("Haguruka Musanze: Q1 report still missing — call them");
    // The hindrance was removed from the agenda while editing it.
    expect(rw).not.toContain(HINDRANCE);
    const fr = await wordOf("fr");
    expect(fr).toContain("Rapports en retard et manquants");
    expect(fr).toContain("Lieux de détention sans partenaire d'aide juridique");
    expect(fr).toContain("Legal Aid Musanze : rapport de 2026-Q1 à JADF Musanze remis avec");
    const en = await wordOf("en");
    expect(en).toContain("Late and missing reports");
    expect(en).toContain(EXPIRING_TITLE);
    await expectProblem(await musanzeOfficer.request(`/api/meetings/${q1.id}/agenda.docx?lang=de`), 422, {
      path: "lang",
    });
  });

  it("is deleted with its action items, at the version read", async () => {
    const meeting = await read<Meeting>(musanzeOfficer.request(`/api/meetings/${q1.id}`));
    const res = await send(coordinator, "DELETE", `/api/meetings/${q1.id}`, undefined, meeting.version);
    expect(res.status).toBe(204);
    await expectProblem(await musanzeOfficer.request(`/api/meetings/${q1.id}`), 404);
  });
});
