// Editing a programme after it is registered (issue 6), over HTTP: the programme (If-Match), indicators, events,
// and removing logframe items, indicators, results and events; totals follow, bad input saves nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, rowsIn } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildOrganisationInput,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { AuditEntry } from "../audit";
import type { Organisation, OrganisationKind } from "../organisations/organisations.schema";
import type {
  Indicator,
  LogframeItem,
  ProgrammeDashboard,
  ProgrammeDetail,
  ProgrammeEvent,
  Result,
} from "./programmes.schema";

type Problem = {
  status: number;
  detail?: string;
  errors?: { path: string; message: string; code?: string }[];
};

let handle: DatabaseHandle;
let admin: TestClient;
let viewer: TestClient;
let iom: Organisation;
let cso: Organisation;
let donor: Organisation;
let programme: ProgrammeDetail;
let objective: string;
let kirehe: string;
let ngoma: string;

const send = (method: string, body?: unknown, version?: number): RequestInit => ({
  method,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  ...(version === undefined ? {} : { headers: { "if-match": `"${version}"` } }),
});
const url = (rest = "") => `/api/programmes/${programme.id}${rest}`;

/** Every table of the database: equal before and after a refused request, so nothing was written. */
const footprint = () => databaseFootprint(handle.db);

async function current(): Promise<ProgrammeDetail> {
  const res = await admin.json<ProgrammeDetail>(url());
  expect(res.status).toBe(200);
  return res.body;
}

async function addItem(parentId: string, level: string, text: string): Promise<LogframeItem> {
  const res = await admin.json<LogframeItem>(url("/logframe"), send("POST", { parentId, level, text }));
  expect(res.status).toBe(201);
  return res.body;
}

async function addIndicator(body: Record<string, unknown>): Promise<Indicator> {
  const res = await admin.json<Indicator>(url("/indicators"), send("POST", body));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function peopleReached(): Promise<number> {
  const res = await viewer.json<ProgrammeDashboard>(url("/dashboard"));
  expect(res.status).toBe(200);
  return res.body.peopleReached;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  const org = async (name: string, kind: OrganisationKind = "local_cso") =>
    (
      await admin.json<Organisation>(
        "/api/organisations",
        send("POST", buildOrganisationInput({ name, kind })),
      )
    ).body;
  iom = await org("IOM Rwanda", "un_agency");
  cso = await org("Never Again Rwanda");
  donor = await org("UN.GIFT", "un_agency");
  const [k, n] = await queryRows<{ id: string }>(
    handle.db,
    sql`select id from place where code in ('RW-D55', 'RW-D56') order by code`,
  );
  kirehe = k?.id ?? "";
  ngoma = n?.id ?? "";
  const created = await admin.json<ProgrammeDetail>(
    "/api/programmes",
    send("POST", {
      title: "Counter trafficking",
      leadOrganisationId: iom.id,
      startDate: "2011-11-01",
      endDate: "2012-10-31",
      objective: "Enhance national capacity",
    }),
  );
  expect(created.status).toBe(201);
  programme = created.body;
  objective = programme.logframe[0]?.id ?? "";
});
afterAll(async () => {
  await handle?.close();
});

