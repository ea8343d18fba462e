// The kernel's one "stays in scope" check, through the API: a change that would move a record out of its editor's
// scope is refused (403) and writes nothing, for programmes (it was let through) and agreements alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../tests/assertions";
import { createTestDatabase } from "../../tests/database";
import {
  buildUserActor,
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";
import { assertChangeStaysInScope } from "./context";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
let own: string;
let other: string;
let third: string;
/** A district and a place in another district, for the district officer's case. */
let nyarugenge: string;
let musanze: string;

type Versioned = { id: string; version: number };

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  own = (await createOrganisationFixture(handle, { name: "Own organisation" })).id;
  other = (await createOrganisationFixture(handle, { name: "Other organisation" })).id;
  third = (await createOrganisationFixture(handle, { name: "Third organisation" })).id;
  const place = async (q: string, code: string) => {
    const res = await admin.json<{ items: { id: string; code: string }[] }>(`/api/places?q=${q}`);
    const found = res.body.items.find((p) => p.code === code);
    if (!found) throw new Error(`no place ${code}`);
    return found.id;
  };
  nyarugenge = await place("Nyarugenge", "RW-D11");
  musanze = await place("Musanze", "RW-D43");
});
afterAll(async () => {
  await handle?.close();
});

async function newProgramme(body: Record<string, unknown>): Promise<Versioned> {
  const res = await admin.json<Versioned>("/api/programmes", {
    method: "POST",
    body: JSON.stringify({
      title: "Scope programme",
      startDate: "2025-01-01",
      endDate: "2026-12-31",
      ...body,
    }),
  });
  if (res.status !== 201) throw new Error(`programme: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const patch = (client: TestClient, path: string, version: number, body: unknown) =>
  client.json<{ status: number; detail?: string }>(path, {
    method: "PATCH",
    headers: { "if-match": `"${version}"` },
    body: JSON.stringify(body),
  });

describe("a change that moves a record out of its editor's scope", () => {
  it("programme: a partner editor cannot hand the lead to another organisation and leave (403, nothing written)", async () => {
    const editor = (
      await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: own }], [own])
    ).client;
    const programme = await newProgramme({ leadOrganisationId: own });
    const before = await databaseFootprint(handle.db);
    const away = await patch(editor, `/api/programmes/${programme.id}`, programme.version, {
      leadOrganisationId: other,
    });
    expect(away.status).toBe(403);
    expect(away.body.detail).toMatch(/out of what your role lets you edit/);
    expect(await databaseFootprint(handle.db)).toEqual(before);
    // Handing the lead over while staying on as a partner keeps it in reach: allowed.
    const handedOver = await patch(editor, `/api/programmes/${programme.id}`, programme.version, {
      leadOrganisationId: other,
      partnerIds: [own, third],
    });
    expect(handedOver.status).toBe(200);
    // Removing itself from the partners then would move it out: refused.
    const leave = await patch(editor, `/api/programmes/${programme.id}`, programme.version + 1, {
      partnerIds: [third],
    });
    expect(leave.status).toBe(403);
  });

  it("programme: a district officer cannot move its places to another district", async () => {
    const officer = (
      await server.signInAs([{ role: "district_officer", scopeType: "district", scopeId: nyarugenge }])
    ).client;
    const programme = await newProgramme({ leadOrganisationId: third, placeIds: [nyarugenge] });
    const before = await databaseFootprint(handle.db);
    const moved = await patch(officer, `/api/programmes/${programme.id}`, programme.version, {
      placeIds: [musanze],
    });
    expect(moved.status).toBe(403);
    expect(await databaseFootprint(handle.db)).toEqual(before);
    const widened = await patch(officer, `/api/programmes/${programme.id}`, programme.version, {
      placeIds: [nyarugenge, musanze],
    });
    expect(widened.status).toBe(200);
  });

  it("agreement: a partner editor cannot drop its organisation from the parties", async () => {
    const editor = (
      await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: own }], [own])
    ).client;
    const created = await admin.json<Versioned>("/api/agreements", {
      method: "POST",
      body: JSON.stringify({
        title: "Scope agreement",
        kind: "mou",
        parties: [
          { organisationId: own, role: "signatory" },
          { organisationId: other, role: "signatory" },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const before = await databaseFootprint(handle.db);
    const dropped = await patch(editor, `/api/agreements/${created.body.id}`, created.body.version, {
      parties: [
        { organisationId: other, role: "signatory" },
        { organisationId: third, role: "signatory" },
      ],
    });
    expect(dropped.status).toBe(403);
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });

  it("the check itself: unchanged scope passes, a move needs the right where the record lands", () => {
    const scope = (organisationIds: string[], districtIds: string[] = []) => ({
      organisationIds,
      districtIds,
    });
    const editor = buildUserActor(
      [{ role: "partner_editor", scopeType: "organisation", scopeId: "a" }],
      ["a"],
    );
    expect(() => assertChangeStaysInScope(editor, "programme", scope(["b"]), scope(["b"]))).not.toThrow();
    expect(() =>
      assertChangeStaysInScope(editor, "programme", scope(["a"]), scope(["a", "b"])),
    ).not.toThrow();
    expect(() => assertChangeStaysInScope(editor, "programme", scope(["a"]), scope(["b"]))).toThrow(/out of/);
    expect(() =>
      assertChangeStaysInScope({ kind: "system", label: "t" }, "programme", scope(["a"]), scope(["b"])),
    ).not.toThrow();
  });
});
