// Confidential incidents over HTTP, on both databases: a Musanze CSO's case worker records a hindrance and a
// trafficking case; who sees what (names only with the identity permission — the keys absent otherwise; 404 out of
// scope, also in lists); forbidden fields named and nothing written; consent recorded and withdrawn; every read in
// the access log; the canary name in no audit row.
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { LOG_REDACT_PATHS } from "../../server/bootstrap";
import { todayInKigali } from "../../shared/today";
import type { AccessLogEntry, Incident, IncidentInputSchema, IncidentList, Person } from "./incidents.schema";

const CANARY_NAME = "Canary Uwimana-9QZ";
const CANARY_CONTACT = "+250 788 000 999 canary";
const CANARY_TEXT = "Canary-description: held 9 days at the station without a lawyer";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let cso: string;
let musanze: string;
let huye: string;
let caseWorker: TestClient;
let caseWorkerId: string;
let csoEditor: TestClient;
let huyeCaseWorker: TestClient;
let musanzeReviewer: TestClient;
let viewer: TestClient;
let hindrance: Incident;
const logLines: string[] = [];

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

const hindranceInput = (): z.input<typeof IncidentInputSchema> => ({
  kind: "hindrance_to_justice",
  occurredOn: "2026-11",
  placeKind: "district",
  placeId: musanze,
  description: CANARY_TEXT,
  reportingOrganisationId: cso,
  persons: [
    {
      role: "victim",
      sex: "male",
      ageGroup: "25-59",
      nationality: "RW",
      disability: "none",
      identity: { name: CANARY_NAME, contact: CANARY_CONTACT },
    },
    {
      role: "perpetrator",
      perpetratorType: "state_agent",
      sex: "unknown",
      ageGroup: "unknown",
      disability: "unknown",
    },
  ],
});

beforeAll(async () => {
  handle = await createTestDatabase();
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  // The server's own logger settings at debug level: every line a run writes, captured for the canary check.
  const logger = pino(
    { level: "debug", redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" } },
    destination,
  );
  server = createTestServer(handle, { logger });
  const admin = (await server.signInAs([nationalGrant("administrator")])).client;
  const district = async (name: string) =>
    (await read<{ items: { id: string }[] }>(admin.request(`/api/places?q=${name}&kind=district&limit=1`)))
      .items[0]?.id as string;
  musanze = await district("Musanze");
  huye = await district("Huye");
  cso = (await createOrganisationFixture(handle, { name: "Musanze Legal Aid Network" })).id;
  const signedIn = await server.signInAs(
    [{ role: "case_worker", scopeType: "organisation", scopeId: cso }],
    [cso],
  );
  caseWorker = signedIn.client;
  caseWorkerId = signedIn.userId;
  csoEditor = (
    await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: cso }], [cso])
  ).client;
  huyeCaseWorker = (await server.signInAs([{ role: "case_worker", scopeType: "district", scopeId: huye }]))
    .client;
  musanzeReviewer = (
    await server.signInAs([{ role: "incident_reviewer", scopeType: "district", scopeId: musanze }])
  ).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  hindrance = await read<Incident>(send(caseWorker, "POST", "/api/incidents", hindranceInput()), 201);
});

afterAll(async () => {
  await handle?.close();
});

