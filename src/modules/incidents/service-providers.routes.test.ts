// The service-provider directory over HTTP on both databases: filters in the query, refusals as problems naming the
// field with nothing written, and changes at the version read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { districtIds, orgGrant } from "../../../tests/incident-factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceProvider } from "./incidents.schema";

let handle: DatabaseHandle;
let coordinator: TestClient;
let caseWorker: TestClient;
let viewer: TestClient;
let musanze: string;
let rubavu: string;
let organisationId: string;
let provider: ServiceProvider;

const footprint = () => databaseFootprint(handle.db, { except: ["session", "rate_limit"] });
const send = (client: TestClient, method: string, path: string, body?: unknown, version?: number) =>
  client.request(path, {
    method,
    ...(version === undefined ? {} : { headers: { "if-match": `"${version}"` } }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  [musanze, rubavu] = (await districtIds(handle.db, "Musanze", "Rubavu")) as [string, string];
  organisationId = (await createOrganisationFixture(handle, { name: "Rubavu test shelter" })).id;
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  caseWorker = (await server.signInAs([orgGrant("case_worker", organisationId)], [organisationId])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
}, 120_000);
afterAll(async () => handle?.close());

describe("/api/service-providers", () => {
  it("adds a provider (201, ETag, Location) and refuses a second entry for its organisation with 409", async () => {
    const res = await coordinator.json<ServiceProvider>("/api/service-providers", {
      method: "POST",
      body: JSON.stringify({ organisationId, services: ["shelter", "psychosocial"], districtIds: [rubavu] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`/api/service-providers/${res.body.id}`);
    provider = res.body;
    expect(provider).toMatchObject({
      organisationName: "Rubavu test shelter",
      districts: [{ id: rubavu, name: "Rubavu" }],
      acceptingReferrals: true,
    });
    const before = await footprint();
    await expectProblem(
      await send(coordinator, "POST", "/api/service-providers", {
        organisationId,
        services: ["shelter"],
        nationwide: true,
      }),
      409,
      { path: "organisationId" },
    );
    expect(await footprint()).toEqual(before);
  });

  it("refuses an unknown organisation, district or service with 422 naming it, and a viewer with 403", async () => {
    const before = await footprint();
    await expectProblem(
      await send(coordinator, "POST", "/api/service-providers", {
        organisationId: musanze,
        services: ["shelter"],
        nationwide: true,
      }),
      422,
      { path: "organisationId", in: "body" },
    );
    const other = await createOrganisationFixture(handle);
    const afterOrganisation = await footprint();
    await expectProblem(
      await send(coordinator, "POST", "/api/service-providers", {
        organisationId: other.id,
        services: ["shelter"],
        districtIds: [other.id],
      }),
      422,
      { path: "districtIds.0" },
    );
    await expectProblem(
      await send(coordinator, "POST", "/api/service-providers", {
        organisationId: other.id,
        services: ["juggling"],
        nationwide: true,
      }),
      422,
      { path: "services.0" },
    );
    await expectProblem(
      await send(viewer, "POST", "/api/service-providers", {
        organisationId: other.id,
        services: ["shelter"],
        nationwide: true,
      }),
      403,
    );
    expect(await footprint()).toEqual(afterOrganisation);
    expect(before.organisation?.rows).toBe((afterOrganisation.organisation?.rows ?? 0) - 1);
  });

  it("lists by service and district for every reader", async () => {
    const list = async (query: string) =>
      (await viewer.json<ServiceProvider[]>(`/api/service-providers${query}`)).body.map((p) => p.id);
    expect(await list(`?service=shelter&districtId=${rubavu}`)).toEqual([provider.id]);
    expect(await list(`?districtId=${musanze}`)).toEqual([]);
    expect(await list("?service=medical")).toEqual([]);
    await expectProblem(await viewer.request(`/api/service-providers?districtId=${organisationId}`), 422, {
      path: "districtId",
      in: "query",
    });
  });

  it("lets the provider's case worker change its entry at the version read", async () => {
    await expectProblem(await send(caseWorker, "PATCH", `/api/service-providers/${provider.id}`, {}), 428);
    const stale = await send(
      caseWorker,
      "PATCH",
      `/api/service-providers/${provider.id}`,
      { capacity: "x" },
      9,
    );
    await expectProblem(stale, 412);
    const res = await caseWorker.json<ServiceProvider>(`/api/service-providers/${provider.id}`, {
      method: "PATCH",
      headers: { "if-match": '"1"' },
      body: JSON.stringify({ capacity: "Twelve beds", districtIds: [rubavu, musanze] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(res.body.districts.map((d) => d.name)).toEqual(["Musanze", "Rubavu"]);
    await expectProblem(
      await send(caseWorker, "DELETE", `/api/service-providers/${provider.id}`, undefined, 2),
      403,
    );
    await expectProblem(await send(viewer, "GET", "/api/service-providers/not-an-id"), 404);
    const removed = await send(coordinator, "DELETE", `/api/service-providers/${provider.id}`, undefined, 2);
    expect(removed.status).toBe(403); // coordinators keep the directory but do not remove entries
  });
});
