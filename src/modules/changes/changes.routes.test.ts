// The recent-changes feed over HTTP, on both databases (issue 22): who changed what and when, only for records the
// reader may read — filtered in SQL, so pages stay full —, never an incident's content (a canary), filters by module
// and organisation, cursor paging, and bad queries refused.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
  visitsCreateVisitFixture,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ChangeEntry, ChangePage } from "./changes.schema";

/** In the incident's description and a person's name: it must reach no answer of the feed, for any reader. */
const CANARY = "CANARY-FEED-7731";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let cso: string;
let musanze: string;
let huye: string;
let incidentId: string;
let incidentReference: string;
let organisationId: string;
let agreementId: string;
let visitId: string;
let readers: Record<string, TestClient>;

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

/** Every entry a reader sees (following the cursor), and the raw text of every page. */
async function feedOf(client: TestClient, params: Record<string, string> = {}) {
  const items: ChangeEntry[] = [];
  const texts: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: "100", ...params, ...(cursor ? { cursor } : {}) });
    const res = await client.request(`/api/changes?${query}`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    texts.push(text);
    const page = JSON.parse(text) as ChangePage;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, text: texts.join("\n") };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  const admin = await server.signInAs([nationalGrant("administrator")]);
  const district = async (name: string) =>
    (
      await read<{ items: { id: string }[] }>(
        admin.client.request(`/api/places?q=${name}&kind=district&limit=1`),
      )
    ).items[0]?.id as string;
  musanze = await district("Musanze");
  huye = await district("Huye");
  cso = (await createOrganisationFixture(handle, { name: "Musanze Legal Aid Network" })).id;
  const partner = (await createOrganisationFixture(handle, { name: "Huye Paralegals" })).id;

  // The coordinator who writes, then leaves (deactivated); another reads.
  const clerk = await server.signInAs([nationalGrant("coordinator")]);
  const caseWorker = await server.signInAs(
    [{ role: "case_worker", scopeType: "organisation", scopeId: cso }],
    [cso],
  );
  const visit = await visitsCreateVisitFixture(handle);
  visitId = visit.visit.id;
  readers = {
    administrator: admin.client,
    coordinator: (await server.signInAs([nationalGrant("coordinator")])).client,
    caseWorker: caseWorker.client,
    huyeCaseWorker: (await server.signInAs([{ role: "case_worker", scopeType: "district", scopeId: huye }]))
      .client,
    musanzeReviewer: (
      await server.signInAs([{ role: "incident_reviewer", scopeType: "district", scopeId: musanze }])
    ).client,
    viewer: (await server.signInAs([nationalGrant("viewer")])).client,
    partnerEditor: (
      await server.signInAs(
        [{ role: "partner_editor", scopeType: "organisation", scopeId: partner }],
        [partner],
      )
    ).client,
    monitor: (
      await server.signInAs([
        { role: "monitor", scopeType: "organisation", scopeId: visit.monitoringOrganisationId },
      ])
    ).client,
  };

  // The clerk registers an organisation and an agreement with it; is renamed, then leaves (deactivated).
  organisationId = (
    await read<{ id: string }>(
      send(clerk.client, "POST", "/api/organisations", { name: "Feed Test Clinic", kind: "local_cso" }),
      201,
    )
  ).id;
  agreementId = (
    await read<{ id: string }>(
      send(clerk.client, "POST", "/api/agreements", buildAgreementInput([organisationId, partner])),
      201,
    )
  ).id;
  await handle.db.execute(
    sql`update "user" set name = 'Claudine Feed', disabled = true where id = ${clerk.userId}`,
  );

  // The case worker records an incident whose text and victim's name hold the canary, then changes it.
  const created = await read<{ id: string; reference: string; version: number }>(
    send(caseWorker.client, "POST", "/api/incidents", {
      kind: "hindrance_to_justice",
      occurredOn: "2026-11",
      placeKind: "district",
      placeId: musanze,
      description: `${CANARY}: held at the station without a lawyer`,
      reportingOrganisationId: cso,
      persons: [
        {
          role: "victim",
          sex: "male",
          ageGroup: "25-59",
          nationality: "RW",
          disability: "none",
          identity: { name: `${CANARY} Uwimana`, contact: `+250 788 ${CANARY}` },
        },
      ],
    }),
    201,
  );
  incidentId = created.id;
  incidentReference = created.reference;
  await read(
    send(
      caseWorker.client,
      "PATCH",
      `/api/incidents/${incidentId}`,
      // The description alone: an audited change (its sealed form's fingerprint changes, never its text).
      { description: `${CANARY}: released after 9 days` },
      created.version,
    ),
  );
  // Reads are not changes: the case worker opens it again.
  await read(caseWorker.client.request(`/api/incidents/${incidentId}`));
});

