// Monitoring visits over HTTP, on both databases: an NCHR monitor plans an unannounced visit to Nyarugenge
// Correctional Facility, conducts it, records findings with evidence, opens a case as an incident (only with the
// incident permission), downloads the report and publishes it; who reads what (404 while unpublished, everyone
// after); bad input named by field with nothing written.
import { sql } from "drizzle-orm";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { Finding, Visit, VisitInput, VisitList } from "./visits.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let nchr: string;
let rcs: string;
let prison: string;
let district: string;
let monitor: TestClient;
let monitorCaseWorker: TestClient;
let otherEditor: TestClient;
let viewer: TestClient;
let visit: Visit;

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

const visitInput = (overrides: Partial<VisitInput> = {}): VisitInput => ({
  monitoringOrganisationId: nchr,
  placeId: prison,
  announced: false,
  visitType: "regular",
  startsOn: "2026-03-10",
  endsOn: "2026-03-11",
  objectives: "Conditions of detention and legal safeguards",
  team: [
    { name: "Monitor One", role: "monitor" },
    { name: "Dr Expert", role: "doctor" },
  ],
  interviews: [
    { category: "detainees", count: 24 },
    { category: "staff", count: 6 },
  ],
  ...overrides,
});

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0,
  1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0,
  0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  const admin = (await server.signInAs([nationalGrant("administrator")])).client;
  const places = await read<{ items: { id: string; name: string; kind: string }[] }>(
    admin.request("/api/places?q=Nyarugenge&limit=20"),
  );
  prison = places.items.find((p) => p.name === "Nyarugenge Correctional Facility")?.id as string;
  district = places.items.find((p) => p.kind === "district")?.id as string;
  nchr = (
    await createOrganisationFixture(handle, {
      name: "National Commission for Human Rights",
      kind: "government",
    })
  ).id;
  rcs = (await createOrganisationFixture(handle, { name: "Rwanda Correctional Service", kind: "government" }))
    .id;
  const monitorGrant = { role: "monitor" as const, scopeType: "organisation" as const, scopeId: nchr };
  monitor = (await server.signInAs([monitorGrant], [nchr])).client;
  monitorCaseWorker = (
    await server.signInAs(
      [monitorGrant, { role: "case_worker", scopeType: "organisation", scopeId: nchr }],
      [nchr],
    )
  ).client;
  otherEditor = (
    await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: rcs }], [rcs])
  ).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  visit = await read<Visit>(send(monitor, "POST", "/api/monitoring-visits", visitInput()), 201);
});

afterAll(async () => {
  await handle?.close();
});