describe("editing a programme", () => {
  it("changes every field with If-Match, writes before and after to the history, and refuses a stale version", async () => {
    const themes = await admin.json<{ items: { code: string }[] }>("/api/themes");
    const agreement = await admin.json<{ id: string; title: string }>(
      "/api/agreements",
      send("POST", {
        title: "MoU IOM – NAR",
        kind: "mou",
        parties: [
          { organisationId: iom.id, role: "signatory" },
          { organisationId: cso.id, role: "signatory" },
        ],
      }),
    );
    expect(agreement.status).toBe(201);
    const theme = themes.body.items.find((t) => t.code === "legal_aid")?.code ?? "";
    const res = await admin.json<ProgrammeDetail>(
      url(),
      send(
        "PATCH",
        {
          title: "Counter human trafficking",
          leadOrganisationId: cso.id,
          partnerIds: [iom.id],
          donors: [{ organisationId: donor.id, amount: 250000, currency: "USD" }],
          startDate: "2011-10-01",
          endDate: "2012-12-31",
          status: "ongoing",
          placeIds: [kirehe, ngoma],
          themes: [theme],
          agreementIds: [agreement.body.id],
          description: "Prevention, protection, prosecution.",
        },
        programme.version,
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${programme.version + 1}"`);
    expect(res.body).toMatchObject({
      title: "Counter human trafficking",
      lead: { name: "Never Again Rwanda" },
      partners: [{ name: "IOM Rwanda" }],
      donors: [{ name: "UN.GIFT", amount: 250000, currency: "USD" }],
      startDate: "2011-10-01",
      endDate: "2012-12-31",
      status: "ongoing",
      themes: ["legal_aid"],
      agreements: [{ title: "MoU IOM – NAR" }],
      description: "Prevention, protection, prosecution.",
    });
    expect(res.body.places.map((p) => p.name).sort()).toEqual(["Kirehe", "Ngoma"]);
    const history = await admin.json<{ items: AuditEntry[] }>(url("/history"));
    expect(history.body.items[0]?.changes).toMatchObject({
      title: { before: "Counter trafficking", after: "Counter human trafficking" },
      lead: { before: "IOM Rwanda", after: "Never Again Rwanda" },
      donors: { before: null, after: ["UN.GIFT: 250000 USD"] },
    });

    const before = await footprint();
    const stale = await admin.json<Problem>(
      url(),
      send("PATCH", { title: "Stale title" }, programme.version),
    );
    expect(stale.status).toBe(412);
    expect((await current()).title).toBe("Counter human trafficking");
    expect(await footprint()).toEqual(before);
    programme = await current();
  });
});

describe("editing an indicator", () => {
  let people: Indicator;
  let text: Indicator;

  beforeAll(async () => {
    people = await addIndicator({
      logframeItemId: objective,
      libraryCode: "people_trained",
      title: "People trained",
      unit: "people",
      disaggregations: ["sex"],
      targets: [{ periodStart: "2011-10-01", periodEnd: "2012-12-31", value: 500 }],
    });
    text = await addIndicator({ logframeItemId: objective, title: "Referral mechanism", unit: "text" });
  });

  it("changes name, baseline, targets per period, dimensions and calculation; the target follows", async () => {
    const res = await admin.json<Indicator>(
      url(`/indicators/${people.id}`),
      send(
        "PATCH",
        {
          title: "People trained on trafficking",
          baselineValue: 20,
          baselineDate: "2011-10-01",
          calculation: "max",
          disaggregations: ["sex", "category"],
          targets: [
            { periodStart: "2011-10-01", periodEnd: "2012-03-31", value: 200 },
            { periodStart: "2012-04-01", periodEnd: "2012-12-31", value: 400 },
          ],
        },
        people.version,
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      title: "People trained on trafficking",
      libraryCode: "people_trained",
      baselineValue: 20,
      calculation: "max",
      disaggregations: ["sex", "category"],
      // "max" compares with the last period's target, not the sum.
      target: 400,
    });
    expect(res.body.targets.map((t) => t.value)).toEqual([200, 400]);
    const back = await admin.json<Indicator>(
      url(`/indicators/${people.id}`),
      send("PATCH", { calculation: "sum" }, res.body.version),
    );
    expect(back.body.target).toBe(600);
    expect(back.body.targets).toHaveLength(2);
    const history = await admin.json<{ items: AuditEntry[] }>(url("/history"));
    expect(history.body.items[1]?.changes).toMatchObject({
      indicator: { before: "People trained", after: "People trained on trafficking" },
      calculation: { before: "sum", after: "max" },
      targets: {
        before: ["2011-10-01–2012-12-31: 500"],
        after: ["2011-10-01–2012-03-31: 200", "2012-04-01–2012-12-31: 400"],
      },
    });
    people = back.body;
  });

  it.each([
    [
      "a target on a text indicator",
      "text",
      { targets: [{ periodStart: "2012-01-01", periodEnd: "2012-06-30", value: 1 }] },
      "targets",
    ],
    [
      "a period outside the programme",
      "people",
      { targets: [{ periodStart: "2013-01-01", periodEnd: "2013-06-30", value: 5 }] },
      "targets.0.periodStart",
    ],
    [
      "a period that ends before it starts",
      "people",
      { targets: [{ periodStart: "2012-06-01", periodEnd: "2012-01-01", value: 5 }] },
      "targets.0.periodEnd",
    ],
    [
      "the same period twice",
      "people",
      {
        targets: [
          { periodStart: "2012-01-01", periodEnd: "2012-06-30", value: 5 },
          { periodStart: "2012-01-01", periodEnd: "2012-06-30", value: 6 },
        ],
      },
      "targets.1.periodStart",
    ],
    [
      "a negative target",
      "people",
      { targets: [{ periodStart: "2012-01-01", periodEnd: "2012-06-30", value: -5 }] },
      "targets.0.value",
    ],
    ["a numeric baseline on a text indicator", "text", { baselineValue: 3 }, "baselineValue"],
    ["percentages added up", "people", { unit: "percent", calculation: "sum", targets: [] }, "calculation"],
    ["an unknown field", "people", { programmeId: "x" }, ""],
  ])("answers 422 for %s, naming the field, and saves nothing", async (_label, which, body, path) => {
    const before = await footprint();
    const id = which === "text" ? text.id : people.id;
    const version = which === "text" ? text.version : people.version;
    const res = await admin.json<Problem>(url(`/indicators/${id}`), send("PATCH", body, version));
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.path)).toContain(path);
    expect(await footprint()).toEqual(before);
  });

  it("keeps the unit and the dimensions that reported results use", async () => {
    const result = await admin.json<Result>(
      url("/results"),
      send("POST", {
        indicatorId: people.id,
        periodStart: "2012-01-01",
        periodEnd: "2012-03-31",
        valueKind: "exact",
        value: 30,
        breakdown: [
          { sex: "female", value: 18 },
          { sex: "male", value: 12 },
        ],
      }),
    );
    expect(result.status).toBe(201);
    const before = await footprint();
    const unit = await admin.json<Problem>(
      url(`/indicators/${people.id}`),
      send("PATCH", { unit: "events" }, people.version),
    );
    expect(unit.status).toBe(422);
    expect(unit.body.errors?.map((e) => [e.path, e.code])).toEqual([["unit", "has_results"]]);
    const dims = await admin.json<Problem>(
      url(`/indicators/${people.id}`),
      send("PATCH", { disaggregations: ["category"] }, people.version),
    );
    expect(dims.status).toBe(422);
    expect(dims.body.errors?.map((e) => [e.path, e.code])).toEqual([["disaggregations", "in_use"]]);
    expect(await footprint()).toEqual(before);
    // Dropping a dimension no result uses is allowed.
    const ok = await admin.json<Indicator>(
      url(`/indicators/${people.id}`),
      send("PATCH", { disaggregations: ["sex"] }, people.version),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.actual).toMatchObject({ kind: "exact", value: 30 });
  });

  it("forbids a viewer", async () => {
    const res = await viewer.json<Problem>(
      url(`/indicators/${people.id}`),
      send("PATCH", { title: "Mine" }, people.version),
    );
    expect(res.status).toBe(403);
  });
});

