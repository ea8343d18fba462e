// HTTP tests of an organisation's contact persons: add, list, change, remove with If-Match; validation with field
// paths; who may edit; audit; and nothing written on a refusal.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildOrganisationInput,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { AuditEntry } from "../audit";
import {
  type ContactPerson,
  type ContactPersonList,
  MAX_CONTACT_PERSONS,
  type Organisation,
  type OrganisationDetail,
} from "./organisations.schema";

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

const send = (method: string, body?: unknown, version?: number): RequestInit => ({
  method,
  headers: version === undefined ? {} : { "if-match": `"${version}"` },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** Sessions and rate counters move on any signed-in request; everything else must stay as it was. */
const unchanged = <T>(action: () => Promise<T>) =>
  expectNothingWritten(handle.db, action, { except: ["rate_limit", "session"] });

async function newOrganisation(client: TestClient = admin): Promise<Organisation> {
  const res = await client.json<Organisation>("/api/organisations", send("POST", buildOrganisationInput()));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const officer = {
  name: "Example Contact",
  function: "Programme officer",
  email: "Programmes@Example.org",
  phone: "+250 788 000 000",
};

describe("contact persons: add, list, change, remove", () => {
  it("adds one (201, Location, ETag), lists it and shows it on the organisation", async () => {
    const org = await newOrganisation();
    const res = await admin.json<ContactPerson>(
      `/api/organisations/${org.id}/contacts`,
      send("POST", officer),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      organisationId: org.id,
      name: "Example Contact",
      function: "Programme officer",
      email: "programmes@example.org",
      phone: "+250 788 000 000",
      version: 1,
    });
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`/api/organisations/${org.id}/contacts/${res.body.id}`);

    const second = await admin.json<ContactPerson>(
      `/api/organisations/${org.id}/contacts`,
      send("POST", { name: "Second Person", email: "", phone: "" }),
    );
    expect(second.body).toMatchObject({ function: null, email: null, phone: null });

    const list = await admin.json<ContactPersonList>(`/api/organisations/${org.id}/contacts`);
    expect(list.status).toBe(200);
    // In the order they were recorded.
    expect(list.body.items.map((c) => c.name)).toEqual(["Example Contact", "Second Person"]);
    const detail = await admin.json<OrganisationDetail>(`/api/organisations/${org.id}`);
    expect(detail.body.contactPersons.map((c) => c.id)).toEqual([res.body.id, second.body.id]);
  });

  it("changes some fields with If-Match (428 without, 412 when stale) and removes with If-Match", async () => {
    const org = await newOrganisation();
    const created = (
      await admin.json<ContactPerson>(`/api/organisations/${org.id}/contacts`, send("POST", officer))
    ).body;
    const url = `/api/organisations/${org.id}/contacts/${created.id}`;
    await unchanged(async () => {
      await expectProblem(await admin.request(url, send("PATCH", { function: "Director" })), 428);
      await expectProblem(await admin.request(url, send("PATCH", { function: "Director" }, 7)), 412);
    });
    const changed = await admin.json<ContactPerson>(
      url,
      send("PATCH", { function: "Director", phone: "" }, 1),
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      name: "Example Contact",
      function: "Director",
      email: "programmes@example.org",
      phone: null,
      version: 2,
    });
    expect(changed.headers.get("etag")).toBe('"2"');

    await unchanged(async () => {
      await expectProblem(await admin.request(url, send("DELETE")), 428);
      await expectProblem(await admin.request(url, send("DELETE", undefined, 1)), 412);
    });
    expect((await admin.request(url, send("DELETE", undefined, 2))).status).toBe(204);
    await expectProblem(await admin.request(url, send("DELETE", undefined, 2)), 404);
    expect((await admin.json<ContactPersonList>(`/api/organisations/${org.id}/contacts`)).body.items).toEqual(
      [],
    );
  });

  it("audits each change as the contact person's entry and a line in the organisation's history", async () => {
    const org = await newOrganisation();
    const created = (
      await admin.json<ContactPerson>(`/api/organisations/${org.id}/contacts`, send("POST", officer))
    ).body;
    const url = `/api/organisations/${org.id}/contacts/${created.id}`;
    await admin.request(url, send("PATCH", { function: "Director" }, 1));
    await admin.request(url, send("DELETE", undefined, 2));
    const rows = await queryRows<{ action: string; entity_type: string; entity_id: string }>(
      handle.db,
      sql`select action, entity_type, entity_id from audit_log where entity_id = ${created.id} order by id`,
    );
    expect(rows.map((r) => `${r.entity_type}:${r.action}`)).toEqual([
      "contact_person:create",
      "contact_person:update",
      "contact_person:delete",
    ]);
    const history = await admin.json<{ items: AuditEntry[] }>(`/api/organisations/${org.id}/history`);
    const lines = history.body.items.filter((e) => JSON.stringify(e).includes("contactPerson"));
    expect(lines).toHaveLength(3);
    expect(JSON.stringify(lines)).toContain("Example Contact (Director)");
  });

  it("audits the contact persons an organisation's deletion takes with it", async () => {
    const org = await newOrganisation();
    const created = (
      await admin.json<ContactPerson>(`/api/organisations/${org.id}/contacts`, send("POST", officer))
    ).body;
    expect((await admin.request(`/api/organisations/${org.id}`, send("DELETE", undefined, 1))).status).toBe(
      204,
    );
    const rows = await queryRows<{ action: string }>(
      handle.db,
      sql`select action from audit_log where entity_type = 'contact_person' and entity_id = ${created.id} order by id`,
    );
    expect(rows.map((r) => r.action)).toEqual(["create", "delete"]);
  });
});

