// HTTP tests of the organisations API and the server's promises: problems, If-Match, scope, security headers, docs.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../tests/assertions";
import { createTestDatabase, testDatabaseKind } from "../../../tests/database";
import {
  buildAgreementInput,
  buildOrganisationInput,
  createTestServer,
  nationalGrant,
  TEST_ORIGIN,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { AuditEntry } from "../audit";
import type { Membership, Organisation, OrganisationDetail, OrganisationList } from "./organisations.schema";
import { membershipTable, organisationTable } from "./organisations.table";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
});
afterAll(async () => {
  await handle?.close();
});

const jsonInit = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers,
  body: JSON.stringify(body),
});

async function countOrganisations(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from organisation`);
  return Number(row?.n);
}

async function readRow(id: string) {
  const [row] = await handle.db.select().from(organisationTable).where(eq(organisationTable.id, id));
  return row ?? null;
}

async function createViaApi(client: TestClient = admin, overrides: Record<string, unknown> = {}) {
  const res = await client.json<Organisation>(
    "/api/organisations",
    jsonInit("POST", { ...buildOrganisationInput(), ...overrides }),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("organisations API: the happy path", () => {
  it("answers 401 as a problem without a session", async () => {
    const list = await expectProblem(await server.anonymous.request("/api/organisations"), 401);
    expect(list.title).toBe("Not signed in");
    const before = await countOrganisations();
    await expectProblem(
      await server.anonymous.request(
        "/api/organisations",
        jsonInit("POST", buildOrganisationInput(), { origin: TEST_ORIGIN }),
      ),
      401,
    );
    expect(await countOrganisations()).toBe(before);
  });

  it("creates with 201, Location and ETag, and reads the detail with its ETag", async () => {
    const res = await admin.json<Organisation>(
      "/api/organisations",
      jsonInit("POST", {
        name: "Legal Aid Forum",
        acronym: "LAF",
        kind: "local_cso",
        website: "www.legalaidrwanda.org",
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Legal Aid Forum",
      acronym: "LAF",
      website: "https://www.legalaidrwanda.org/",
      version: 1,
    });
    expect(res.headers.get("location")).toBe(`/api/organisations/${res.body.id}`);
    expect(res.headers.get("etag")).toBe('"1"');

    const location = res.headers.get("location") ?? "";
    const detail = await admin.json<OrganisationDetail>(location);
    expect(detail.status).toBe(200);
    expect(detail.headers.get("etag")).toBe('"1"');
    expect(detail.body).toMatchObject({
      id: res.body.id,
      name: "Legal Aid Forum",
      memberships: [],
      members: [],
      canEdit: true,
      canDelete: true,
    });
  });

  it("lists and searches through the API", async () => {
    const created = await createViaApi(admin, { name: "Haguruka Association", kind: "local_cso" });
    const res = await admin.json<OrganisationList>("/api/organisations?q=haguruka&limit=5");
    expect(res.status).toBe(200);
    expect(res.body.items.map((o) => o.id)).toContain(created.id);
    expect(res.body.total).toBeGreaterThanOrEqual(1);
  });

  it("updates with the current If-Match and returns the next ETag", async () => {
    const created = await createViaApi();
    const res = await admin.json<Organisation>(
      `/api/organisations/${created.id}`,
      jsonInit("PATCH", { acronym: "UPD" }, { "if-match": '"1"' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ acronym: "UPD", version: 2 });
    expect(res.headers.get("etag")).toBe('"2"');
    expect((await readRow(created.id))?.acronym).toBe("UPD");
  });

  it("shows the history of a create and an update with the changed fields", async () => {
    const created = await createViaApi(admin, { phone: "0788 111 222" });
    const patched = await admin.request(
      `/api/organisations/${created.id}`,
      jsonInit("PATCH", { phone: "0788 333 444", acronym: "HIS" }, { "if-match": '"1"' }),
    );
    expect(patched.status).toBe(200);
    const history = await admin.json<{ items: AuditEntry[] }>(`/api/organisations/${created.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((h) => h.action)).toEqual(["update", "create"]);
    const [update, create] = history.body.items;
    expect(update?.changes).toEqual({
      phone: { before: "0788 111 222", after: "0788 333 444" },
      acronym: { before: null, after: "HIS" },
    });
    expect(create?.changes.name).toEqual({ before: null, after: created.name });
    expect(create?.actorUserId).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(create?.occurredAt ?? ""))).toBe(false);
  });

  it("deletes with If-Match (204), after which the detail is 404", async () => {
    const created = await createViaApi();
    const noMatch = await admin.request(`/api/organisations/${created.id}`, {
      method: "DELETE",
      headers: { origin: TEST_ORIGIN },
    });
    await expectProblem(noMatch, 428);
    const stale = await admin.request(`/api/organisations/${created.id}`, {
      method: "DELETE",
      headers: { origin: TEST_ORIGIN, "if-match": '"9"' },
    });
    await expectProblem(stale, 412);
    expect(await readRow(created.id)).not.toBeNull();

    const res = await admin.request(`/api/organisations/${created.id}`, {
      method: "DELETE",
      headers: { origin: TEST_ORIGIN, "if-match": '"1"' },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await readRow(created.id)).toBeNull();
    await expectProblem(await admin.request(`/api/organisations/${created.id}`), 404);
  });

  it("answers 409 when deleting an organisation that is a party to an agreement, and keeps it", async () => {
    const party = await createViaApi();
    const other = await createViaApi();
    const agreement = await admin.json<{ id: string }>(
      "/api/agreements",
      jsonInit("POST", buildAgreementInput([party.id, other.id])),
    );
    expect(agreement.status).toBe(201);
    const problem = await expectProblem(
      await admin.request(`/api/organisations/${party.id}`, {
        method: "DELETE",
        headers: { origin: TEST_ORIGIN, "if-match": '"1"' },
      }),
      409,
    );
    expect(problem.detail).toBe(`${party.name} is a party to 1 agreement; remove it from them first.`);
    expect(await readRow(party.id)).not.toBeNull();
  });

  it("adds, replaces and removes a membership with If-Match", async () => {
    const network = await createViaApi(admin, { kind: "association_network" });
    const other = await createViaApi(admin, { kind: "association_network" });
    const member = await createViaApi();
    const base = `/api/organisations/${member.id}/memberships`;

    const added = await admin.json<Membership>(
      base,
      jsonInit("POST", { networkId: network.id, role: "member", startYear: 2015 }),
    );
    expect(added.status).toBe(201);
    expect(added.headers.get("etag")).toBe('"1"');
    expect(added.body).toMatchObject({ networkName: network.name, role: "member", version: 1 });
    const url = `${base}/${added.body.id}`;
    const replacement = { networkId: other.id, role: "chair", startYear: 2016, endYear: 2020 };

    await expectProblem(await admin.request(url, jsonInit("PUT", replacement)), 428);
    await expectProblem(await admin.request(url, jsonInit("PUT", replacement, { "if-match": '"5"' })), 412);
    const invalid = await expectProblem(
      await admin.request(url, jsonInit("PUT", { ...replacement, endYear: 2000 }, { "if-match": '"1"' })),
      422,
    );
    expect(invalid.errors?.map((e) => e.path)).toContain("endYear");
    const [unchanged] = await handle.db
      .select()
      .from(membershipTable)
      .where(eq(membershipTable.id, added.body.id));
    expect(unchanged).toMatchObject({ networkId: network.id, role: "member", version: 1 });

    const replaced = await admin.json<Membership>(url, jsonInit("PUT", replacement, { "if-match": '"1"' }));
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get("etag")).toBe('"2"');
    expect(replaced.body).toMatchObject({ networkId: other.id, role: "chair", endYear: 2020, version: 2 });

    const detail = await admin.json<OrganisationDetail>(`/api/organisations/${member.id}`);
    expect(detail.body.memberships.map((m) => [m.networkName, m.role])).toEqual([[other.name, "chair"]]);

    const deleteInit = (etag?: string): RequestInit => ({
      method: "DELETE",
      headers: { origin: TEST_ORIGIN, ...(etag ? { "if-match": etag } : {}) },
    });
    await expectProblem(await admin.request(url, deleteInit()), 428);
    await expectProblem(await admin.request(url, deleteInit('"1"')), 412);
    expect((await admin.request(url, deleteInit('"2"'))).status).toBe(204);
    const after = await admin.json<OrganisationDetail>(`/api/organisations/${member.id}`);
    expect(after.body.memberships).toEqual([]);
    await expectProblem(await admin.request(url, deleteInit('"2"')), 404);
  });
});