describe("editing and removing events", () => {
  let activity: LogframeItem;
  let indicator: Indicator;
  let eventsIndicator: Indicator;
  let event: ProgrammeEvent;

  beforeAll(async () => {
    const outcome = await addItem(objective, "outcome", "Communities know the risks");
    const output = await addItem(outcome.id, "output", "Awareness sessions held");
    activity = await addItem(output.id, "activity", "School presentations");
    indicator = await addIndicator({
      logframeItemId: output.id,
      title: "People sensitised",
      unit: "people",
      disaggregations: ["sex", "category"],
    });
    eventsIndicator = await addIndicator({
      logframeItemId: output.id,
      title: "Sessions held",
      unit: "events",
    });
    const res = await admin.json<ProgrammeEvent>(
      url("/events"),
      send("POST", {
        kind: "school_talk",
        title: "School talk in Nyarubuye",
        startDate: "2012-09-12",
        placeIds: [kirehe],
        activityId: activity.id,
        indicatorIds: [indicator.id, eventsIndicator.id],
        participants: [{ category: "students", count: 903 }],
      }),
    );
    expect(res.status).toBe(201);
    event = res.body;
  });

  it("changes dates, places, organisers and participants; people reached and the indicators follow", async () => {
    const reachedBefore = await peopleReached();
    const res = await admin.json<ProgrammeEvent>(
      url(`/events/${event.id}`),
      send(
        "PATCH",
        {
          startDate: "2012-09-12",
          endDate: "2012-09-13",
          placeIds: [ngoma],
          organiserIds: [cso.id],
          participants: [
            { category: "students", sex: "female", count: 500 },
            { category: "students", sex: "male", count: 450 },
            { category: "teachers", sex: "female", count: 10 },
          ],
        },
        event.version,
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      endDate: "2012-09-13",
      places: [{ name: "Ngoma" }],
      organisers: [{ name: "Never Again Rwanda" }],
      participantTotal: 960,
    });
    expect(await peopleReached()).toBe(reachedBefore - 903 + 960);
    const dash = await viewer.json<ProgrammeDashboard>(url("/dashboard"));
    expect(dash.body.reach.filter((r) => r.districtName === "Ngoma").reduce((s, r) => s + r.people, 0)).toBe(
      960,
    );
    expect(dash.body.reach.some((r) => r.districtName === "Kirehe")).toBe(false);
    const ind = (await current()).indicators.find((i) => i.id === indicator.id);
    expect(ind?.actual).toMatchObject({ kind: "exact", value: 960 });
    const results = await admin.json<{ items: Result[] }>(url(`/indicators/${indicator.id}/results`));
    expect(results.body.items).toHaveLength(1);
    expect(results.body.items[0]).toMatchObject({
      periodEnd: "2012-09-13",
      place: { name: "Ngoma" },
      value: 960,
    });
    expect(results.body.items[0]?.breakdown).toHaveLength(3);
    event = res.body;
    const history = await admin.json<{ items: AuditEntry[] }>(url("/history"));
    expect(history.body.items[0]?.changes.participants).toEqual({
      before: ["students unknown: 903"],
      after: ["students female: 500", "students male: 450", "teachers female: 10"],
    });
  });

  it("unlinking an indicator takes the event's result off it", async () => {
    const res = await admin.json<ProgrammeEvent>(
      url(`/events/${event.id}`),
      send("PATCH", { indicatorIds: [eventsIndicator.id] }, event.version),
    );
    expect(res.status).toBe(200);
    event = res.body;
    const detail = await current();
    expect(detail.indicators.find((i) => i.id === indicator.id)?.actual.kind).toBe("none");
    expect(detail.indicators.find((i) => i.id === eventsIndicator.id)?.actual.value).toBe(1);
  });

  it.each([
    ["a date outside the programme", { startDate: "2013-02-01" }, "startDate"],
    ["an end before the start", { endDate: "2012-09-01" }, "endDate"],
    ["a negative count", { participants: [{ category: "students", count: -3 }] }, "participants.0.count"],
    [
      "the same category and sex twice",
      {
        participants: [
          { category: "students", count: 3 },
          { category: "students", count: 4 },
        ],
      },
      "participants.1",
    ],
    ["an unknown place", { placeIds: ["00000000-0000-4000-8000-000000000000"] }, "placeIds.0"],
  ])("answers 422 for %s, naming the field, and saves nothing", async (_label, body, path) => {
    const before = await footprint();
    const res = await admin.json<Problem>(url(`/events/${event.id}`), send("PATCH", body, event.version));
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.path)).toContain(path);
    expect(await footprint()).toEqual(before);
  });

  it("refuses to shrink the programme's period past its results, targets and events", async () => {
    const before = await footprint();
    const { version } = await current();
    const res = await admin.json<Problem>(
      url(),
      send("PATCH", { startDate: "2012-01-01", endDate: "2012-06-30" }, version),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ["startDate", "data_outside"],
      ["endDate", "data_outside"],
    ]);
    // The earliest target starts on 2011-10-01, the last one ends on 2012-12-31.
    expect(res.body.errors?.[0]?.message).toContain("2011-10-01");
    expect(res.body.errors?.[1]?.message).toContain("2012-12-31");
    expect(await footprint()).toEqual(before);
    expect((await current()).endDate).toBe("2012-12-31");
  });

  it("refuses to remove an activity events were recorded for, or an outcome with items under it", async () => {
    const before = await footprint();
    const res = await admin.json<Problem>(
      url(`/logframe/${activity.id}`),
      send("DELETE", undefined, activity.version),
    );
    expect(res.status).toBe(409);
    expect(res.body.errors?.map((e) => e.code)).toEqual(["has_events"]);
    const parent = (await current()).logframe.find((i) => i.text === "Communities know the risks");
    const outcome = await admin.json<Problem>(
      url(`/logframe/${parent?.id}`),
      send("DELETE", undefined, parent?.version),
    );
    expect(outcome.status).toBe(409);
    expect(outcome.body.errors?.map((e) => e.code)).toEqual(["has_children"]);
    expect(outcome.body.errors?.[0]?.message).toContain("1 item(s) sit under this outcome");
    expect(await footprint()).toEqual(before);
  });

  it("removes an event: its results go and people reached goes down", async () => {
    const reachedBefore = await peopleReached();
    const res = await admin.request(url(`/events/${event.id}`), send("DELETE", undefined, event.version));
    expect(res.status).toBe(204);
    expect(await peopleReached()).toBe(reachedBefore - 960);
    const detail = await current();
    expect(detail.events.find((e) => e.id === event.id)).toBeUndefined();
    expect(detail.indicators.find((i) => i.id === eventsIndicator.id)?.actual.kind).toBe("none");
  });
});