describe("contact persons: bad input is refused with a field path and writes nothing", () => {
  it("names each invalid field (name required, email format, phone characters and length, limits)", async () => {
    const org = await newOrganisation();
    const url = `/api/organisations/${org.id}/contacts`;
    await unchanged(async () => {
      const missing = await expectProblem(
        await admin.request(url, send("POST", { email: "a@example.org" })),
        422,
        {
          path: "name",
          in: "body",
        },
      );
      expect(missing.errors?.map((e) => e.path)).toEqual(["name"]);
      await expectProblem(await admin.request(url, send("POST", { name: " " })), 422, { path: "name" });
      const bad = await expectProblem(
        await admin.request(
          url,
          send("POST", {
            name: "Valid Name",
            email: "not-an-address",
            phone: "call me",
            function: "x".repeat(201),
          }),
        ),
        422,
        { path: ["email", "phone", "function"] },
      );
      expect(bad.errors?.find((e) => e.path === "email")?.code).toBe("invalid_format");
      const long = await expectProblem(
        await admin.request(url, send("POST", { name: "Valid Name", phone: "+250 788 000 000 000 000" })),
        422,
        { path: "phone" },
      );
      expect(long.errors?.find((e) => e.path === "phone")?.code).toBe("too_big");
      await expectProblem(
        await admin.request(url, send("POST", { name: "Valid Name", phone: "12345" })),
        422,
        {
          path: "phone",
        },
      );
      await expectProblem(await admin.request(url, send("POST", { name: "x".repeat(201) })), 422, {
        path: "name",
      });
      await expectProblem(await admin.request(url, send("POST", { name: "Valid Name", colour: "red" })), 422);
    });
  });

  it("refuses an empty or invalid change and keeps the row", async () => {
    const org = await newOrganisation();
    const created = (
      await admin.json<ContactPerson>(`/api/organisations/${org.id}/contacts`, send("POST", officer))
    ).body;
    const url = `/api/organisations/${org.id}/contacts/${created.id}`;
    await unchanged(async () => {
      await expectProblem(await admin.request(url, send("PATCH", {}, 1)), 422);
      await expectProblem(await admin.request(url, send("PATCH", { email: "nope" }, 1)), 422, {
        path: "email",
      });
      await expectProblem(await admin.request(url, send("PATCH", { name: "" }, 1)), 422, { path: "name" });
    });
  });

  it("answers 404 for an unknown organisation or contact person, and for another organisation's contact", async () => {
    const org = await newOrganisation();
    const other = await newOrganisation();
    const created = (
      await admin.json<ContactPerson>(`/api/organisations/${org.id}/contacts`, send("POST", officer))
    ).body;
    await unchanged(async () => {
      const missing = "00000000-0000-4000-8000-000000000000";
      await expectProblem(
        await admin.request(`/api/organisations/${missing}/contacts`, send("POST", officer)),
        404,
      );
      await expectProblem(await admin.request(`/api/organisations/${missing}/contacts`), 404);
      await expectProblem(
        await admin.request(
          `/api/organisations/${org.id}/contacts/${missing}`,
          send("PATCH", { name: "X Y" }, 1),
        ),
        404,
      );
      // The contact exists, but not under this organisation.
      await expectProblem(
        await admin.request(
          `/api/organisations/${other.id}/contacts/${created.id}`,
          send("DELETE", undefined, 1),
        ),
        404,
      );
      await expectProblem(await admin.request(`/api/organisations/${org.id}/contacts/not-a-uuid`), 404);
    });
  });

  it(`keeps at most ${MAX_CONTACT_PERSONS} contact persons (409 for one more, nothing written)`, async () => {
    const org = await newOrganisation();
    const url = `/api/organisations/${org.id}/contacts`;
    for (let i = 0; i < MAX_CONTACT_PERSONS; i++) {
      expect((await admin.request(url, send("POST", { name: `Person ${i + 1}` }))).status).toBe(201);
    }
    await unchanged(async () => {
      await expectProblem(await admin.request(url, send("POST", { name: "One Too Many" })), 409);
    });
  });
});