describe("organisations API: If-Match", () => {
  it("answers 428 without If-Match, 412 when stale, 4xx when unreadable, and changes nothing", async () => {
    const created = await createViaApi(admin, { acronym: "KEEP" });
    const url = `/api/organisations/${created.id}`;
    const first = await admin.request(url, jsonInit("PATCH", { acronym: "V2" }, { "if-match": '"1"' }));
    expect(first.status).toBe(200);
    const before = await readRow(created.id);
    expect(before).toMatchObject({ acronym: "V2", version: 2 });

    const missing = await expectProblem(
      await admin.request(url, jsonInit("PATCH", { acronym: "LOST" })),
      428,
    );
    expect(missing.errors?.map((e) => e.path)).toEqual(["If-Match"]);
    expect(await readRow(created.id)).toEqual(before);

    const stale = await expectProblem(
      await admin.request(url, jsonInit("PATCH", { acronym: "LOST" }, { "if-match": '"1"' })),
      412,
    );
    expect(stale.detail).toContain("version 2");
    expect(await readRow(created.id)).toEqual(before);

    for (const bad of ["banana", '"-1"', '"1", "2"', "*", '"99999999999"']) {
      const res = await admin.request(url, jsonInit("PATCH", { acronym: "LOST" }, { "if-match": bad }));
      expect([400, 422], `If-Match: ${bad}`).toContain(res.status);
      const problem = await expectProblem(res, res.status);
      expect(problem.errors?.map((e) => e.path)).toEqual(["If-Match"]);
      expect(await readRow(created.id)).toEqual(before);
    }

    // Weak ETags are read too.
    const weak = await admin.request(url, jsonInit("PATCH", { acronym: "V3" }, { "if-match": 'W/"2"' }));
    expect(weak.status).toBe(200);
    expect((await readRow(created.id))?.version).toBe(3);
  });
});

