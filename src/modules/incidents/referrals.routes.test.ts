// Referrals over HTTP on both databases: a referral made, emailed to the provider through a real SMTP server with
// nothing of the person, refused with problems naming the field and nothing written, answered by one of two
// concurrent PATCHes, and out of sight (404, no identity key) for those who may not see it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  systemActor,
  TEST_ORIGIN,
  type TestClient,
} from "../../../tests/factories";
import {
  createIncidentFixture,
  districtGrant,
  districtIds,
  type IncidentFixture,
  orgGrant,
} from "../../../tests/incident-factories";
import { startSmtpServer, type TestSmtpServer } from "../../../tests/smtp";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { todayInKigali } from "../../shared/today";
import type { AccessLogEntry, Referral, ReferralSummary, ServiceProvider } from "./incidents.schema";
import { createServiceProvider } from "./service-providers.service";

const CANARY_NAME = "Canary Mukamana-7Q";
const CANARY_NOTE = "Canary note 7Q";
const PROVIDER_EMAIL = "isange-http@example.org";

let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let server: ReturnType<typeof createTestServer>;
let incident: IncidentFixture;
let isange: ServiceProvider;
let csoCaseWorker: TestClient;
let csoEditor: TestClient;
let isangeCaseWorker: TestClient;
let isangeCaseWorker2: TestClient;
let huyeCaseWorker: TestClient;

/**
 * Sessions and sign-in counters move on every request by design; every other table must not on a refusal. Email of
 * earlier steps is delivered first: its row would change under the comparison (pending → sent).
 */
async function footprint() {
  await server.mailer.deliverPending();
  return databaseFootprint(handle.db, { except: ["session", "rate_limit"] });
}
const post = (client: TestClient, path: string, body: unknown) =>
  client.request(path, { method: "POST", body: JSON.stringify(body) });
const referralBody = (person: number, extra: Record<string, unknown> = {}) => ({
  incidentId: incident.id,
  personId: incident.persons[person]?.id,
  providerId: isange.id,
  service: "psychosocial",
  ...extra,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  server = createTestServer(handle, { smtpUrl: smtp.url });
  const [musanze, huye] = (await districtIds(handle.db, "Musanze", "Huye")) as [string, string];
  const cso = await createOrganisationFixture(handle, { name: "Musanze HTTP CSO" });
  const isangeOrg = await createOrganisationFixture(handle, {
    name: "Isange HTTP centre",
    kind: "government",
  });
  isange = await createServiceProvider(
    { db: handle.db, actor: systemActor },
    {
      organisationId: isangeOrg.id,
      services: ["medical", "psychosocial"],
      nationwide: true,
      contactEmail: PROVIDER_EMAIL,
    },
  );
  incident = await createIncidentFixture(handle.db, {
    reportingOrganisationId: cso.id,
    districtId: musanze,
    persons: [
      { identity: { name: CANARY_NAME, contact: null }, consents: [{ givenOn: "2026-01-05" }] },
      {},
      { consents: [{ givenOn: "2026-01-05" }] },
    ],
  });
  csoCaseWorker = (await server.signInAs([orgGrant("case_worker", cso.id)], [cso.id])).client;
  csoEditor = (await server.signInAs([orgGrant("partner_editor", cso.id)], [cso.id])).client;
  isangeCaseWorker = (await server.signInAs([orgGrant("case_worker", isangeOrg.id)], [isangeOrg.id])).client;
  isangeCaseWorker2 = (await server.signInAs([orgGrant("case_worker", isangeOrg.id)], [isangeOrg.id])).client;
  huyeCaseWorker = (await server.signInAs([districtGrant("case_worker", huye)])).client;
}, 120_000);
afterAll(async () => {
  await server?.mailer.deliverPending();
  await smtp?.close();
  await handle?.close();
});