describe("monitoring visits", () => {
  it("plans an unannounced visit with its team, interviews and the place's district", async () => {
    expect(visit).toMatchObject({
      status: "planned",
      announced: false,
      placeName: "Nyarugenge Correctional Facility",
      monitoringOrganisationName: "National Commission for Human Rights",
      districtId: district,
      publishedOn: null,
      findings: [],
      can: { update: true, delete: true, publish: false },
    });
    expect(visit.reference).toMatch(/^VIS-2026-\d+$/);
    expect(visit.interviews).toEqual([
      { category: "detainees", count: 24 },
      { category: "staff", count: 6 },
    ]);
    const [audit] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where entity_type = 'monitoring_visit' and entity_id = ${visit.id}`,
    );
    expect(audit?.n).toBe(1);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const cases: [Partial<VisitInput>, string][] = [
      [{ endsOn: "2026-03-09" }, "endsOn"],
      [{ placeId: district }, "placeId"],
      [{ interviews: [{ category: "detainees", count: -1 }] }, "interviews.0.count"],
      [{ followUpOfVisitId: visit.id }, "followUpOfVisitId"],
    ];
    for (const [overrides, path] of cases) {
      const res = await expectNothingWritten(handle.db, () =>
        send(monitor, "POST", "/api/monitoring-visits", visitInput(overrides)),
      );
      await expectProblem(res, 422, { path });
    }
  });

  it("refuses planning for another monitoring body, and hides unpublished visits from everyone else (404)", async () => {
    const res = await expectNothingWritten(handle.db, () =>
      send(monitor, "POST", "/api/monitoring-visits", visitInput({ monitoringOrganisationId: rcs })),
    );
    await expectProblem(res, 403);
    const otherBody = (await createOrganisationFixture(handle, { kind: "government" })).id;
    const otherMonitor = (
      await server.signInAs([{ role: "monitor", scopeType: "organisation", scopeId: otherBody }], [otherBody])
    ).client;
    for (const client of [otherEditor, viewer, otherMonitor]) {
      await expectProblem(await client.request(`/api/monitoring-visits/${visit.id}`), 404);
      await expectProblem(await client.request(`/api/monitoring-visits/${visit.id}/report.docx`), 404);
      const list = await read<VisitList>(client.request("/api/monitoring-visits"));
      expect(list.items.map((v) => v.id)).not.toContain(visit.id);
    }
    const mine = await read<VisitList>(monitor.request(`/api/monitoring-visits?placeId=${prison}&year=2026`));
    expect(mine.items.map((v) => v.id)).toEqual([visit.id]);
    const none = await read<VisitList>(monitor.request("/api/monitoring-visits?status=conducted"));
    expect(none.items).toEqual([]);
  });

  it("refuses a finding before the visit is conducted, and conducting a visit that starts in the future", async () => {
    const early = await expectNothingWritten(handle.db, () =>
      send(monitor, "POST", `/api/monitoring-visits/${visit.id}/findings`, {
        theme: "overcrowding",
        severity: "high",
        text: "Cells hold three times their capacity.",
      }),
    );
    await expectProblem(early, 409);
    const future = await read<Visit>(
      send(monitor, "POST", "/api/monitoring-visits", visitInput({ startsOn: "2199-01-01", endsOn: null })),
      201,
    );
    const res = await expectNothingWritten(handle.db, () =>
      send(monitor, "PATCH", `/api/monitoring-visits/${future.id}`, { status: "conducted" }, future.version),
    );
    await expectProblem(res, 422, { path: "status" });
    const ends = await send(
      monitor,
      "PATCH",
      `/api/monitoring-visits/${future.id}`,
      { endsOn: "2198-12-31" },
      1,
    );
    await expectProblem(ends, 422, { path: "endsOn" });
    expect((await send(monitor, "DELETE", `/api/monitoring-visits/${future.id}`, undefined, 1)).status).toBe(
      204,
    );
  });

  it("conducts the visit and records findings on overcrowding and access to a lawyer, with a vulnerable group", async () => {
    visit = await read<Visit>(
      send(
        monitor,
        "PATCH",
        `/api/monitoring-visits/${visit.id}`,
        { status: "conducted", summary: "Seen all wings." },
        visit.version,
      ),
    );
    expect(visit.status).toBe("conducted");
    expect(visit.can).toMatchObject({ delete: false, publish: true });
    const overcrowding = await read<Finding>(
      send(monitor, "POST", `/api/monitoring-visits/${visit.id}/findings`, {
        theme: "overcrowding",
        severity: "critical",
        text: "Block C holds 310 men for 100 places.",
      }),
      201,
    );
    const lawyer = await read<Finding>(
      send(monitor, "POST", `/api/monitoring-visits/${visit.id}/findings`, {
        theme: "access_to_a_lawyer",
        vulnerableGroups: ["children"],
        severity: "high",
        text: "Minors in pre-trial detention had not met a lawyer.",
      }),
      201,
    );
    expect([overcrowding.position, lawyer.position]).toEqual([0, 1]);
    const bad = await expectNothingWritten(handle.db, () =>
      send(monitor, "POST", `/api/monitoring-visits/${visit.id}/findings`, {
        theme: "weather",
        severity: "high",
        text: "x",
      }),
    );
    await expectProblem(bad, 422, { path: "theme" });
    const changed = await read<Finding>(
      send(
        monitor,
        "PATCH",
        `/api/monitoring-visits/${visit.id}/findings/${lawyer.id}`,
        { severity: "critical" },
        lawyer.version,
      ),
    );
    expect(changed).toMatchObject({ severity: "critical", version: 2, vulnerableGroups: ["children"] });
    const stale = await send(
      monitor,
      "PATCH",
      `/api/monitoring-visits/${visit.id}/findings/${lawyer.id}`,
      { severity: "low" },
      lawyer.version,
    );
    await expectProblem(stale, 412);
  });

  it("keeps evidence files: upload, download (audited while unpublished), remove", async () => {
    visit = await read<Visit>(monitor.request(`/api/monitoring-visits/${visit.id}`));
    const finding = visit.findings[0] as Finding;
    const form = new FormData();
    form.set("file", new File([PNG], "block-c.png", { type: "image/png" }));
    const file = await read<Finding["files"][number]>(
      monitor.request(`/api/monitoring-visits/${visit.id}/findings/${finding.id}/files`, {
        method: "POST",
        body: form,
      }),
      201,
    );
    expect(file).toMatchObject({
      fileName: "block-c.png",
      contentType: "image/png",
      sizeBytes: PNG.byteLength,
    });
    const path = `/api/monitoring-visits/${visit.id}/findings/${finding.id}/files/${file.id}`;
    const download = await monitor.request(path);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
    const [reads] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log
          where action = 'read' and entity_type = 'monitoring_visit' and entity_id = ${visit.id}`,
    );
    expect(reads?.n).toBe(1);
    await expectProblem(await otherEditor.request(path), 404);
    const again = new FormData();
    again.set("file", new File([PNG], "second.png", { type: "image/png" }));
    const second = await read<Finding["files"][number]>(
      monitor.request(`/api/monitoring-visits/${visit.id}/findings/${finding.id}/files`, {
        method: "POST",
        body: again,
      }),
      201,
    );
    const removed = await send(
      monitor,
      "DELETE",
      `/api/monitoring-visits/${visit.id}/findings/${finding.id}/files/${second.id}`,
      undefined,
      second.version,
    );
    expect(removed.status).toBe(204);
    const now = await read<Visit>(monitor.request(`/api/monitoring-visits/${visit.id}`));
    expect(now.findings[0]?.files.map((f) => f.fileName)).toEqual(["block-c.png"]);
  });

  it("opens a case as an incident only with the incident permission, copying nothing from the finding", async () => {
    const finding = visit.findings[1] as Finding;
    const path = `/api/monitoring-visits/${visit.id}/findings/${finding.id}/incident`;
    const body = { description: "A 16-year-old detainee reports being held 40 days without seeing a judge." };
    const refused = await expectNothingWritten(handle.db, () => send(monitor, "POST", path, body));
    await expectProblem(refused, 403, { path: "incident" });
    const linked = await read<Finding>(send(monitorCaseWorker, "POST", path, body), 201);
    expect(linked.incidentId).toMatch(/^[0-9a-f-]{36}$/);
    const incident = await read<{
      kind: string;
      placeId: string;
      description: string;
      reportingOrganisationId: string;
    }>(monitorCaseWorker.request(`/api/incidents/${linked.incidentId}`));
    expect(incident).toMatchObject({
      kind: "human_rights_abuse",
      placeId: prison,
      reportingOrganisationId: nchr,
      description: body.description,
    });
    expect(incident.description).not.toContain(finding.text);
    await expectProblem(await send(monitorCaseWorker, "POST", path, body), 409);
  });

  it("writes the visit report in Word (findings and recommendations) and PDF, in the chosen language", async () => {
    const [recommendation] = await queryRows<{ id: string }>(
      handle.db,
      sql`insert into recommendation (monitoring_organisation_id, text, theme, addressee_organisation_id, priority,
            issued_on, deadline, status_on)
          values (${nchr}, 'Reduce the population of block C to its capacity.', 'overcrowding', ${rcs}, 'high',
            '2026-03-11', '2026-12-31', '2026-03-11')
          returning id`,
    );
    await queryRows(
      handle.db,
      sql`insert into recommendation_visit (recommendation_id, visit_id) values (${recommendation?.id}, ${visit.id})`,
    );
    const docx = await monitor.request(`/api/monitoring-visits/${visit.id}/report.docx?lang=fr`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toMatch(/wordprocessingml/);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(value).toContain("Rapport de visite de contrôle : Nyarugenge Correctional Facility");
    expect(value).toContain("Block C holds 310 men for 100 places.");
    expect(value).toContain("Surpopulation");
    expect(value).toContain("Inopinée");
    expect(value).toContain("Personnes détenues: 24");
    expect(value).toContain("Reduce the population of block C to its capacity.");
    expect(value).toContain("Rwanda Correctional Service");
    // Priority and status in the recommendations' own labels (monitoring.recommendations.*), in French.
    expect(value).toContain("Élevée");
    expect(value).toContain("Sans réponse");
    const pdf = await monitor.request(`/api/monitoring-visits/${visit.id}/report.pdf?lang=rw`);
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    await expectProblem(
      await monitor.request(`/api/monitoring-visits/${visit.id}/report.docx?lang=de`),
      422,
      {
        path: "lang",
      },
    );
  });

  it("publishes the report with its recommendations; then everyone reads it, nobody unpublishes it", async () => {
    const future = await expectNothingWritten(handle.db, () =>
      send(
        monitor,
        "POST",
        `/api/monitoring-visits/${visit.id}/publish`,
        { publishedOn: "2199-01-01" },
        visit.version,
      ),
    );
    await expectProblem(future, 422, { path: "publishedOn" });
    const current = await read<Visit>(monitor.request(`/api/monitoring-visits/${visit.id}`));
    const published = await read<Visit>(
      send(
        monitor,
        "POST",
        `/api/monitoring-visits/${visit.id}/publish`,
        { publishedOn: "2026-04-01" },
        current.version,
      ),
    );
    expect(published.publishedOn).toBe("2026-04-01");
    const recommendations = await queryRows<{ published_on: string | null }>(
      handle.db,
      sql`select published_on::text from recommendation r join recommendation_visit rv on rv.recommendation_id = r.id
          where rv.visit_id = ${visit.id}`,
    );
    expect(recommendations).toEqual([{ published_on: "2026-04-01" }]);
    const audited = await queryRows<{ entity_type: string }>(
      handle.db,
      sql`select entity_type from audit_log where action = 'update' and changes ? 'publishedOn'
          and entity_id in (${visit.id}, (select recommendation_id::text from recommendation_visit where visit_id = ${visit.id}))
          order by entity_type`,
    );
    expect(audited.map((a) => a.entity_type)).toEqual(["monitoring_visit", "recommendation"]);
    await expectProblem(
      await send(
        monitor,
        "POST",
        `/api/monitoring-visits/${visit.id}/publish`,
        { publishedOn: "2026-04-02" },
        published.version,
      ),
      409,
    );
    const seen = await read<Visit>(otherEditor.request(`/api/monitoring-visits/${visit.id}`));
    expect(seen.findings.map((f) => f.theme)).toEqual(["overcrowding", "access_to_a_lawyer"]);
    // Which finding became a confidential incident stays with the monitors.
    expect(seen.findings.map((f) => f.incidentId)).toEqual([null, null]);
    const monitors = await read<Visit>(monitor.request(`/api/monitoring-visits/${visit.id}`));
    expect(monitors.findings[1]?.incidentId).not.toBeNull();
    expect(seen.can).toEqual({ update: false, delete: false, publish: false });
    expect((await viewer.request(`/api/monitoring-visits/${visit.id}/report.docx`)).status).toBe(200);
    const list = await read<VisitList>(viewer.request("/api/monitoring-visits"));
    expect(list.items.map((v) => v.id)).toEqual([visit.id]);
    const edit = await send(
      otherEditor,
      "PATCH",
      `/api/monitoring-visits/${visit.id}`,
      { summary: "x" },
      published.version,
    );
    await expectProblem(edit, 403);
  });

  it("plans a follow-up of an earlier visit of the same body; a cancelled visit stays cancelled", async () => {
    const followUp = await read<Visit>(
      send(
        monitor,
        "POST",
        "/api/monitoring-visits",
        visitInput({
          visitType: "follow_up",
          followUpOfVisitId: visit.id,
          startsOn: "2026-09-01",
          endsOn: null,
        }),
      ),
      201,
    );
    expect(followUp).toMatchObject({
      visitType: "follow_up",
      followUpOfVisitId: visit.id,
      status: "planned",
    });
    const cancelled = await read<Visit>(
      send(
        monitor,
        "PATCH",
        `/api/monitoring-visits/${followUp.id}`,
        { status: "cancelled" },
        followUp.version,
      ),
    );
    const res = await expectNothingWritten(handle.db, () =>
      send(
        monitor,
        "PATCH",
        `/api/monitoring-visits/${followUp.id}`,
        { status: "conducted" },
        cancelled.version,
      ),
    );
    await expectProblem(res, 422, { path: "status" });
    const typeOnly = await send(
      monitor,
      "PATCH",
      `/api/monitoring-visits/${followUp.id}`,
      { visitType: "regular" },
      cancelled.version,
    );
    await expectProblem(typeOnly, 422, { path: "followUpOfVisitId" });
  });

  it("deletes only a planned visit", async () => {
    await expectProblem(
      await send(monitor, "DELETE", `/api/monitoring-visits/${visit.id}`, undefined, visit.version + 99),
      412,
    );
    const current = await read<Visit>(monitor.request(`/api/monitoring-visits/${visit.id}`));
    await expectProblem(
      await send(monitor, "DELETE", `/api/monitoring-visits/${visit.id}`, undefined, current.version),
      409,
    );
  });
});