describe("organisations API: bad input changes nothing", () => {
  it("answers 422 with a path for each invalid field and creates nothing", async () => {
    const before = await countOrganisations();
    const problem = await expectProblem(
      await admin.request(
        "/api/organisations",
        jsonInit("POST", {
          name: "X",
          kind: "spaceship",
          email: "not-an-email",
          countryCode: "ZZ",
          website: "nope",
          phone: "call me",
          aliases: "not a list",
        }),
      ),
      422,
    );
    expect([...new Set(problem.errors?.map((e) => e.path))].sort()).toEqual([
      "aliases",
      "countryCode",
      "email",
      "kind",
      "name",
      "phone",
      "website",
    ]);
    for (const error of problem.errors ?? []) expect(error.message.length).toBeGreaterThan(0);
    expect(await countOrganisations()).toBe(before);
  });

  it("names the limit of a name too long or too short in its 422 (At most 200 characters)", async () => {
    const before = await countOrganisations();
    for (const [name, code, params] of [
      ["N".repeat(201), "too_big", { origin: "string", maximum: 200 }],
      [" X ", "too_small", { origin: "string", minimum: 2 }],
    ] as const) {
      const problem = await expectProblem(
        await admin.request("/api/organisations", jsonInit("POST", { name, kind: "local_cso" })),
        422,
      );
      expect(problem.errors).toEqual([expect.objectContaining({ path: "name", code, params, in: "body" })]);
    }
    expect(await countOrganisations()).toBe(before);
  });

  it("answers 422 for a required field that is missing, and for a PATCH with unknown or no fields", async () => {
    const before = await countOrganisations();
    const missing = await expectProblem(
      await admin.request("/api/organisations", jsonInit("POST", { acronym: "NONAME" })),
      422,
    );
    expect(missing.errors?.map((e) => e.path).sort()).toEqual(["kind", "name"]);
    expect(await countOrganisations()).toBe(before);

    const created = await createViaApi();
    const url = `/api/organisations/${created.id}`;
    const row = await readRow(created.id);
    const unknown = await expectProblem(
      await admin.request(url, jsonInit("PATCH", { version: 9, colour: "red" }, { "if-match": '"1"' })),
      422,
    );
    expect(unknown.errors?.length).toBeGreaterThan(0);
    await expectProblem(await admin.request(url, jsonInit("PATCH", {}, { "if-match": '"1"' })), 422);
    const invalidPatch = await expectProblem(
      await admin.request(url, jsonInit("PATCH", { email: "nope", name: "" }, { "if-match": '"1"' })),
      422,
    );
    expect(invalidPatch.errors?.map((e) => e.path).sort()).toEqual(["email", "name"]);
    expect(await readRow(created.id)).toEqual(row);
  });

  it("answers 409 on a duplicate name and keeps one row", async () => {
    const created = await createViaApi();
    const before = await countOrganisations();
    const problem = await expectProblem(
      await admin.request(
        "/api/organisations",
        jsonInit("POST", { name: created.name.toUpperCase(), kind: "local_cso" }),
      ),
      409,
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(["name"]);
    expect(await countOrganisations()).toBe(before);
  });

  it("answers 400 on malformed JSON", async () => {
    const before = await countOrganisations();
    const problem = await expectProblem(
      await admin.request("/api/organisations", { method: "POST", body: '{"name": "Broken", ' }),
      400,
    );
    expect(problem.detail).toMatch(/JSON/);
    expect(await countOrganisations()).toBe(before);
  });

  it("refuses a body that is not JSON, whatever the origin, and creates nothing", async () => {
    const before = await countOrganisations();
    const body = JSON.stringify(buildOrganisationInput());
    const bare = await admin.request("/api/organisations", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body,
    });
    expect([403, 415]).toContain(bare.status);
    await expectProblem(bare, bare.status);
    const sameOrigin = await admin.request("/api/organisations", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: TEST_ORIGIN },
      body,
    });
    const problem = await expectProblem(sameOrigin, 415);
    expect(problem.errors?.map((e) => e.path)).toEqual(["Content-Type"]);
    expect(await countOrganisations()).toBe(before);
  });

  it("refuses a cross-site form POST with 403", async () => {
    const before = await countOrganisations();
    const res = await admin.request("/api/organisations", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
      body: "name=Evil+Corp&kind=private",
    });
    await expectProblem(res, 403);
    const signOut = await admin.request("/api/auth/sign-out", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
      body: "",
    });
    expect(signOut.status).toBe(403);
    expect(await countOrganisations()).toBe(before);
    // The session survived the forged sign-out.
    expect((await admin.request("/api/organisations")).status).toBe(200);
  });

  it("answers 413 for a body over 1 MB and creates nothing", async () => {
    const before = await countOrganisations();
    const huge = JSON.stringify({ ...buildOrganisationInput(), description: "x".repeat(1024 * 1024 + 10) });
    const res = await admin.request("/api/organisations", { method: "POST", body: huge });
    await expectProblem(res, 413);
    const withLength = await admin.request("/api/organisations", {
      method: "POST",
      headers: { "content-length": String(Buffer.byteLength(huge)) },
      body: huge,
    });
    await expectProblem(withLength, 413);
    expect(await countOrganisations()).toBe(before);
  });

  it("answers 404 problems for an unknown API route and a malformed id", async () => {
    const unknown = await expectProblem(await admin.request("/api/no-such-thing"), 404);
    expect(unknown.detail).toBeDefined();
    await expectProblem(await admin.request("/api/organisations/not-a-uuid"), 404);
    await expectProblem(await admin.request("/api/organisations/not-a-uuid/history"), 404);
    await expectProblem(
      await admin.request(
        "/api/organisations/00000000-0000-0000-0000-00000000000z",
        jsonInit("PATCH", { acronym: "X" }, { "if-match": '"1"' }),
      ),
      404,
    );
    await expectProblem(await admin.request("/api/organisations/3f2c9c8e-1b7a-4d0e-9a55-000000000000"), 404);
    await expectProblem(await server.anonymous.request("/api/no-such-thing"), 404);
  });

  it("answers 422 for an invalid query", async () => {
    const problem = await expectProblem(await admin.request("/api/organisations?limit=0&kind=robot"), 422);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["kind", "limit"]);
    expect(problem.errors?.every((e) => e.in === "query")).toBe(true);
  });
});

