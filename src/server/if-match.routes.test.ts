// Walks the OpenAPI document: every operation that changes or removes one record (PATCH, PUT or DELETE on a path
// that names it) declares If-Match, answers 428 without it and 412 at a stale version, and changes nothing then.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../tests/assertions";
import { createTestDatabase } from "../../tests/database";
import {
  createTestServer,
  nationalGrant,
  systemActor,
  type TestClient,
  visitsCreateVisitFixture,
} from "../../tests/factories";
import { createIncidentFixture, districtIds, orgGrant } from "../../tests/incident-factories";
import type { DatabaseHandle } from "../db/client";
import { createReferral } from "../modules/incidents";
import { createRecommendation } from "../modules/monitoring";
import { createOrganisation } from "../modules/organisations";
import { placeTable } from "../modules/places/places.table";

type Operation = {
  method: "patch" | "put" | "delete";
  path: string;
  parameters: string[];
  responses: string[];
};
/**
 * A record to aim an operation at: the path's parameters, its current version and, for a change, a valid body; and
 * who sends it, when an administrator may not (a referral is answered by the provider's case workers only).
 */
type Target = { params: Record<string, string>; version: number; body?: unknown; client?: TestClient };
type Resolver = (client: TestClient) => Promise<Target>;

/** Operations on a whole collection rather than one record: nothing to version. Each says why. */
const NOT_ONE_RECORD: Record<string, string> = {
  "PUT /api/places/boundaries": "replaces the whole set of district shapes; refused while it is being read",
  "DELETE /api/places/boundaries":
    "removes the whole loaded set of district shapes; the built-in set comes back",
};

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
let caseWorker: TestClient;
let caseWorkerOrganisation: string;