describe("contact persons: who may edit them", () => {
  it("lets a partner editor keep their own organisation's contacts, refuses another's (403), lets a viewer read", async () => {
    const own = await newOrganisation();
    const other = await newOrganisation();
    const theirs = (
      await admin.json<ContactPerson>(`/api/organisations/${other.id}/contacts`, send("POST", officer))
    ).body;
    const editor = (
      await server.signInAs(
        [{ role: "partner_editor", scopeType: "organisation", scopeId: own.id }],
        [own.id],
      )
    ).client;
    await unchanged(async () => {
      await expectProblem(
        await editor.request(`/api/organisations/${other.id}/contacts`, send("POST", officer)),
        403,
      );
      const url = `/api/organisations/${other.id}/contacts/${theirs.id}`;
      await expectProblem(await editor.request(url, send("PATCH", { name: "Taken Over" }, 1)), 403);
      await expectProblem(await editor.request(url, send("DELETE", undefined, 1)), 403);
    });
    const mine = await editor.json<ContactPerson>(
      `/api/organisations/${own.id}/contacts`,
      send("POST", officer),
    );
    expect(mine.status).toBe(201);
    const changed = await editor.json<ContactPerson>(
      `/api/organisations/${own.id}/contacts/${mine.body.id}`,
      send("PATCH", { function: "Director" }, 1),
    );
    expect(changed.status).toBe(200);

    const viewer = (await server.signInAs([nationalGrant("viewer")])).client;
    const read = await viewer.json<ContactPersonList>(`/api/organisations/${other.id}/contacts`);
    expect(read.body.items.map((c) => c.id)).toEqual([theirs.id]);
    await unchanged(async () => {
      await expectProblem(
        await viewer.request(`/api/organisations/${other.id}/contacts`, send("POST", officer)),
        403,
      );
    });
    // Signed out: 401, nothing written.
    await unchanged(async () => {
      await expectProblem(await server.anonymous.request(`/api/organisations/${other.id}/contacts`), 401);
    });
  });
});