describe("organisations API: who may do what", () => {
  it("lets a partner editor change their own organisation (200) but not another (403)", async () => {
    const own = await createViaApi();
    const other = await createViaApi();
    const editor = (
      await server.signInAs(
        [{ role: "partner_editor", scopeType: "organisation", scopeId: own.id }],
        [own.id],
      )
    ).client;
    const otherBefore = await readRow(other.id);
    await expectProblem(
      await editor.request(
        `/api/organisations/${other.id}`,
        jsonInit("PATCH", { acronym: "NOPE" }, { "if-match": '"1"' }),
      ),
      403,
    );
    expect(await readRow(other.id)).toEqual(otherBefore);
    const ok = await editor.json<Organisation>(
      `/api/organisations/${own.id}`,
      jsonInit("PATCH", { acronym: "MINE" }, { "if-match": '"1"' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.acronym).toBe("MINE");
    const before = await countOrganisations();
    await expectProblem(
      await editor.request("/api/organisations", jsonInit("POST", buildOrganisationInput())),
      403,
    );
    expect(await countOrganisations()).toBe(before);
    await expectProblem(
      await editor.request(`/api/organisations/${own.id}`, {
        method: "DELETE",
        headers: { origin: TEST_ORIGIN, "if-match": '"2"' },
      }),
      403,
    );
    expect(await readRow(own.id)).not.toBeNull();
  });

  it("shows a signed-in user with no grants an empty list and 404 on a detail", async () => {
    const org = await createViaApi();
    const nobody = (await server.signInAs([])).client;
    const list = await nobody.json<OrganisationList>("/api/organisations");
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], total: 0 });
    const searched = await nobody.json<OrganisationList>(
      `/api/organisations?q=${encodeURIComponent(org.name)}`,
    );
    expect(searched.body).toEqual({ items: [], total: 0 });
    await expectProblem(await nobody.request(`/api/organisations/${org.id}`), 404);
    await expectProblem(await nobody.request(`/api/organisations/${org.id}/history`), 404);
    await expectProblem(
      await nobody.request(
        `/api/organisations/${org.id}`,
        jsonInit("PATCH", { acronym: "X" }, { "if-match": '"1"' }),
      ),
      404,
    );
    expect((await readRow(org.id))?.version).toBe(1);
  });
});