describe("recording an incident", () => {
  it("keeps the facts, gives each person a pseudonymous code and shows the case worker the names", async () => {
    expect(hindrance.reference).toMatch(/^INC-\d{4}-\d{5}$/);
    expect(hindrance.districtName).toBe("Musanze");
    expect(hindrance.description).toBe(CANARY_TEXT);
    expect(hindrance.persons).toHaveLength(2);
    const [victim, perpetrator] = hindrance.persons as [Person, Person];
    expect(victim.code).toMatch(/^P-[0-9A-Z]{8}$/);
    expect(victim.identity).toEqual({ name: CANARY_NAME, contact: CANARY_CONTACT });
    expect(perpetrator.perpetratorType).toBe("state_agent");
    expect(hindrance.can).toMatchObject({ update: true, seeIdentity: true });
  });

  it("stores names, contacts and the description sealed, never as written", async () => {
    const rows = await queryRows<{ text: string }>(
      handle.db,
      sql`select concat_ws('|', i.description_sealed, x.name_sealed, x.contact_sealed) as text
          from incident i join incident_person p on p.incident_id = i.id
          join incident_person_identity x on x.person_id = p.id where i.id = ${hindrance.id}`,
    );
    expect(rows).toHaveLength(1);
    for (const canary of [CANARY_NAME, CANARY_CONTACT, CANARY_TEXT])
      expect(rows[0]?.text).not.toContain(canary);
  });

  it("refuses names from a role without the identity permission, naming the field, and writes nothing", async () => {
    const res = await expectNothingWritten(handle.db, () =>
      send(csoEditor, "POST", "/api/incidents", hindranceInput()),
    );
    await expectProblem(res, 403, { path: "persons.0.identity" });
  });

  it("refuses a place of the wrong kind and a trafficking section on another kind, naming the fields", async () => {
    const res = await send(caseWorker, "POST", "/api/incidents", {
      ...hindranceInput(),
      placeKind: "sector",
      trafficking: { exploitationTypes: ["ForcedLabour"] },
    });
    await expectProblem(res, 422, { path: ["trafficking"] });
    const wrongPlace = await send(caseWorker, "POST", "/api/incidents", {
      ...hindranceInput(),
      placeKind: "sector",
    });
    await expectProblem(wrongPlace, 422, { path: "placeId" });
  });

  it("records a trafficking case abroad with its HTCDS details", async () => {
    const created = await read<Incident>(
      send(caseWorker, "POST", "/api/incidents", {
        kind: "trafficking",
        occurredOn: "2026",
        placeKind: "abroad",
        countryCode: "AE",
        description: "Recruited for domestic work abroad, passport withheld.",
        reportingOrganisationId: cso,
        trafficking: {
          exploitationTypes: ["ForcedLabour", "Servitude"],
          recruitmentMethods: ["ThroughFriendsOrSocialEvents"],
          controlMethods: ["WithholdsDocuments", "DebtBondage"],
          events: [
            { type: "Recruitment", countryCode: "RW", districtId: musanze },
            { type: "Exploitation", countryCode: "AE", date: "2026-02" },
          ],
        },
        persons: [{ role: "victim", sex: "female", ageGroup: "18-24" }],
      }),
      201,
    );
    expect(created.trafficking?.controlMethods).toEqual(["WithholdsDocuments", "DebtBondage"]);
    expect(created.districtId).toBeNull();
    expect(created.countryCode).toBe("AE");
  });
});

describe("who sees what", () => {
  it("leaves the identity key out entirely for partner staff, reviewers and viewers", async () => {
    for (const reader of [csoEditor, musanzeReviewer, viewer]) {
      const res = await reader.request(`/api/incidents/${hindrance.id}`);
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(text).not.toContain(CANARY_NAME);
      expect(text).not.toContain(CANARY_CONTACT);
      const body = JSON.parse(text) as Incident;
      for (const person of body.persons) expect(Object.keys(person)).not.toContain("identity");
      expect(body.can.seeIdentity).toBe(false);
    }
  });

  it("answers 404 to a case worker of another district, and keeps the incident out of their lists", async () => {
    await expectProblem(await huyeCaseWorker.request(`/api/incidents/${hindrance.id}`), 404);
    await expectProblem(await huyeCaseWorker.request(`/api/incidents/${hindrance.id}/access-log`), 404);
    await expectProblem(
      await send(
        huyeCaseWorker,
        "PATCH",
        `/api/incidents/${hindrance.id}`,
        { status: "closed" },
        hindrance.version,
      ),
      404,
    );
    const list = await read<IncidentList>(huyeCaseWorker.request("/api/incidents"));
    expect(list.total).toBe(0);
    const mine = await read<IncidentList>(caseWorker.request("/api/incidents"));
    expect(mine.items.map((i) => i.id)).toContain(hindrance.id);
    expect(JSON.stringify(mine)).not.toContain(CANARY_TEXT);
  });

  it("lets a district reviewer list the district's incidents but not change them", async () => {
    const list = await read<IncidentList>(musanzeReviewer.request(`/api/incidents?districtId=${musanze}`));
    expect(list.items.map((i) => i.id)).toContain(hindrance.id);
    await expectProblem(
      await send(
        musanzeReviewer,
        "PATCH",
        `/api/incidents/${hindrance.id}`,
        { status: "closed" },
        hindrance.version,
      ),
      403,
    );
  });

  it("refuses a legal hold from partner staff, naming the field, and leaves the row as it was", async () => {
    const current = await read<Incident>(caseWorker.request(`/api/incidents/${hindrance.id}`));
    const res = await expectNothingWritten(handle.db, () =>
      send(csoEditor, "PATCH", `/api/incidents/${hindrance.id}`, { legalHold: true }, current.version),
    );
    await expectProblem(res, 403, { path: "legalHold" });
    const held = await read<Incident>(
      send(caseWorker, "PATCH", `/api/incidents/${hindrance.id}`, { legalHold: true }, current.version),
    );
    expect(held.legalHold).toBe(true);
    const stale = await send(
      caseWorker,
      "PATCH",
      `/api/incidents/${hindrance.id}`,
      { legalHold: false },
      current.version,
    );
    expect(stale.status).toBe(412);
  });
});