afterAll(async () => {
  await handle?.close();
});

const incidentEntries = (items: ChangeEntry[]) => items.filter((i) => i.entityType === "incident");

describe("GET /api/changes", () => {
  it("never answers the incident's text, names, reference or changed values, to any reader", async () => {
    for (const [role, client] of Object.entries(readers)) {
      const filters: Record<string, string>[] = [{}, { module: "incidents" }, { organisationId: cso }];
      for (const params of filters) {
        const { text } = await feedOf(client, params);
        expect(text, role).not.toContain(CANARY);
        expect(text, role).not.toContain(incidentReference);
        expect(text, role).not.toMatch(/"(changes|before|after)"/);
      }
    }
  });

  it("shows the case worker 'Incident updated' and 'created' without content; readers without access see none", async () => {
    const mine = incidentEntries((await feedOf(readers.caseWorker as TestClient)).items);
    expect(mine.map((e) => e.action)).toEqual(["updated", "created"]);
    expect(mine[0]).toEqual({
      id: expect.any(Number),
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
      actorName: "Test User",
      action: "updated",
      module: "incidents",
      entityType: "incident",
      entityId: incidentId,
      label: null,
      link: `/incidents/${incidentId}`,
      organisations: [{ id: cso, name: "Musanze Legal Aid Network" }],
    });
    // The district's reviewer reads Musanze's incidents; a national viewer reads all.
    expect(incidentEntries((await feedOf(readers.musanzeReviewer as TestClient)).items)).toHaveLength(2);
    expect(incidentEntries((await feedOf(readers.viewer as TestClient)).items)).toHaveLength(2);
    // Administrators and coordinators run the register, not cases; Huye's case worker and another partner are out.
    for (const role of ["administrator", "coordinator", "huyeCaseWorker", "partnerEditor", "monitor"]) {
      const { items } = await feedOf(readers[role] as TestClient);
      expect(incidentEntries(items), role).toEqual([]);
      expect(
        items.some((i) => i.module === "incidents" && i.entityType !== "service_provider"),
        role,
      ).toBe(false);
    }
  });

  it("shows the shared register's changes to everyone, with who (a deactivated user keeps their name) and what", async () => {
    for (const [role, client] of Object.entries(readers)) {
      const { items } = await feedOf(client, { module: "organisations" });
      const created = items.find((i) => i.entityId === organisationId);
      expect(created, role).toMatchObject({
        actorName: "Claudine Feed",
        action: "created",
        module: "organisations",
        entityType: "organisation",
        label: "Feed Test Clinic",
        link: `/organisations/${organisationId}`,
        organisations: [{ id: organisationId, name: "Feed Test Clinic" }],
      });
      expect(new Set(items.map((i) => i.module)), role).toEqual(new Set(["organisations"]));
    }
  });

  it("shows an unpublished monitoring visit's changes to its monitors only, without a label", async () => {
    const visits = (items: ChangeEntry[]) => items.filter((i) => i.entityId === visitId);
    const monitor = visits((await feedOf(readers.monitor as TestClient, { module: "monitoring" })).items);
    expect(monitor).toEqual([
      expect.objectContaining({ action: "created", entityType: "monitoring_visit", label: null }),
    ]);
    for (const role of ["administrator", "coordinator", "viewer", "caseWorker"])
      expect(visits((await feedOf(readers[role] as TestClient)).items), role).toEqual([]);
  });

  it("filters by organisation: the agreement shows under each party, not under another organisation", async () => {
    const coordinator = readers.coordinator as TestClient;
    const forClinic = (await feedOf(coordinator, { organisationId })).items;
    expect(forClinic.map((i) => i.entityId)).toEqual(expect.arrayContaining([agreementId, organisationId]));
    expect(forClinic.every((i) => i.organisations.some((o) => o.id === organisationId))).toBe(true);
    const forCso = (await feedOf(coordinator, { organisationId: cso })).items;
    expect(forCso.map((i) => i.entityId)).not.toContain(agreementId);
    const agreements = (await feedOf(coordinator, { module: "agreements" })).items;
    expect(agreements.find((i) => i.entityId === agreementId)).toMatchObject({
      action: "created",
      link: `/agreements/${agreementId}`,
    });
  });

  it("lists writes only, newest first, and pages by cursor without gaps or repeats", async () => {
    const viewer = readers.viewer as TestClient;
    const all = (await feedOf(viewer)).items;
    expect(all.length).toBeGreaterThan(4);
    const ids = all.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const page: ChangePage = await read<ChangePage>(
        viewer.request(`/api/changes?limit=2${cursor ? `&cursor=${cursor}` : ""}`),
      );
      expect(page.items.length).toBe(page.nextCursor ? 2 : page.items.length);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);
  });

  it("keeps pages full for a reader who sees little: the access rules run before the limit", async () => {
    // Fifty incident writes newer than anything Huye's case worker may read.
    await handle.db.execute(
      sql`insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes)
          select null, 'test', 'update', 'incident', ${incidentId}, 'x', '{}'::jsonb from generate_series(1, 50)`,
    );
    const huye = readers.huyeCaseWorker as TestClient;
    const page = await read<ChangePage>(huye.request("/api/changes?limit=1"));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.entityType).not.toBe("incident");
  });

  it("tells a status change from another update, still without values", async () => {
    await handle.db.execute(
      sql`insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes)
          values (null, 'Registry clerk', 'update', 'organisation', ${organisationId}, 'Feed Test Clinic',
                  '{"status": {"before": "active", "after": "inactive"}}'::jsonb)`,
    );
    const page = await read<ChangePage>(
      (readers.partnerEditor as TestClient).request("/api/changes?limit=1&module=organisations"),
    );
    expect(page.items[0]).toMatchObject({ action: "status_changed", actorName: "Registry clerk" });
    expect(JSON.stringify(page)).not.toContain("inactive");
  });

  it("refuses a cursor it never gave out, an unknown module or organisation id, and strangers", async () => {
    const viewer = readers.viewer as TestClient;
    await expectProblem(await viewer.request("/api/changes?cursor=abc"), 422, { path: "cursor" });
    await expectProblem(await viewer.request("/api/changes?module=secrets"), 422, { path: "module" });
    await expectProblem(await viewer.request("/api/changes?organisationId=x"), 422, {
      path: "organisationId",
    });
    await expectProblem(await viewer.request("/api/changes?limit=1000"), 422, { path: "limit" });
    expect((await server.anonymous.request("/api/changes")).status).toBe(401);
  });

  it("shows a partnership's changes under partnerships and under each member, a member's change as its update", async () => {
    const coordinator = readers.coordinator as TestClient;
    const created = await read<{ id: string; version: number }>(
      send(coordinator, "POST", "/api/partnerships", {
        name: "Justice Actors Platform",
        kind: "platform",
        members: [{ organisationId, role: "lead" }],
      }),
      201,
    );
    const added = await send(
      coordinator,
      "POST",
      `/api/partnerships/${created.id}/members`,
      { organisationId: cso, role: "member" },
      created.version,
    );
    expect(added.status, await added.text()).toBe(201);
    const viewer = readers.viewer as TestClient;
    const partnerships = (await feedOf(viewer, { module: "partnerships" })).items;
    expect(partnerships.map((i) => [i.entityType, i.action, i.label])).toEqual([
      ["partnership", "updated", "Justice Actors Platform"],
      ["partnership", "created", "Justice Actors Platform"],
    ]);
    expect(partnerships[0]?.link).toBe(`/partnerships/${created.id}`);
    // Under each member, now that the CSO is one; and not among another module's changes.
    for (const member of [organisationId, cso])
      expect((await feedOf(viewer, { organisationId: member })).items.map((i) => i.entityId)).toContain(
        created.id,
      );
    expect((await feedOf(viewer, { module: "agreements" })).items.map((i) => i.entityId)).not.toContain(
      created.id,
    );
  });
});