describe("organisations API: deactivation", () => {
  const request = (client: TestClient, id: string, what: "deactivate" | "reactivate", version?: number) =>
    client.request(`/api/organisations/${id}/${what}`, {
      method: "POST",
      headers: version === undefined ? {} : { "if-match": `"${version}"` },
    });
  const action = async (
    client: TestClient,
    id: string,
    what: "deactivate" | "reactivate",
    version: number,
  ) => {
    const res = await request(client, id, what, version);
    return { status: res.status, body: (await res.json()) as Organisation };
  };

  it("lets administrators and coordinators deactivate and reactivate, marks the list, filters it", async () => {
    const org = await createViaApi(admin, { name: "Paralegals of Nyabihu" });
    const coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
    const off = await action(coordinator, org.id, "deactivate", org.version);
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.deactivatedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(off.body.version).toBe(org.version + 1);
    expect((await readRow(org.id))?.deactivatedOn).toBe(off.body.deactivatedOn);
    const deactivated = await admin.json<OrganisationList>("/api/organisations?status=deactivated&limit=200");
    expect(deactivated.body.items.map((o) => o.name)).toEqual(["Paralegals of Nyabihu"]);
    const active = await admin.json<OrganisationList>("/api/organisations?status=active&limit=200");
    expect(active.body.items.some((o) => o.id === org.id)).toBe(false);
    expect(active.body.total + deactivated.body.total).toBe(await countOrganisations());
    // Editing the profile keeps the deactivation.
    const edited = await admin.json<Organisation>(
      `/api/organisations/${org.id}`,
      jsonInit("PATCH", { phone: "+250788000111" }, { "if-match": `"${off.body.version}"` }),
    );
    expect(edited.body.deactivatedOn).toBe(off.body.deactivatedOn);
    const on = await action(admin, org.id, "reactivate", edited.body.version);
    expect(on.status).toBe(200);
    expect(on.body.deactivatedOn).toBeNull();
    const history = await admin.json<{ items: AuditEntry[] }>(`/api/organisations/${org.id}/history`);
    expect(history.body.items.length).toBe(4);
  });

  it("refuses others (403), a second deactivation (409), a stale or missing If-Match, and changes nothing", async () => {
    const org = await createViaApi(admin, { name: "Justice Watch Rubavu" });
    const own = (
      await server.signInAs(
        [{ role: "partner_editor", scopeType: "organisation", scopeId: org.id }],
        [org.id],
      )
    ).client;
    const officer = (
      await server.signInAs([{ role: "district_officer", scopeType: "national", scopeId: null }])
    ).client;
    const viewer = (await server.signInAs([nationalGrant("viewer")])).client;
    for (const client of [own, officer, viewer])
      await expectProblem(await request(client, org.id, "deactivate", org.version), 403);
    await expectProblem(await request(admin, org.id, "deactivate"), 428);
    await expectProblem(await request(admin, org.id, "deactivate", org.version + 5), 412);
    await expectProblem(await request(admin, org.id, "reactivate", org.version), 409);
    expect(await readRow(org.id)).toMatchObject({ deactivatedOn: null, version: org.version });
    const off = await action(admin, org.id, "deactivate", org.version);
    const again = await expectProblem(await request(admin, org.id, "deactivate", off.body.version), 409);
    expect(again.detail).toContain(off.body.deactivatedOn as string);
    expect(await readRow(org.id)).toMatchObject({ version: off.body.version });
    await expectProblem(
      await admin.request(`/api/organisations/${org.id}/deactivate`, {
        method: "POST",
        headers: { "if-match": '"x"' },
      }),
      422,
      { path: "If-Match" },
    );
    await expectProblem(await admin.request("/api/organisations?status=closed"), 422, { path: "status" });
  });
});