describe("the linked periodic report", () => {
  const report = async (organisationId: string, period: string, status = "draft") => {
    const [row] = await queryRows<{ id: string }>(
      handle.db,
      sql`insert into submission (organisation_id, period, period_type, content, status)
          values (${organisationId}, ${period}, 'quarter', '{}'::jsonb, ${status}) returning id`,
    );
    return row?.id as string;
  };
  let q3: string;
  let otherOrganisationsReport: string;
  type Linkable = { items: { id: string; period: string; status: string; canRead: boolean }[] };

  beforeAll(async () => {
    await report(cso, "2026-Q2", "accepted");
    q3 = await report(cso, "2026-Q3", "submitted");
    const other = (await createOrganisationFixture(handle, { name: "Huye Paralegals" })).id;
    otherOrganisationsReport = await report(other, "2026-Q3");
  });

  it("offers the reporting organisation's reports, newest first, with a link only for who may open them", async () => {
    const path = `/api/incidents/linkable-submissions?organisationId=${cso}`;
    const forCaseWorker = await read<Linkable>(caseWorker.request(path));
    expect(forCaseWorker.items.map((s) => [s.period, s.status, s.canRead])).toEqual([
      ["2026-Q3", "submitted", false],
      ["2026-Q2", "accepted", false],
    ]);
    const forEditor = await read<Linkable>(csoEditor.request(path));
    expect(forEditor.items.map((s) => s.canRead)).toEqual([true, true]);
    // A district's case worker records incidents of any organisation reporting there.
    expect((await read<Linkable>(huyeCaseWorker.request(path))).items).toHaveLength(2);
    await expectProblem(await viewer.request(path), 403);
    await expectProblem(await musanzeReviewer.request(path), 403);
    await expectProblem(
      await caseWorker.request("/api/incidents/linkable-submissions?organisationId=not-an-id"),
      422,
      { path: "organisationId" },
    );
  });

  it("links an incident to one of them and shows its period and state, never another organisation's", async () => {
    const current = await read<Incident>(caseWorker.request(`/api/incidents/${hindrance.id}`));
    const refused = await expectNothingWritten(handle.db, () =>
      send(
        caseWorker,
        "PATCH",
        `/api/incidents/${hindrance.id}`,
        { submissionId: otherOrganisationsReport },
        current.version,
      ),
    );
    await expectProblem(refused, 422, { path: "submissionId" });
    const linked = await read<Incident>(
      send(caseWorker, "PATCH", `/api/incidents/${hindrance.id}`, { submissionId: q3 }, current.version),
    );
    expect(linked.submission).toEqual({ id: q3, period: "2026-Q3", status: "submitted", canRead: false });
    const asEditor = await read<Incident>(csoEditor.request(`/api/incidents/${hindrance.id}`));
    expect(asEditor.submission?.canRead).toBe(true);
    const unlinked = await read<Incident>(
      send(caseWorker, "PATCH", `/api/incidents/${hindrance.id}`, { submissionId: null }, linked.version),
    );
    expect(unlinked.submission).toBeNull();
    expect(unlinked.submissionId).toBeNull();
  });
});