type Json = Record<string, unknown>;
async function getJson<T = Json>(client: TestClient, path: string): Promise<T> {
  const res = await client.json<T>(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return res.body;
}
async function postJson<T = Json>(client: TestClient, path: string, body: unknown): Promise<T> {
  const res = await client.json<T>(path, { method: "POST", body: JSON.stringify(body) });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
const first = <T>(items: readonly T[], what: string): T => {
  const [item] = items;
  if (item === undefined) throw new Error(`no ${what} in the example data`);
  return item;
};

let organisationCount = 0;
async function newOrganisation(client: TestClient): Promise<{ id: string; version: number }> {
  organisationCount++;
  return postJson(client, "/api/organisations", {
    name: `If-Match walk organisation ${organisationCount} ${Date.now()}`,
    kind: "local_cso",
  });
}

let partnershipCount = 0;
/** A new partnership with one member, as a target (the member's id and version for the member routes). */
async function newPartnership(
  client: TestClient,
): Promise<Target & { memberParams: Record<string, string>; memberVersion: number }> {
  partnershipCount++;
  const owner = await newOrganisation(client);
  const p = await postJson<{ id: string; version: number; members: { id: string; version: number }[] }>(
    client,
    "/api/partnerships",
    {
      name: `If-Match walk partnership ${partnershipCount} ${Date.now()}`,
      kind: "network",
      members: [{ organisationId: owner.id, role: "lead" }],
    },
  );
  const member = first(p.members, "member");
  return {
    params: { id: p.id },
    version: p.version,
    memberParams: { id: p.id, memberId: member.id },
    memberVersion: member.version,
  };
}

/** A membership of a new organisation in a new network, as a target (its network kept for a replacing body). */
async function newMembership(client: TestClient): Promise<Target & { networkId: string }> {
  const member = await newOrganisation(client);
  const network = await newOrganisation(client);
  const m = await postJson<{ id: string; version: number }>(
    client,
    `/api/organisations/${member.id}/memberships`,
    {
      networkId: network.id,
      role: "member",
    },
  );
  return { params: { id: member.id, membershipId: m.id }, version: m.version, networkId: network.id };
}

/** A contact person of a new organisation, as a target. */
async function newContactPerson(client: TestClient): Promise<Target> {
  const organisation = await newOrganisation(client);
  const c = await postJson<{ id: string; version: number }>(
    client,
    `/api/organisations/${organisation.id}/contacts`,
    { name: "Example Contact", phone: "+250 788 000 000" },
  );
  return { params: { id: organisation.id, contactId: c.id }, version: c.version };
}

/** A theme added for the walk (built-in themes cannot be deleted). */
async function newTheme(client: TestClient): Promise<Target> {
  const code = `walk_theme_${++organisationCount}`;
  const t = await postJson<{ version: number }>(client, "/api/themes", {
    code,
    names: { en: "Walk", fr: "Marche", rw: "Urugendo" },
  });
  return { params: { code }, version: t.version };
}

type AgreementDetail = {
  id: string;
  version: number;
  commitments: { id: string; version: number }[];
  progress: { id: string; version: number }[];
  documents: { id: string; version: number }[];
};
async function exampleAgreement(client: TestClient): Promise<AgreementDetail> {
  const list = await getJson<{ items: { id: string }[] }>(client, "/api/agreements?limit=50");
  for (const item of list.items) {
    const detail = await getJson<AgreementDetail>(client, `/api/agreements/${item.id}`);
    if (detail.commitments.length > 0 && detail.progress.length > 0) return detail;
  }
  throw new Error("no example agreement with commitments and progress");
}

type ProgrammeDetail = {
  id: string;
  version: number;
  logframe: { id: string; version: number; level: string; text: string }[];
  indicators: { id: string; version: number }[];
  events: { id: string; version: number }[];
};
async function exampleProgramme(client: TestClient): Promise<ProgrammeDetail> {
  const list = await getJson<{ items: { id: string }[] }>(client, "/api/programmes");
  return getJson<ProgrammeDetail>(client, `/api/programmes/${first(list.items, "programme").id}`);
}

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** A new reporting body (a new organisation made one), an obligation to it and a draft report, for the walk. */
async function newReportingBody(client: TestClient): Promise<{ id: string; version: number }> {
  const org = await newOrganisation(client);
  return postJson(client, "/api/reporting-bodies", { organisationId: org.id, kind: "other" });
}
async function newObligation(
  client: TestClient,
): Promise<{ id: string; version: number; organisationId: string }> {
  const body = await newReportingBody(client);
  const reporter = await newOrganisation(client);
  return postJson(client, "/api/reporting-obligations", {
    organisationId: reporter.id,
    bodyId: body.id,
    periodType: "quarter",
    dueDays: 15,
    startPeriod: "2026-Q1",
  });
}
async function newDraftSubmission(client: TestClient): Promise<Target> {
  const obligation = await newObligation(client);
  const s = await postJson<{ id: string; version: number }>(client, "/api/submissions", {
    organisationId: obligation.organisationId,
    period: "2026-Q2",
  });
  return { params: { id: s.id }, version: s.version };
}

/** A district meeting of its own quarter (one per district, body and quarter), with one action item. */
let meetingCount = 0;
async function newMeeting(client: TestClient): Promise<Target & { itemId: string; itemVersion: number }> {
  const districts = await getJson<{ items: { id: string }[] }>(client, "/api/places?kind=district&limit=1");
  meetingCount++;
  const m = await postJson<{ id: string; version: number }>(client, "/api/meetings", {
    districtId: first(districts.items, "district").id,
    bodyKind: "jadf",
    quarter: `${2030 + meetingCount}-Q1`,
  });
  const owner = await newOrganisation(client);
  const item = await postJson<{ id: string; version: number }>(client, `/api/meetings/${m.id}/action-items`, {
    ownerOrganisationId: owner.id,
    text: "Walk the If-Match path",
  });
  return {
    params: { id: m.id, itemId: item.id },
    version: m.version,
    itemId: item.id,
    itemVersion: item.version,
  };
}

/** An incident recorded by the walk's case worker, with one victim. */
async function newIncident(): Promise<Target & { personId: string; personVersion: number }> {
  const incident = await postJson<{
    id: string;
    version: number;
    persons: { id: string; version: number }[];
  }>(caseWorker, "/api/incidents", {
    kind: "human_rights_abuse",
    placeKind: "unknown",
    description: "Walk the If-Match path",
    reportingOrganisationId: caseWorkerOrganisation,
    persons: [{ role: "victim" }],
  });
  const person = first(incident.persons, "person");
  return {
    params: { id: incident.id, personId: person.id },
    version: incident.version,
    client: caseWorker,
    personId: person.id,
    personVersion: person.version,
  };
}

/** A new organisation in the directory of service providers, nationwide. */
async function newServiceProvider(
  client: TestClient,
): Promise<{ id: string; version: number; organisationId: string }> {
  const org = await newOrganisation(client);
  return postJson(client, "/api/service-providers", {
    organisationId: org.id,
    services: ["psychosocial"],
    nationwide: true,
  });
}

/** A pending referral to a new provider, with a case worker of that provider to answer it. */
async function newReferral(client: TestClient): Promise<Target> {
  const provider = await newServiceProvider(client);
  const cso = await newOrganisation(client);
  const [musanze] = await districtIds(handle.db, "Musanze");
  const incident = await createIncidentFixture(handle.db, {
    reportingOrganisationId: cso.id,
    districtId: musanze ?? null,
    persons: [{ consents: [{ givenOn: "2026-01-01" }] }],
  });
  const referral = await createReferral(
    { db: handle.db, actor: systemActor },
    { publicUrl: "http://127.0.0.1:3000" },
    {
      incidentId: incident.id,
      personId: incident.persons[0]?.id,
      providerId: provider.id,
      service: "psychosocial",
    },
  );
  const caseWorker = await server.signInAs(
    [orgGrant("case_worker", provider.organisationId)],
    [provider.organisationId],
  );
  return {
    params: { id: referral.id },
    version: referral.version,
    body: { status: "accepted" },
    client: caseWorker.client,
  };
}

/** A roadmap item of a new monitoring body, with a monitor of that body to change it (administrators only read). */
async function newPlanItem(client: TestClient): Promise<Target> {
  const body = await newOrganisation(client);
  const monitor = await server.signInAs([orgGrant("monitor", body.id)], [body.id]);
  const item = await postJson<{ id: string; version: number }>(monitor.client, "/api/monitoring-plan-items", {
    monitoringOrganisationId: body.id,
    area: "npm_work",
    title: "If-Match walk item",
  });
  return { params: { id: item.id }, version: item.version, client: monitor.client };
}

/** A monitoring visit (conducted, with one finding, when asked) and a monitor of its monitoring body. */
async function newVisit(conducted: boolean) {
  const made = await visitsCreateVisitFixture(handle, { conducted });
  const monitor = await server.signInAs(
    [orgGrant("monitor", made.monitoringOrganisationId)],
    [made.monitoringOrganisationId],
  );
  return { ...made, client: monitor.client };
}

/** A police station's cells in the first district, for the walk (places of detention are edited with If-Match). */
async function newPlaceOfDetention(client: TestClient): Promise<{ id: string; version: number }> {
  const districts = await getJson<{ items: { id: string }[] }>(client, "/api/places?kind=district&limit=1");
  return postJson(client, "/api/places", {
    name: `Walk Police Station ${++organisationCount}`,
    parentId: first(districts.items, "district").id,
    operator: "RNP",
    facilityKind: "police_station",
  });
}
/** An occupancy figure of a new place of detention. */
async function newOccupancyFigure(client: TestClient): Promise<Target> {
  const place = await newPlaceOfDetention(client);
  const f = await postJson<{ id: string; version: number }>(client, `/api/places/${place.id}/occupancy`, {
    asOf: "2024-01-31",
    capacity: 40,
    population: 52,
    source: "Walk",
  });
  return { params: { id: place.id, figureId: f.id }, version: f.version };
}

/** A recommendation of a new monitoring body to a new addressee, with a signed-in monitor and addressee editor. */
async function newRecommendation(): Promise<{
  id: string;
  version: number;
  addressee: string;
  monitor: TestClient;
  editor: TestClient;
}> {
  const system = { db: handle.db, actor: systemActor };
  const body = await createOrganisation(system, {
    name: `Walk NPM ${++organisationCount}`,
    kind: "government",
  });
  const addressee = await createOrganisation(system, {
    name: `Walk RCS ${++organisationCount}`,
    kind: "government",
  });
  const [place] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.kind, "place_of_detention"))
    .limit(1);
  const rec = await createRecommendation(system, {
    monitoringOrganisationId: body.id,
    text: "Walk recommendation",
    theme: "overcrowding",
    addresseeOrganisationId: addressee.id,
    priority: "medium",
    issuedOn: "2026-01-10",
    placeIds: [place?.id ?? ""],
  });
  const monitor = await server.signInAs([orgGrant("monitor", body.id)], [body.id]);
  const editor = await server.signInAs([orgGrant("partner_editor", addressee.id)], [addressee.id]);
  return {
    id: rec.id,
    version: rec.version,
    addressee: addressee.id,
    monitor: monitor.client,
    editor: editor.client,
  };
}
async function newFollowUpAction(): Promise<Target> {
  const r = await newRecommendation();
  const a = await postJson<{ id: string; version: number }>(r.editor, "/api/follow-up-actions", {
    organisationId: r.addressee,
    title: "Walk action",
    recommendationIds: [r.id],
  });
  return { params: { id: a.id }, version: a.version, client: r.editor };
}

