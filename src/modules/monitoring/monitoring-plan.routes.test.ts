// The monitoring body's roadmap over HTTP on both databases: its monitors keep it, administrators read it, other
// bodies' monitors do not see it (404); bad input refused with a field path and nothing written; order and progress.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { orgGrant } from "../../../tests/incident-factories";
import type { DatabaseHandle } from "../../db/client";
import { auditLogTable } from "../audit/audit.table";
import type { PlanItem, PlanSummary } from "./monitoring-plan.schema";

let handle: DatabaseHandle;
let nchr: string;
let otherBody: string;
let monitor: TestClient;
let otherMonitor: TestClient;
let admin: TestClient;
let viewer: TestClient;

const footprint = () => databaseFootprint(handle.db, { except: ["session", "rate_limit"] });
const send = (client: TestClient, method: string, path: string, body?: unknown, version?: number) =>
  client.request(path, {
    method,
    ...(version === undefined ? {} : { headers: { "if-match": `"${version}"` } }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
async function create(client: TestClient, body: Record<string, unknown>): Promise<PlanItem> {
  const res = await client.json<PlanItem>("/api/monitoring-plan-items", {
    method: "POST",
    body: JSON.stringify({ monitoringOrganisationId: nchr, ...body }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const titlesIn = async (client: TestClient, area: string) =>
  (await client.json<PlanItem[]>(`/api/monitoring-plan-items?monitoringOrganisationId=${nchr}`)).body
    .filter((item) => item.area === area)
    .map((item) => item.title);

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  nchr = (await createOrganisationFixture(handle, { name: "Plan test human rights commission" })).id;
  otherBody = (await createOrganisationFixture(handle, { name: "Plan test other monitoring body" })).id;
  monitor = (await server.signInAs([orgGrant("monitor", nchr)], [nchr])).client;
  otherMonitor = (await server.signInAs([orgGrant("monitor", otherBody)], [otherBody])).client;
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
}, 120_000);
afterAll(async () => handle?.close());

describe("/api/monitoring-plan-items", () => {
  it("adds items at the end of their area (201, ETag, Location), done items at 100 %, and audits each", async () => {
    const res = await monitor.json<PlanItem>("/api/monitoring-plan-items", {
      method: "POST",
      body: JSON.stringify({
        monitoringOrganisationId: nchr,
        area: "internal_organisation",
        title: "Set up the NPM unit",
        owner: "Chairperson",
        dueOn: "2020-06-30",
        status: "in_progress",
        progress: 50,
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`/api/monitoring-plan-items/${res.body.id}`);
    expect(res.body).toMatchObject({ position: 0, progress: 50, overdue: true, owner: "Chairperson" });
    const second = await create(monitor, {
      area: "internal_organisation",
      title: "Train staff on OPCAT",
      status: "done",
      dueOn: "2020-01-31",
    });
    expect(second).toMatchObject({ position: 1, progress: 100, overdue: false });
    const third = await create(monitor, {
      area: "npm_work",
      title: "Visit methodology",
      dueOn: "2099-01-01",
    });
    expect(third).toMatchObject({ position: 0, progress: 0, status: "not_started", overdue: false });
    const audit = await handle.db
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.entityType, "monitoring_plan_item"), eq(auditLogTable.entityId, res.body.id)),
      );
    expect(audit.map((row) => [row.action, row.entityLabel])).toEqual([["create", "Set up the NPM unit"]]);
  });

  it("refuses progress outside 0–100, an unknown area or an empty title with 422 naming the field, writing nothing", async () => {
    const before = await footprint();
    const post = (body: Record<string, unknown>) =>
      send(monitor, "POST", "/api/monitoring-plan-items", {
        monitoringOrganisationId: nchr,
        area: "npm_work",
        title: "A title",
        ...body,
      });
    await expectProblem(await post({ progress: 101 }), 422, { path: "progress", in: "body" });
    await expectProblem(await post({ progress: -1 }), 422, { path: "progress" });
    await expectProblem(await post({ area: "fundraising" }), 422, { path: "area" });
    await expectProblem(await post({ title: "   " }), 422, { path: "title" });
    await expectProblem(await post({ dueOn: "2026-02-30" }), 422, { path: "dueOn" });
    const [item] = (await monitor.json<PlanItem[]>("/api/monitoring-plan-items")).body;
    if (!item) throw new Error("no item");
    await expectProblem(
      await send(monitor, "PATCH", `/api/monitoring-plan-items/${item.id}`, { progress: 150 }, item.version),
      422,
      { path: "progress" },
    );
    expect(await footprint()).toEqual(before);
  });

  it("keeps each plan to its body: another body's monitor gets 403 on create and 404 on the items; a viewer sees nothing", async () => {
    const before = await footprint();
    await expectProblem(
      await send(otherMonitor, "POST", "/api/monitoring-plan-items", {
        monitoringOrganisationId: nchr,
        area: "npm_work",
        title: "Not mine",
      }),
      403,
    );
    const [item] = (await monitor.json<PlanItem[]>("/api/monitoring-plan-items")).body;
    if (!item) throw new Error("no item");
    expect((await otherMonitor.json<PlanItem[]>("/api/monitoring-plan-items")).body).toEqual([]);
    expect((await otherMonitor.request(`/api/monitoring-plan-items/${item.id}`)).status).toBe(404);
    await expectProblem(
      await send(
        otherMonitor,
        "PATCH",
        `/api/monitoring-plan-items/${item.id}`,
        { progress: 1 },
        item.version,
      ),
      404,
    );
    await expectProblem(
      await send(otherMonitor, "DELETE", `/api/monitoring-plan-items/${item.id}`, undefined, item.version),
      404,
    );
    expect((await viewer.json<PlanItem[]>("/api/monitoring-plan-items")).body).toEqual([]);
    expect((await viewer.json<PlanSummary[]>("/api/monitoring-plans")).body).toEqual([]);
    expect((await viewer.request(`/api/monitoring-plan-items/${item.id}`)).status).toBe(404);
    // An administrator reads every plan but does not keep it.
    expect((await admin.json<PlanItem[]>("/api/monitoring-plan-items")).body.length).toBe(3);
    await expectProblem(
      await send(admin, "PATCH", `/api/monitoring-plan-items/${item.id}`, { progress: 1 }, item.version),
      403,
    );
    expect(await footprint()).toEqual(before);
  });

  it("moves an item within its area and to another area, the others closing up", async () => {
    const items = (await monitor.json<PlanItem[]>("/api/monitoring-plan-items")).body;
    const training = items.find((item) => item.title === "Train staff on OPCAT");
    if (!training) throw new Error("no training item");
    const moved = await monitor.json<PlanItem>(`/api/monitoring-plan-items/${training.id}`, {
      method: "PATCH",
      headers: { "if-match": `"${training.version}"` },
      body: JSON.stringify({ position: 0 }),
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get("etag")).toBe('"2"');
    expect(await titlesIn(monitor, "internal_organisation")).toEqual([
      "Train staff on OPCAT",
      "Set up the NPM unit",
    ]);
    const toNpm = await monitor.json<PlanItem>(`/api/monitoring-plan-items/${training.id}`, {
      method: "PATCH",
      headers: { "if-match": '"2"' },
      body: JSON.stringify({ area: "npm_work" }),
    });
    expect(toNpm.body).toMatchObject({ area: "npm_work", position: 1 });
    expect(await titlesIn(monitor, "npm_work")).toEqual(["Visit methodology", "Train staff on OPCAT"]);
    // Back to the first place of its old area, at a position past the end: it lands last.
    const back = await monitor.json<PlanItem>(`/api/monitoring-plan-items/${training.id}`, {
      method: "PATCH",
      headers: { "if-match": '"3"' },
      body: JSON.stringify({ area: "internal_organisation", position: 99 }),
    });
    expect(back.body).toMatchObject({ area: "internal_organisation", position: 1 });
    expect(await titlesIn(monitor, "internal_organisation")).toEqual([
      "Set up the NPM unit",
      "Train staff on OPCAT",
    ]);
  });

  it("refuses a stale version with 412 and a missing If-Match with 428, writing nothing", async () => {
    const [item] = (await monitor.json<PlanItem[]>("/api/monitoring-plan-items")).body;
    if (!item) throw new Error("no item");
    const before = await footprint();
    await expectProblem(
      await send(
        monitor,
        "PATCH",
        `/api/monitoring-plan-items/${item.id}`,
        { progress: 70 },
        item.version + 5,
      ),
      412,
    );
    await expectProblem(
      await send(monitor, "PATCH", `/api/monitoring-plan-items/${item.id}`, { progress: 70 }),
      428,
    );
    expect(await footprint()).toEqual(before);
  });

  it("sums up each plan: progress per area and overall (by item, done = 100 %) and the overdue items", async () => {
    const plans = (await monitor.json<PlanSummary[]>("/api/monitoring-plans")).body;
    expect(plans).toEqual([
      {
        monitoringOrganisationId: nchr,
        monitoringOrganisationName: "Plan test human rights commission",
        progress: 50, // (50 + 100 + 0) / 3
        items: 3,
        overdue: 1,
        areas: [
          { area: "internal_organisation", progress: 75, items: 2, done: 1, overdue: 1 },
          { area: "npm_work", progress: 0, items: 1, done: 0, overdue: 0 },
          { area: "communication_and_cooperation", progress: null, items: 0, done: 0, overdue: 0 },
        ],
        canEdit: true,
      },
    ]);
    // A monitor whose body has no item yet still gets its (empty) plan, to start it.
    const empty = (await otherMonitor.json<PlanSummary[]>("/api/monitoring-plans")).body;
    expect(empty).toMatchObject([
      { monitoringOrganisationId: otherBody, items: 0, progress: null, canEdit: true },
    ]);
    const forAdmin = (await admin.json<PlanSummary[]>("/api/monitoring-plans")).body;
    expect(forAdmin).toMatchObject([{ monitoringOrganisationId: nchr, canEdit: false }]);
  });

  it("removes an item at its version and audits it", async () => {
    const item = (await monitor.json<PlanItem[]>("/api/monitoring-plan-items")).body.find(
      (i) => i.title === "Visit methodology",
    );
    if (!item) throw new Error("no item");
    const res = await send(
      monitor,
      "DELETE",
      `/api/monitoring-plan-items/${item.id}`,
      undefined,
      item.version,
    );
    expect(res.status).toBe(204);
    expect((await monitor.request(`/api/monitoring-plan-items/${item.id}`)).status).toBe(404);
    const audit = await handle.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.entityType, "monitoring_plan_item"), eq(auditLogTable.entityId, item.id)));
    expect(audit.map((row) => row.action)).toEqual(["create", "delete"]);
  });
});
