// Partnerships over HTTP, on both databases: a coordinator creates one with members, objectives, a vague period and
// linked records; a member's editor edits it and its members, another organisation's editor cannot; refusals name
// the field and change nothing; If-Match guards every edit; every change is in the audit log.
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createOrganisationFixture,
  createProgrammeFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { auditLogTable } from "../audit/audit.table";
import type { Member, Partnership, PartnershipSummary } from "./partnerships.schema";

let handle: DatabaseHandle;
let coordinator: TestClient;
let viewer: TestClient;
let leadEditor: TestClient;
let donorEditor: TestClient;
let outsiderEditor: TestClient;
let lead: string;
let member: string;
let donor: string;
let outsider: string;
let agreementId: string;
let programmeId: string;
let created: Partnership;

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
  const server = createTestServer(handle);
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  lead = (await createOrganisationFixture(handle, { name: "Healing Network Lead" })).id;
  member = (await createOrganisationFixture(handle, { name: "Dialogue Member" })).id;
  donor = (await createOrganisationFixture(handle, { name: "Peace Donor", kind: "embassy_donor" })).id;
  outsider = (await createOrganisationFixture(handle, { name: "Outside Organisation" })).id;
  const editor = async (org: string) =>
    (await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: org }], [org]))
      .client;
  leadEditor = await editor(lead);
  donorEditor = await editor(donor);
  outsiderEditor = await editor(outsider);
  agreementId = (
    await createAgreementFixture(handle, {
      parties: [
        { organisationId: lead, role: "signatory" },
        { organisationId: donor, role: "funder" },
      ],
    })
  ).id;
  programmeId = (await createProgrammeFixture(handle, { leadOrganisationId: member })).id;
});

afterAll(async () => {
  await handle?.close();
});

describe("creating and reading a partnership", () => {
  it("creates one with members, objectives, a vague period and linked records, and lists it", async () => {
    const res = await send(coordinator, "POST", "/api/partnerships", {
      name: "Healing Actors Platform",
      acronym: "HAP",
      kind: "platform",
      objectives: ["Share lessons on healing", "Avoid duplication"],
      startsOn: "early 2022",
      members: [
        { organisationId: lead, role: "lead" },
        { organisationId: member, role: "member" },
        { organisationId: donor, role: "donor" },
      ],
      agreementIds: [agreementId],
      programmeIds: [programmeId],
    });
    expect(res.headers.get("etag")).toBe('"1"');
    created = await read<Partnership>(res, 201);
    expect(created.period).toEqual({ startsOn: "early 2022", endsOn: null, from: "2022-01-01", to: null });
    expect(created.members.map((m) => [m.name, m.role])).toEqual([
      ["Healing Network Lead", "lead"],
      ["Dialogue Member", "member"],
      ["Peace Donor", "donor"],
    ]);
    expect(created.agreements.map((a) => a.id)).toEqual([agreementId]);
    expect(created.programmes.map((p) => p.id)).toEqual([programmeId]);
    expect(created.canEdit).toBe(true);
    const list = await read<PartnershipSummary[]>(
      viewer.request(`/api/partnerships?organisationId=${donor}`),
    );
    expect(list.map((p) => p.acronym)).toEqual(["HAP"]);
    expect(await read<PartnershipSummary[]>(viewer.request("/api/partnerships?q=nothing%25like"))).toEqual(
      [],
    );
    // Everyone signed in reads it; a viewer or a donor's editor may not change it.
    expect((await read<Partnership>(viewer.request(`/api/partnerships/${created.id}`))).canEdit).toBe(false);
    expect((await read<Partnership>(donorEditor.request(`/api/partnerships/${created.id}`))).canEdit).toBe(
      false,
    );
  });

  it("refuses bad input with the field's path and writes nothing", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await send(coordinator, "POST", "/api/partnerships", { name: " ", kind: "platform" }),
        422,
        { path: "name", in: "body" },
      );
      await expectProblem(
        await send(coordinator, "POST", "/api/partnerships", { name: "X platform", kind: "club" }),
        422,
        { path: "kind" },
      );
      await expectProblem(
        await send(coordinator, "POST", "/api/partnerships", {
          name: "Unknown members",
          kind: "network",
          members: [{ organisationId: "00000000-0000-4000-8000-000000000000", role: "member" }],
          programmeIds: [programmeId, "00000000-0000-4000-8000-000000000001"],
        }),
        422,
        { path: ["members.0.organisationId", "programmeIds.1"] },
      );
      await expectProblem(
        await send(coordinator, "POST", "/api/partnerships", {
          name: "Backwards",
          kind: "network",
          startsOn: "2024",
          endsOn: "2020",
        }),
        422,
        { path: "endsOn" },
      );
      await expectProblem(
        await send(coordinator, "POST", "/api/partnerships", {
          name: "healing actors platform",
          kind: "network",
        }),
        409,
        { path: "name" },
      );
    });
  });

  it("lets partner staff start one only when their organisation keeps it", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await send(outsiderEditor, "POST", "/api/partnerships", {
          name: "Someone else's coalition",
          kind: "coalition",
          members: [{ organisationId: lead, role: "lead" }],
        }),
        403,
      );
    });
    const own = await read<Partnership>(
      send(outsiderEditor, "POST", "/api/partnerships", {
        name: "Outsiders' own network",
        kind: "network",
        members: [{ organisationId: outsider, role: "secretariat" }],
      }),
      201,
    );
    expect(own.canEdit).toBe(true);
  });
});