/** A library document (a small PDF) and a lesson of a new organisation. */
async function newLibraryDocument(client: TestClient): Promise<Target> {
  const form = new FormData();
  form.set("title", "Walk report");
  form.set("kind", "report");
  form.set("language", "en");
  form.set("file", new File([PDF], "walk.pdf", { type: "application/pdf" }));
  const res = await client.json<{ id: string; version: number }>("/api/library/documents", {
    method: "POST",
    body: form,
  });
  if (res.status !== 201) throw new Error(`library upload answered ${res.status}`);
  return { params: { id: res.body.id }, version: res.body.version };
}
async function newLesson(client: TestClient): Promise<Target> {
  const organisation = await newOrganisation(client);
  const l = await postJson<{ id: string; version: number }>(client, "/api/library/lessons", {
    title: "Walk lesson",
    whatHappened: "Walked.",
    whatWasLearned: "If-Match.",
    language: "en",
    organisationId: organisation.id,
  });
  return { params: { id: l.id }, version: l.version };
}

/** How to find (or make) a record for each operation. A new PATCH, PUT or DELETE needs a line here. */
const RESOLVERS: Record<string, Resolver> = {
  "PATCH /api/monitoring-visits/{id}": async () => {
    const { visit, client } = await newVisit(false);
    return { params: { id: visit.id }, version: visit.version, client, body: { summary: "Walked" } };
  },
  "DELETE /api/monitoring-visits/{id}": async () => {
    const { visit, client } = await newVisit(false);
    return { params: { id: visit.id }, version: visit.version, client };
  },
  "PATCH /api/monitoring-visits/{id}/findings/{findingId}": async () => {
    const { visit, finding, client } = await newVisit(true);
    return {
      params: { id: visit.id, findingId: finding?.id ?? "" },
      version: finding?.version ?? 0,
      client,
      body: { severity: "low" },
    };
  },
  "DELETE /api/monitoring-visits/{id}/findings/{findingId}": async () => {
    const { visit, finding, client } = await newVisit(true);
    return { params: { id: visit.id, findingId: finding?.id ?? "" }, version: finding?.version ?? 0, client };
  },
  "DELETE /api/monitoring-visits/{id}/findings/{findingId}/files/{fileId}": async () => {
    const { visit, finding, client } = await newVisit(true);
    const form = new FormData();
    form.set("file", new File([PDF], "evidence.pdf", { type: "application/pdf" }));
    const path = `/api/monitoring-visits/${visit.id}/findings/${finding?.id}/files`;
    const res = await client.json<{ id: string; version: number }>(path, { method: "POST", body: form });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
    return {
      params: { id: visit.id, findingId: finding?.id ?? "", fileId: res.body.id },
      version: res.body.version,
      client,
    };
  },
  "PATCH /api/places/{id}": async (client) => {
    const p = await newPlaceOfDetention(client);
    return { params: { id: p.id }, version: p.version, body: { capacity: 45 } };
  },
  "PATCH /api/places/{id}/occupancy/{figureId}": async (client) => ({
    ...(await newOccupancyFigure(client)),
    body: { population: 50 },
  }),
  "DELETE /api/places/{id}/occupancy/{figureId}": newOccupancyFigure,
  "PATCH /api/recommendations/{id}": async () => {
    const r = await newRecommendation();
    return { params: { id: r.id }, version: r.version, client: r.monitor, body: { priority: "high" } };
  },
  "DELETE /api/recommendations/{id}": async () => {
    const r = await newRecommendation();
    return { params: { id: r.id }, version: r.version, client: r.monitor };
  },
  "PUT /api/recommendations/{id}/response": async () => {
    const r = await newRecommendation();
    const body = { response: "We accept it.", respondedOn: "2026-02-01" };
    return { params: { id: r.id }, version: r.version, client: r.editor, body };
  },
  "PATCH /api/follow-up-actions/{id}": async () => ({
    ...(await newFollowUpAction()),
    body: { progress: 10 },
  }),
  "DELETE /api/follow-up-actions/{id}": newFollowUpAction,
  "PATCH /api/incidents/{id}": async () => ({ ...(await newIncident()), body: { legalHold: true } }),
  "PATCH /api/incidents/{id}/persons/{personId}": async () => {
    const i = await newIncident();
    return { params: i.params, version: i.personVersion, client: caseWorker, body: { sex: "female" } };
  },
  "DELETE /api/incidents/{id}/persons/{personId}": async () => {
    const i = await newIncident();
    return { params: i.params, version: i.personVersion, client: caseWorker };
  },
  "PATCH /api/service-providers/{id}": async (client) => {
    const p = await newServiceProvider(client);
    return { params: { id: p.id }, version: p.version, body: { capacity: "Walked" } };
  },
  "DELETE /api/service-providers/{id}": async (client) => {
    const p = await newServiceProvider(client);
    return { params: { id: p.id }, version: p.version };
  },
  "PATCH /api/referrals/{id}": newReferral,
  "PATCH /api/monitoring-plan-items/{id}": async (client) => ({
    ...(await newPlanItem(client)),
    body: { progress: 40 },
  }),
  "DELETE /api/monitoring-plan-items/{id}": newPlanItem,
  "PATCH /api/meetings/{id}": async (client) => ({
    ...(await newMeeting(client)),
    body: { minutes: "Walked" },
  }),
  "DELETE /api/meetings/{id}": newMeeting,
  "PATCH /api/meetings/{id}/action-items/{itemId}": async (client) => {
    const m = await newMeeting(client);
    return { params: m.params, version: m.itemVersion, body: { status: "done" } };
  },
  "DELETE /api/meetings/{id}/action-items/{itemId}": async (client) => {
    const m = await newMeeting(client);
    return { params: m.params, version: m.itemVersion };
  },
  "PATCH /api/partnerships/{id}": async (client) => ({
    ...(await newPartnership(client)),
    body: { objectives: ["Walked"] },
  }),
  "DELETE /api/partnerships/{id}": newPartnership,
  "PATCH /api/partnerships/{id}/members/{memberId}": async (client) => {
    const p = await newPartnership(client);
    return { params: p.memberParams, version: p.memberVersion, body: { role: "secretariat" } };
  },
  "DELETE /api/partnerships/{id}/members/{memberId}": async (client) => {
    const p = await newPartnership(client);
    return { params: p.memberParams, version: p.memberVersion };
  },
  "PATCH /api/reporting-bodies/{id}": async (client) => {
    const b = await newReportingBody(client);
    return { params: { id: b.id }, version: b.version, body: { remindersEnabled: false } };
  },
  "PATCH /api/reporting-obligations/{id}": async (client) => {
    const o = await newObligation(client);
    return { params: { id: o.id }, version: o.version, body: { dueDays: 30 } };
  },
  "PATCH /api/submissions/{id}": async (client) => ({
    ...(await newDraftSubmission(client)),
    body: { content: { narrative: "What we did this quarter." } },
  }),
  "DELETE /api/submissions/{id}": newDraftSubmission,
  "DELETE /api/incidents/{id}/attachments/{attachmentId}": async () => {
    const incident = await newIncident();
    const incidentId = incident.params.id as string;
    const form = new FormData();
    form.set("file", new File([PDF], "statement.pdf", { type: "application/pdf" }));
    const res = await caseWorker.json<{ id: string; version: number }>(
      `/api/incidents/${incidentId}/attachments`,
      { method: "POST", body: form },
    );
    if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
    return {
      params: { id: incidentId, attachmentId: res.body.id },
      version: res.body.version,
      client: caseWorker,
    };
  },
  "DELETE /api/submissions/{id}/attachments/{attachmentId}": async (client) => {
    const draft = await newDraftSubmission(client);
    const form = new FormData();
    form.set("file", new File([PDF], "annex.pdf", { type: "application/pdf" }));
    const res = await client.json<{ id: string; version: number }>(
      `/api/submissions/${draft.params.id}/attachments`,
      { method: "POST", body: form },
    );
    if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
    return { params: { ...draft.params, attachmentId: res.body.id }, version: res.body.version };
  },
  "PATCH /api/public-portal": async (client) => {
    const settings = await getJson<{ version: number }>(client, "/api/public-portal");
    return { params: {}, version: settings.version, body: { incidentStatistics: true } };
  },
  "PATCH /api/me": async (client) => {
    const me = await getJson<{ version: number }>(client, "/api/me");
    return { params: {}, version: me.version, body: { locale: "fr" } };
  },
  "PATCH /api/users/{id}": async (client) => {
    const user = await postJson<{ id: string; version: number }>(client, "/api/users", {
      name: "If-Match Walk",
      email: `walk-${++organisationCount}-${Date.now()}@example.org`,
      password: "seven purple lanterns drift north",
      grants: [{ role: "viewer", scopeType: "national", scopeId: null }],
    });
    return { params: { id: user.id }, version: user.version, body: { locale: "fr" } };
  },
  "PATCH /api/organisations/{id}": async (client) => {
    const org = await newOrganisation(client);
    return { params: { id: org.id }, version: org.version, body: { website: "https://example.org" } };
  },
  "DELETE /api/organisations/{id}": async (client) => {
    const org = await newOrganisation(client);
    return { params: { id: org.id }, version: org.version };
  },
  "PUT /api/organisations/{id}/memberships/{membershipId}": async (client) => {
    const m = await newMembership(client);
    return { ...m, body: { networkId: m.networkId, role: "chair" } };
  },
  "DELETE /api/organisations/{id}/memberships/{membershipId}": newMembership,
  "PATCH /api/organisations/{id}/contacts/{contactId}": async (client) => ({
    ...(await newContactPerson(client)),
    body: { function: "Programme officer" },
  }),
  "DELETE /api/organisations/{id}/contacts/{contactId}": newContactPerson,
  "PATCH /api/agreements/{id}": async (client) => {
    const a = await exampleAgreement(client);
    return { params: { id: a.id }, version: a.version, body: { renewalTerms: "Renewed by letter" } };
  },
  "DELETE /api/agreements/{id}": async (client) => {
    const a = await exampleAgreement(client);
    return { params: { id: a.id }, version: a.version };
  },
  "PATCH /api/agreements/{id}/commitments/{commitmentId}": async (client) => {
    const a = await exampleAgreement(client);
    const c = first(a.commitments, "commitment");
    return { params: { id: a.id, commitmentId: c.id }, version: c.version, body: { status: "done" } };
  },
  "DELETE /api/agreements/{id}/commitments/{commitmentId}": async (client) => {
    const a = await exampleAgreement(client);
    const c = first(a.commitments, "commitment");
    return { params: { id: a.id, commitmentId: c.id }, version: c.version };
  },
  "PATCH /api/agreements/{id}/progress/{entryId}": async (client) => {
    const a = await exampleAgreement(client);
    const p = first(a.progress, "progress entry");
    return { params: { id: a.id, entryId: p.id }, version: p.version, body: { text: "Checked again" } };
  },
  "DELETE /api/agreements/{id}/progress/{entryId}": async (client) => {
    const a = await exampleAgreement(client);
    const p = first(a.progress, "progress entry");
    return { params: { id: a.id, entryId: p.id }, version: p.version };
  },
  "DELETE /api/agreements/{id}/documents/{documentId}": async (client) => {
    const a = await exampleAgreement(client);
    const form = new FormData();
    form.set("kind", "signed_copy");
    form.set("file", new File([PDF], "signed.pdf", { type: "application/pdf" }));
    const res = await client.json<{ id: string; version: number }>(`/api/agreements/${a.id}/documents`, {
      method: "POST",
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
    return { params: { id: a.id, documentId: res.body.id }, version: res.body.version };
  },
  "PATCH /api/library/documents/{id}": async (client) => ({
    ...(await newLibraryDocument(client)),
    body: { title: "Walked" },
  }),
  "DELETE /api/library/documents/{id}": newLibraryDocument,
  "PATCH /api/library/lessons/{id}": async (client) => ({
    ...(await newLesson(client)),
    body: { title: "Walked" },
  }),
  "DELETE /api/library/lessons/{id}": newLesson,
  "PATCH /api/themes/{code}": async (client) => ({
    ...(await newTheme(client)),
    body: { names: { en: "Walked", fr: "Marché", rw: "Urugendo" } },
  }),
  "DELETE /api/themes/{code}": newTheme,
  "PATCH /api/iati-sector-themes/{code}": async (client) => {
    const { items } = await getJson<{ items: { sectorCode: string; version: number }[] }>(
      client,
      "/api/iati-sector-themes",
    );
    const sector = first(
      items.filter((i) => i.sectorCode === "15136"),
      "DAC sector",
    );
    return { params: { code: sector.sectorCode }, version: sector.version, body: { themeCode: "legal_aid" } };
  },
  "PATCH /api/programmes/{id}": async (client) => {
    const p = await exampleProgramme(client);
    return { params: { id: p.id }, version: p.version, body: { title: "Counter-trafficking, phase two" } };
  },
  "DELETE /api/programmes/{id}": async (client) => {
    const p = await exampleProgramme(client);
    return { params: { id: p.id }, version: p.version };
  },
  "PATCH /api/programmes/{id}/logframe/{itemId}": async (client) => {
    const p = await exampleProgramme(client);
    const item = first(p.logframe, "logframe item");
    return {
      params: { id: p.id, itemId: item.id },
      version: item.version,
      body: { text: `${item.text} (revised)` },
    };
  },
  "DELETE /api/programmes/{id}/logframe/{itemId}": async (client) => {
    // A new activity: one that holds indicators or events is refused (409) whatever its version.
    const p = await exampleProgramme(client);
    const output = first(
      p.logframe.filter((i) => i.level === "output"),
      "output",
    );
    const item = await postJson<{ id: string; version: number }>(client, `/api/programmes/${p.id}/logframe`, {
      parentId: output.id,
      level: "activity",
      text: "An activity to remove",
    });
    return { params: { id: p.id, itemId: item.id }, version: item.version };
  },
  "PATCH /api/programmes/{id}/indicators/{indicatorId}": async (client) => {
    const p = await exampleProgramme(client);
    const i = first(p.indicators, "indicator");
    return {
      params: { id: p.id, indicatorId: i.id },
      version: i.version,
      body: { title: "People reached (revised)" },
    };
  },
  "DELETE /api/programmes/{id}/indicators/{indicatorId}": async (client) => {
    const p = await exampleProgramme(client);
    const i = first(p.indicators, "indicator");
    return { params: { id: p.id, indicatorId: i.id }, version: i.version };
  },
  "DELETE /api/programmes/{id}/results/{resultId}": async (client) => {
    // A result reported by hand: one counted from an event is removed with its event.
    const p = await exampleProgramme(client);
    const indicator = first(p.indicators, "indicator");
    const r = await postJson<{ id: string; version: number }>(client, `/api/programmes/${p.id}/results`, {
      indicatorId: indicator.id,
      periodStart: "2012-01-01",
      periodEnd: "2012-03-31",
      valueKind: "exact",
      value: 12,
    });
    return { params: { id: p.id, resultId: r.id }, version: r.version };
  },
  "PATCH /api/programmes/{id}/events/{eventId}": async (client) => {
    const p = await exampleProgramme(client);
    const e = first(p.events, "event");
    return { params: { id: p.id, eventId: e.id }, version: e.version, body: { notes: "Checked on site" } };
  },
  "DELETE /api/programmes/{id}/events/{eventId}": async (client) => {
    const p = await exampleProgramme(client);
    const e = first(p.events, "event");
    return { params: { id: p.id, eventId: e.id }, version: e.version };
  },
  "DELETE /api/coordination/imports/{id}": async (client) => {
    const csv = [
      "Organisation,Sector,District,Activity",
      "#org +name,#sector,#adm2 +name,#activity +name",
      // The file must differ from any imported before: the activity carries a counter.
      `Prison Fellowship Rwanda,health,Burera,Health talks ${++organisationCount}`,
    ].join("\r\n");
    const done = await postJson<{ importId: string }>(client, "/api/coordination/imports", {
      fileName: "walk.csv",
      csv,
    });
    const list = await getJson<{ items: { id: string; version: number }[] }>(
      client,
      "/api/coordination/imports",
    );
    const item = list.items.find((i) => i.id === done.importId);
    if (!item) throw new Error("the import is not listed");
    return { params: { id: item.id }, version: item.version };
  },
};

/** Sessions and the sign-in rate counters move on every request by design; every other table must not. */
const footprint = () => databaseFootprint(handle.db, { except: ["session", "rate_limit"] });

async function readOperations(): Promise<Operation[]> {
  const doc = await getJson<{
    paths: Record<
      string,
      Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>
    >;
  }>(admin, "/api/openapi.json");
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (method !== "patch" && method !== "put" && method !== "delete") continue;
      operations.push({
        method,
        path,
        parameters: (op.parameters ?? []).map((p) => `${p.in}:${p.name.toLowerCase()}`),
        responses: Object.keys(op.responses),
      });
    }
  }
  return operations;
}