describe("POST /api/referrals", () => {
  let referral: Referral;

  it("refers, answers 201 with its version, and emails the provider nothing about the person", async () => {
    const res = await csoCaseWorker.json<Referral>("/api/referrals", {
      method: "POST",
      body: JSON.stringify(referralBody(0, { note: CANARY_NOTE })),
    });
    expect(res.status).toBe(201);
    referral = res.body;
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`/api/referrals/${referral.id}`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(referral).toMatchObject({ status: "pending", consentBasis: "consent", note: CANARY_NOTE });
    expect(referral.person.identity?.name).toBe(CANARY_NAME);

    const mail = await smtp.waitFor(PROVIDER_EMAIL);
    expect(mail.subject).toBe("New referral for psychosocial support from Musanze HTTP CSO");
    expect(mail.text).toContain(`${TEST_ORIGIN}/referrals/${referral.id}`);
    expect(mail.headers.get("content-language")).toBe("en");
    const whole = `${mail.subject}\n${mail.text}`;
    for (const secret of [CANARY_NAME, CANARY_NOTE, referral.person.code, referral.incidentReference])
      expect(whole).not.toContain(secret);
  });

  it("refuses without consent with 422 on consent, and writes nothing", async () => {
    const before = await footprint();
    await expectProblem(await post(csoCaseWorker, "/api/referrals", referralBody(1)), 422, {
      path: "consent",
      in: "body",
    });
    expect(await footprint()).toEqual(before);
  });

  it("refuses a partner editor's vital-interest override with 403 naming vitalInterestReason", async () => {
    const before = await footprint();
    const res = await post(csoEditor, "/api/referrals", referralBody(1, { vitalInterestReason: "Urgent" }));
    await expectProblem(res, 403, { path: "vitalInterestReason" });
    expect(await footprint()).toEqual(before);
    const override = await csoCaseWorker.json<Referral>("/api/referrals", {
      method: "POST",
      body: JSON.stringify(referralBody(1, { service: "medical", vitalInterestReason: "Urgent" })),
    });
    expect(override.status).toBe(201);
    expect(override.body.consentBasis).toBe("vital_interest");
  });

  it("names an unknown provider and a service it does not offer", async () => {
    const before = await footprint();
    await expectProblem(
      await post(csoCaseWorker, "/api/referrals", referralBody(0, { providerId: incident.id })),
      422,
      { path: "providerId" },
    );
    const problem = await expectProblem(
      await post(csoCaseWorker, "/api/referrals", referralBody(0, { service: "shelter" })),
      422,
      { path: "service" },
    );
    expect(problem.errors?.[0]?.message).toBe(
      "Isange HTTP centre does not offer shelter (it offers medical, psychosocial).",
    );
    expect(await footprint()).toEqual(before);
  });

  describe("then", () => {
    it("shows the identity key to the provider's case worker only, and 404 to another district", async () => {
      const mine = await isangeCaseWorker.json<Referral>(`/api/referrals/${referral.id}`);
      expect(mine.status).toBe(200);
      expect(mine.body.person.identity).toEqual({ name: CANARY_NAME, contact: null });
      const editor = await csoEditor.request(`/api/referrals/${referral.id}`);
      expect(editor.status).toBe(200);
      const text = await editor.text();
      expect(text).not.toContain('"identity"');
      expect(text).not.toContain(CANARY_NAME);
      expect(text).toContain(CANARY_NOTE);
      await expectProblem(await huyeCaseWorker.request(`/api/referrals/${referral.id}`), 404);
      const list = await huyeCaseWorker.json<{ items: unknown[]; total: number }>("/api/referrals");
      expect(list.body).toEqual({ items: [], total: 0 });
      await expectProblem(await huyeCaseWorker.request(`/api/incidents/${incident.id}/referrals`), 404);
      const ofIncident = await isangeCaseWorker.json<ReferralSummary[]>(
        `/api/incidents/${incident.id}/referrals`,
      );
      expect(ofIncident.body.map((r) => r.id)).toContain(referral.id);
      const received = await isangeCaseWorker.json<{ items: ReferralSummary[]; total: number }>(
        "/api/referrals?direction=received&status=pending",
      );
      expect(received.body.items.map((r) => r.id)).toContain(referral.id);
      await expectProblem(await isangeCaseWorker.request("/api/referrals?direction=upwards"), 422, {
        path: "direction",
        in: "query",
      });
    });

    it("lists the provider's reads of the referral in the incident's access log", async () => {
      const log = await csoCaseWorker.json<AccessLogEntry[]>(`/api/incidents/${incident.id}/access-log`);
      expect(log.status).toBe(200);
      const referralReads = log.body.filter((e) => e.entityType === "referral" && e.entityId === referral.id);
      expect(referralReads.some((e) => e.action === "read")).toBe(true);
      expect(referralReads.some((e) => e.action === "create")).toBe(true);
      const times = log.body.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it("takes one of two answers sent at once with the same If-Match: 200 and 412, one audit entry", async () => {
      const patch = (client: TestClient, body: unknown) =>
        client.request(`/api/referrals/${referral.id}`, {
          method: "PATCH",
          headers: { "if-match": '"1"' },
          body: JSON.stringify(body),
        });
      await expectProblem(
        await isangeCaseWorker.request(`/api/referrals/${referral.id}`, {
          method: "PATCH",
          body: JSON.stringify({ status: "accepted" }),
        }),
        428,
      );
      const [a, b] = await Promise.all([
        patch(isangeCaseWorker, { status: "accepted" }),
        patch(isangeCaseWorker2, { status: "declined", reason: "No room this week" }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = a.status === 200 ? a : b;
      expect(winner.headers.get("etag")).toBe('"2"');
      const updates = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from audit_log
            where entity_type = 'referral' and entity_id = ${referral.id} and action = 'update'`,
      );
      expect(updates[0]?.n).toBe(1);
      // The referring side may not answer for the provider.
      await expectProblem(
        await csoCaseWorker.request(`/api/referrals/${referral.id}`, {
          method: "PATCH",
          headers: { "if-match": '"2"' },
          body: JSON.stringify({ status: "in_progress" }),
        }),
        403,
        { path: "status" },
      );
    });

    it("records a follow-up for the provider, 201 with the referral", async () => {
      const current = await isangeCaseWorker.json<Referral>(`/api/referrals/${referral.id}`);
      const res = await post(isangeCaseWorker, `/api/referrals/${referral.id}/follow-ups`, {
        on: todayInKigali(),
        note: "First session held",
      });
      if (current.body.status === "accepted") {
        expect(res.status).toBe(201);
        expect(await res.json()).toMatchObject({
          status: "in_progress",
          followUps: [{ note: "First session held" }],
        });
      } else {
        // The decline won the race: a declined referral takes no follow-up.
        await expectProblem(res, 409);
      }
    });
  });
});