describe("editing a partnership and its members", () => {
  it("lets a member's editor edit, and refuses another organisation's editor without changing anything", async () => {
    const path = `/api/partnerships/${created.id}`;
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await send(outsiderEditor, "PATCH", path, { name: "Taken over" }, 1), 403);
      await expectProblem(await send(donorEditor, "PATCH", path, { name: "Taken over" }, 1), 403);
      await expectProblem(
        await send(outsiderEditor, "POST", `${path}/members`, { organisationId: outsider, role: "lead" }),
        403,
      );
      await expectProblem(await send(leadEditor, "PATCH", path, { name: "No version" }), 428);
      await expectProblem(await send(leadEditor, "PATCH", path, { name: "Old version" }, 7), 412);
      await expectProblem(await send(leadEditor, "PATCH", path, { objectives: ["ok", ""] }, 1), 422, {
        path: "objectives.1",
      });
      await expectProblem(await send(leadEditor, "PATCH", path, { endsOn: "whenever" }, 1), 422, {
        path: "endsOn",
      });
      await expectProblem(await send(coordinator, "DELETE", path, undefined, 7), 412);
      await expectProblem(await send(leadEditor, "DELETE", path, undefined, 1), 403);
    });
    const updated = await read<Partnership>(
      send(
        leadEditor,
        "PATCH",
        path,
        { objectives: ["Share lessons on healing"], endsOn: "2026", agreementIds: [] },
        1,
      ),
    );
    expect(updated.version).toBe(2);
    expect(updated.objectives).toEqual(["Share lessons on healing"]);
    expect(updated.period.to).toBe("2026-12-31");
    expect(updated.agreements).toEqual([]);
    expect(updated.programmes.map((p) => p.id)).toEqual([programmeId]);
    created = updated;
  });

  it("adds, changes and removes members with If-Match, and keeps the editor's own organisation in", async () => {
    const path = `/api/partnerships/${created.id}/members`;
    const added = await read<Member>(
      send(leadEditor, "POST", path, { organisationId: outsider, role: "observer" }),
      201,
    );
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await send(leadEditor, "POST", path, { organisationId: outsider, role: "member" }),
        409,
        {
          path: "organisationId",
        },
      );
      await expectProblem(
        await send(leadEditor, "POST", path, { organisationId: outsider, role: "chair" }),
        422,
        {
          path: "role",
        },
      );
      const leadMember = created.members.find((m) => m.organisationId === lead) as Member;
      // The lead's editor cannot make their own organisation a donor: they would lose the partnership.
      await expectProblem(
        await send(leadEditor, "PATCH", `${path}/${leadMember.id}`, { role: "donor" }, leadMember.version),
        403,
      );
      await expectProblem(await send(leadEditor, "DELETE", `${path}/${added.id}`, undefined, 9), 412);
      await expectProblem(
        await send(leadEditor, "DELETE", `${path}/00000000-0000-4000-8000-000000000000`, undefined, 1),
        404,
      );
    });
    const changed = await read<Member>(
      send(leadEditor, "PATCH", `${path}/${added.id}`, { role: "member" }, 1),
    );
    expect(changed).toMatchObject({ role: "member", version: 2 });
    // Now a member, the outsider's editor keeps it too.
    expect((await read<Partnership>(outsiderEditor.request(`/api/partnerships/${created.id}`))).canEdit).toBe(
      true,
    );
    expect((await send(leadEditor, "DELETE", `${path}/${added.id}`, undefined, 2)).status).toBe(204);
    const after = await read<Partnership>(coordinator.request(`/api/partnerships/${created.id}`));
    expect(after.members.map((m) => m.organisationId)).toEqual([lead, member, donor]);
  });

  it("writes every change to the audit log", async () => {
    const rows = await handle.db
      .select({ entityType: auditLogTable.entityType, action: auditLogTable.action })
      .from(auditLogTable)
      .where(inArray(auditLogTable.entityType, ["partnership", "partnership_member"]))
      .orderBy(asc(auditLogTable.chainSeq), asc(auditLogTable.id));
    const of = (type: string) => rows.filter((r) => r.entityType === type).map((r) => r.action);
    // Two creates (the platform, the outsiders' network); the edit and one history line per member change.
    expect(of("partnership")).toEqual(["create", "create", "update", "update", "update", "update"]);
    expect(of("partnership_member")).toEqual(["create", "update", "delete"]);
  });

  it("deletes with a coordinator's rights; the linked programme stays", async () => {
    expect(
      (await send(coordinator, "DELETE", `/api/partnerships/${created.id}`, undefined, created.version))
        .status,
    ).toBe(204);
    await expectProblem(await coordinator.request(`/api/partnerships/${created.id}`), 404);
    expect((await coordinator.request(`/api/programmes/${programmeId}`)).status).toBe(200);
  });

  it("refuses to delete a member organisation, saying it is a member of a partnership, and deletes nothing", async () => {
    const kept = await createOrganisationFixture(handle, { name: "Kept Member Association" });
    const made = await read<Partnership>(
      send(coordinator, "POST", "/api/partnerships", {
        name: "Keeping Platform",
        kind: "platform",
        members: [{ organisationId: kept.id, role: "member" }],
      }),
      201,
    );
    const refused = await expectNothingWritten(handle.db, async () =>
      expectProblem(
        await send(coordinator, "DELETE", `/api/organisations/${kept.id}`, undefined, kept.version),
        409,
      ),
    );
    expect(refused.detail).toBe(
      "Kept Member Association is still a member of a partnership; remove it from there first.",
    );
    expect((await coordinator.request(`/api/partnerships/${made.id}`)).status).toBe(200);
  });
});