const keyOf = (op: Pick<Operation, "method" | "path">) => `${op.method.toUpperCase()} ${op.path}`;
const urlOf = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  caseWorkerOrganisation = (await newOrganisation(admin)).id;
  caseWorker = (
    await server.signInAs(
      [{ role: "case_worker", scopeType: "organisation", scopeId: caseWorkerOrganisation }],
      [caseWorkerOrganisation],
    )
  ).client;
  for (const demo of ["/api/demo/status-report", "/api/demo/programme"]) {
    const res = await admin.request(demo, { method: "POST", body: "{}" });
    if (res.status >= 300) throw new Error(`${demo} answered ${res.status}: ${await res.text()}`);
  }
}, 120_000);
afterAll(async () => {
  await handle?.close();
});

describe("If-Match on every operation that changes one record", () => {
  it("is declared in the OpenAPI document with its 412 and 428 answers", async () => {
    const operations = await readOperations();
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      if (NOT_ONE_RECORD[keyOf(op)]) continue;
      expect(op.parameters, keyOf(op)).toContain("header:if-match");
      expect(op.responses, keyOf(op)).toEqual(expect.arrayContaining(["412", "428"]));
      expect(RESOLVERS[keyOf(op)], `${keyOf(op)} has no resolver in this test: add one`).toBeDefined();
    }
  });

  it("answers 428 without If-Match and 412 at a stale version, changing nothing; the right version works", async () => {
    // Changes first, then removals of children before their parents, so each target still exists.
    const operations = (await readOperations())
      .filter((op) => !NOT_ONE_RECORD[keyOf(op)])
      .sort((a, b) => {
        const rank = (op: Operation) => (op.method === "delete" ? 1 : 0);
        return rank(a) - rank(b) || b.path.split("/").length - a.path.split("/").length;
      });
    for (const op of operations) {
      const resolve = RESOLVERS[keyOf(op)];
      if (!resolve) throw new Error(`${keyOf(op)} has no resolver in this test: add one`);
      const target = await resolve(admin);
      const url = urlOf(op.path, target.params);
      const sender = target.client ?? admin;
      const send = (ifMatch: string | null) =>
        sender.request(url, {
          method: op.method.toUpperCase(),
          headers: ifMatch === null ? {} : { "if-match": ifMatch },
          ...(target.body === undefined ? {} : { body: JSON.stringify(target.body) }),
        });

      const before = await footprint();
      const missing = await send(null);
      expect(missing.status, `${keyOf(op)} without If-Match`).toBe(428);
      expect(missing.headers.get("content-type")).toContain("application/problem+json");
      const stale = await send(`"${target.version + 1}"`);
      expect(stale.status, `${keyOf(op)} at a stale version`).toBe(412);
      expect(await footprint(), `${keyOf(op)} changed data while refusing`).toEqual(before);

      const done = await send(`"${target.version}"`);
      expect(done.status, `${keyOf(op)} at the current version: ${await done.clone().text()}`).toBeLessThan(
        300,
      );
      if (op.method !== "delete" && done.status === 200)
        expect(done.headers.get("etag"), `${keyOf(op)} answers the new version`).toBe(
          `"${target.version + 1}"`,
        );
    }
  }, 180_000);
});