describe("server: security headers, documentation and health", () => {
  it("sends CSP and security headers with no third-party origin", async () => {
    for (const res of [
      await admin.request("/api/organisations"),
      await server.anonymous.request("/api/no-such-thing"),
      await server.anonymous.request("/api/docs"),
    ]) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      // Every source is a keyword, 'self' or data: — never a host.
      const sources = csp
        .split(";")
        .flatMap((d) => d.trim().split(/\s+/).slice(1))
        .filter((s) => s !== "");
      for (const source of sources) expect(source, csp).toMatch(/^('[a-z-]+'|data:)$/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const framing = `${res.headers.get("x-frame-options") ?? ""} ${csp}`;
      expect(framing).toMatch(/DENY|SAMEORIGIN|frame-ancestors 'none'/);
      expect(res.headers.get("referrer-policy")).toBeTruthy();
    }
  });

  it("serves the OpenAPI 3.1 document listing the organisations endpoints", async () => {
    const res = await server.anonymous.json<{
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
    }>("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(res.body.paths["/api/organisations"]).toHaveProperty("get");
    expect(res.body.paths["/api/organisations"]).toHaveProperty("post");
    expect(Object.keys(res.body.paths["/api/organisations/{id}"] ?? {})).toEqual(
      expect.arrayContaining(["get", "patch", "delete"]),
    );
    expect(res.body.paths).toHaveProperty("/api/health");
  });

  it("serves the API reference as HTML using same-origin assets only", async () => {
    const res = await server.anonymous.request("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(urls.length).toBeGreaterThanOrEqual(2);
    expect(html).not.toMatch(/https?:\/\//);
    for (const url of urls) {
      expect(url).toMatch(/^\/(?!\/)/);
      const asset = await server.anonymous.request(url);
      expect(asset.status, url).toBe(200);
    }
  });

  it("reports health with the database kind in use", async () => {
    const res = await server.anonymous.json<{ status: string; database: string; version: string }>(
      "/api/health",
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: testDatabaseKind(), version: "test" });
  });
});