describe("removing logframe items, indicators and results", () => {
  it("refuses an item whose indicator has results; once the results are gone, the item goes with its indicator", async () => {
    const outcome = await addItem(objective, "outcome", "Victims are protected");
    const ind = await addIndicator({ logframeItemId: outcome.id, title: "Victims assisted", unit: "people" });
    const reported = await admin.json<Result>(
      url("/results"),
      send("POST", {
        indicatorId: ind.id,
        periodStart: "2012-01-01",
        periodEnd: "2012-06-30",
        valueKind: "lower_bound",
        value: 50,
      }),
    );
    expect(reported.status).toBe(201);
    const before = await footprint();
    const refused = await admin.json<Problem>(
      url(`/logframe/${outcome.id}`),
      send("DELETE", undefined, outcome.version),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.map((e) => e.code)).toEqual(["has_results"]);
    expect(refused.body.errors?.[0]?.message).toContain("“Victims assisted”");
    expect(await footprint()).toEqual(before);

    const removedResult = await admin.request(
      url(`/results/${reported.body.id}`),
      send("DELETE", undefined, reported.body.version),
    );
    expect(removedResult.status).toBe(204);
    expect((await current()).indicators.find((i) => i.id === ind.id)?.actual.kind).toBe("none");

    const removed = await admin.request(
      url(`/logframe/${outcome.id}`),
      send("DELETE", undefined, outcome.version),
    );
    expect(removed.status).toBe(204);
    const detail = await current();
    expect(detail.logframe.some((i) => i.id === outcome.id)).toBe(false);
    expect(detail.indicators.some((i) => i.id === ind.id)).toBe(false);
    const history = await admin.json<{ items: AuditEntry[] }>(url("/history"));
    expect(history.body.items[0]?.changes).toEqual({
      "logframe outcome": { before: "Victims are protected", after: null },
      indicators: { before: ["Victims assisted"], after: null },
    });
  });

  it("removes an indicator with its results; events that fed it no longer name it", async () => {
    const ind = await addIndicator({ logframeItemId: objective, title: "Officers trained", unit: "people" });
    const ev = await admin.json<ProgrammeEvent>(
      url("/events"),
      send("POST", {
        kind: "training",
        title: "Training of police officers",
        startDate: "2012-05-02",
        indicatorIds: [ind.id],
        participants: [{ category: "police_officers", count: 48 }],
      }),
    );
    expect(ev.status).toBe(201);
    const reached = await peopleReached();
    const before = await footprint();
    const res = await admin.request(url(`/indicators/${ind.id}`), send("DELETE", undefined, ind.version));
    expect(res.status).toBe(204);
    const after = await footprint();
    expect(rowsIn(after, "indicator")).toBe(rowsIn(before, "indicator") - 1);
    expect(rowsIn(after, "result")).toBe(rowsIn(before, "result") - 1);
    const detail = await current();
    expect(detail.events.find((e) => e.id === ev.body.id)?.indicatorIds).toEqual([]);
    // The event still reached its 48 officers.
    expect(await peopleReached()).toBe(reached);
    const history = await admin.json<{ items: AuditEntry[] }>(url("/history"));
    expect(history.body.items[0]?.changes).toEqual({
      indicator: { before: "Officers trained", after: null },
      results: { before: 1, after: null },
    });
  });
});