describe("consent", () => {
  it("records a consent, then its withdrawal from a day on, never before today", async () => {
    const victim = hindrance.persons[0] as Person;
    const given = await read<Person>(
      send(caseWorker, "POST", `/api/incidents/${hindrance.id}/persons/${victim.id}/consents`, {
        given: true,
        method: "written",
        givenOn: "2026-11-20",
        purposes: ["referral", "statistics"],
      }),
      201,
    );
    expect(given.consentInForce).toEqual({ referral: true, sharing: false, statistics: true });
    const consentId = given.consents[0]?.id as string;
    const backdated = await send(
      caseWorker,
      "POST",
      `/api/incidents/${hindrance.id}/persons/${victim.id}/consents/${consentId}/withdrawal`,
      { withdrawnOn: "2026-01-01" },
    );
    await expectProblem(backdated, 422, { path: "withdrawnOn" });
    const withdrawn = await read<Person>(
      send(
        caseWorker,
        "POST",
        `/api/incidents/${hindrance.id}/persons/${victim.id}/consents/${consentId}/withdrawal`,
        // Today as the server counts days (Kigali): between 22:00 and 24:00 UTC the UTC date is still yesterday there.
        { withdrawnOn: todayInKigali() },
      ),
    );
    expect(withdrawn.consentInForce.referral).toBe(false);
    expect(withdrawn.consents[0]?.withdrawnOn).not.toBeNull();
  });

  it("asks a guardian's consent for a child under 16", async () => {
    const child = await read<Person>(
      send(caseWorker, "POST", `/api/incidents/${hindrance.id}/persons`, {
        role: "witness",
        ageGroup: "12-15",
      }),
      201,
    );
    const own = await send(
      caseWorker,
      "POST",
      `/api/incidents/${hindrance.id}/persons/${child.id}/consents`,
      {
        given: true,
        method: "oral",
        givenOn: "2026-11-20",
        purposes: ["referral"],
      },
    );
    await expectProblem(own, 422, { path: "givenBy" });
    const guardian = await read<Person>(
      send(caseWorker, "POST", `/api/incidents/${hindrance.id}/persons/${child.id}/consents`, {
        given: true,
        method: "oral",
        givenOn: "2026-11-20",
        givenBy: "guardian",
        guardianRelation: "mother",
        purposes: ["referral"],
      }),
      201,
    );
    expect(guardian.consentInForce.referral).toBe(true);
  });

  it("refuses a name written on a person by partner staff, naming the field", async () => {
    const victim = (await read<Incident>(caseWorker.request(`/api/incidents/${hindrance.id}`)))
      .persons[0] as Person;
    const res = await send(
      csoEditor,
      "PATCH",
      `/api/incidents/${hindrance.id}/persons/${victim.id}`,
      { identity: { name: "Someone Else" } },
      victim.version,
    );
    await expectProblem(res, 403, { path: "identity" });
  });
});

describe("files", () => {
  const PDF = new TextEncoder().encode(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  );
  const upload = (client: TestClient, bytes: Uint8Array<ArrayBuffer>, name: string) => {
    const form = new FormData();
    form.set("file", new File([bytes], name, { type: "application/pdf" }));
    return client.request(`/api/incidents/${hindrance.id}/attachments`, { method: "POST", body: form });
  };

  it("keeps a file, serves it to readers with every download audited, and refuses a disguised one", async () => {
    const stored = await read<{ id: string; fileName: string }>(
      upload(caseWorker, PDF, `${CANARY_NAME} statement.pdf`),
      201,
    );
    const download = await caseWorker.request(`/api/incidents/${hindrance.id}/attachments/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("cache-control")).toContain("no-store");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    await expectProblem(
      await huyeCaseWorker.request(`/api/incidents/${hindrance.id}/attachments/${stored.id}`),
      404,
    );
    const disguised = await expectNothingWritten(handle.db, () =>
      upload(caseWorker, new TextEncoder().encode("<script>alert(1)</script>"), "report.pdf"),
    );
    expect(disguised.status).toBe(415);
    const oversize = await expectNothingWritten(handle.db, () =>
      upload(caseWorker, new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25), "big.pdf"),
    );
    await expectProblem(oversize, 413);
    const reads = await queryRows<{ reason: string | null }>(
      handle.db,
      sql`select changes -> 'reason' ->> 'after' as reason from audit_log
          where entity_id = ${hindrance.id} and action = 'read'`,
    );
    expect(reads.map((r) => r.reason)).toContain(`file ${stored.id}`);
  });
});

describe("the audit of reads", () => {
  it("lists each reader of the incident in its access log", async () => {
    const log = await read<AccessLogEntry[]>(caseWorker.request(`/api/incidents/${hindrance.id}/access-log`));
    const reads = log.filter((e) => e.action === "read");
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(new Set(reads.map((e) => e.actorLabel)).size).toBeGreaterThanOrEqual(3);
    expect(reads.every((e) => e.requestId !== null)).toBe(true);
    const rows = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where actor_user_id = ${caseWorkerId} and entity_type = 'incident_list'`,
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
  });

  it("keeps every name, contact and description out of the audit log", async () => {
    const rows = await queryRows<{ text: string }>(
      handle.db,
      sql`select coalesce(entity_label, '') || ' ' || changes::text as text from audit_log`,
    );
    const all = rows.map((r) => r.text).join("\n");
    for (const canary of [CANARY_NAME, CANARY_CONTACT, CANARY_TEXT, "Canary"])
      expect(all).not.toContain(canary);
  });

  it("keeps them out of every log line the run wrote", () => {
    expect(logLines.length).toBeGreaterThan(20);
    for (const canary of [CANARY_NAME, CANARY_CONTACT, CANARY_TEXT, "Canary"])
      expect(logLines.join("\n")).not.toContain(canary);
  });
});