describe("If-Match on logframe items, indicators, results and events", () => {
  let item: LogframeItem;
  let indicator: Indicator;
  let result: Result;
  let event: ProgrammeEvent;

  beforeAll(async () => {
    item = await addItem(objective, "outcome", "Survivors are reintegrated");
    indicator = await addIndicator({
      logframeItemId: item.id,
      title: "Survivors reintegrated",
      unit: "people",
    });
    const reported = await admin.json<Result>(
      url("/results"),
      send("POST", {
        indicatorId: indicator.id,
        periodStart: "2012-02-01",
        periodEnd: "2012-02-29",
        valueKind: "exact",
        value: 7,
      }),
    );
    expect(reported.status).toBe(201);
    result = reported.body;
    const recorded = await admin.json<ProgrammeEvent>(
      url("/events"),
      send("POST", {
        kind: "workshop",
        title: "Reintegration workshop",
        startDate: "2012-03-05",
        participants: [{ category: "service_providers", count: 12 }],
      }),
    );
    expect(recorded.status).toBe(201);
    event = recorded.body;
  });

  it("gives every child a version, from 1", () => {
    expect([item.version, indicator.version, result.version, event.version]).toEqual([1, 1, 1, 1]);
  });

  const changes = () =>
    [
      ["PATCH", `/logframe/${item.id}`, { text: "Survivors are reintegrated at home" }, item.version],
      ["DELETE", `/logframe/${item.id}`, undefined, item.version],
      ["PATCH", `/indicators/${indicator.id}`, { title: "Survivors back home" }, indicator.version],
      ["DELETE", `/indicators/${indicator.id}`, undefined, indicator.version],
      ["DELETE", `/results/${result.id}`, undefined, result.version],
      ["PATCH", `/events/${event.id}`, { title: "Reintegration workshop, Huye" }, event.version],
      ["DELETE", `/events/${event.id}`, undefined, event.version],
    ] as const;

  it("answers 428 without If-Match and 412 with a stale one, and changes nothing", async () => {
    for (const [method, path, body, version] of changes()) {
      const before = await footprint();
      const missing = await admin.json<Problem>(url(path), send(method, body));
      expect(missing.status, `${method} ${path}`).toBe(428);
      expect(missing.body.errors?.map((e) => e.path)).toEqual(["If-Match"]);
      const stale = await admin.json<Problem>(url(path), send(method, body, version + 1));
      expect(stale.status, `${method} ${path}`).toBe(412);
      expect(stale.body.detail).toContain(`version ${version}`);
      expect(await footprint()).toEqual(before);
    }
    const detail = await current();
    expect(detail.logframe.find((i) => i.id === item.id)?.text).toBe("Survivors are reintegrated");
    expect(detail.indicators.find((i) => i.id === indicator.id)?.title).toBe("Survivors reintegrated");
    expect(detail.events.find((e) => e.id === event.id)?.title).toBe("Reintegration workshop");
  });

  it("changes with the current version: the version moves on, the ETag says so, the old one is then stale", async () => {
    const edited = await admin.json<LogframeItem>(
      url(`/logframe/${item.id}`),
      send("PATCH", { text: "Survivors are reintegrated at home" }, item.version),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(item.version + 1);
    expect(edited.headers.get("etag")).toBe(`"${item.version + 1}"`);
    const renamed = await admin.json<Indicator>(
      url(`/indicators/${indicator.id}`),
      send("PATCH", { title: "Survivors back home" }, indicator.version),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: "Survivors back home", version: indicator.version + 1 });
    expect(renamed.headers.get("etag")).toBe(`"${indicator.version + 1}"`);
    const moved = await admin.json<ProgrammeEvent>(
      url(`/events/${event.id}`),
      send("PATCH", { title: "Reintegration workshop, Huye" }, event.version),
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ title: "Reintegration workshop, Huye", version: event.version + 1 });
    expect(moved.headers.get("etag")).toBe(`"${event.version + 1}"`);

    // Someone else's later edit wins only if it was made on what they read: the first reader's version is stale.
    const before = await footprint();
    const lost = await admin.json<Problem>(
      url(`/events/${event.id}`),
      send("PATCH", { title: "Overwritten" }, event.version),
    );
    expect(lost.status).toBe(412);
    expect(await footprint()).toEqual(before);

    // The child's own history entry is written beside the programme's.
    const [entry] = await queryRows<{ entity_type: string; action: string }>(
      handle.db,
      sql`select entity_type, action from audit_log where entity_id = ${event.id} order by id desc limit 1`,
    );
    expect(entry).toEqual({ entity_type: "programme_event", action: "update" });

    const removedEvent = await admin.request(
      url(`/events/${event.id}`),
      send("DELETE", undefined, moved.body.version),
    );
    expect(removedEvent.status).toBe(204);
    const removedResult = await admin.request(
      url(`/results/${result.id}`),
      send("DELETE", undefined, result.version),
    );
    expect(removedResult.status).toBe(204);
    const removedIndicator = await admin.request(
      url(`/indicators/${indicator.id}`),
      send("DELETE", undefined, renamed.body.version),
    );
    expect(removedIndicator.status).toBe(204);
    const removedItem = await admin.request(
      url(`/logframe/${item.id}`),
      send("DELETE", undefined, edited.body.version),
    );
    expect(removedItem.status).toBe(204);
    const detail = await current();
    expect(detail.logframe.some((i) => i.id === item.id)).toBe(false);
    expect(detail.indicators.some((i) => i.id === indicator.id)).toBe(false);
    expect(detail.events.some((e) => e.id === event.id)).toBe(false);
  });
});
