// Recommendations over HTTP on both databases: refusals as problems naming the field with nothing written, 404 for
// those outside, If-Match on the response, a status change verified by a follow-up visit, the evidence upload and
// download, and the tracker as an Excel workbook with headers in French.
import { and, eq, ne } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  monitoringVisitRow,
  systemActor,
  type TestClient,
} from "../../../tests/factories";
import { orgGrant } from "../../../tests/incident-factories";
import type { DatabaseHandle } from "../../db/client";
import { placeTable } from "../places/places.table";
import type { Recommendation, VerifyingVisits } from "./recommendations.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let monitor: TestClient;
let rcsEditor: TestClient;
let rnpEditor: TestClient;
let nchr: string;
let rcs: string;
let prison: string;

const footprint = () => databaseFootprint(handle.db, { except: ["session", "rate_limit"] });
const send = (client: TestClient, method: string, path: string, body?: unknown, headers: HeadersInit = {}) =>
  client.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const recommendationBody = (extra: Record<string, unknown> = {}) => ({
  monitoringOrganisationId: nchr,
  text: "Separate pre-trial detainees from convicted prisoners.",
  theme: "separation_of_categories",
  addresseeOrganisationId: rcs,
  priority: "high",
  issuedOn: "2026-01-15",
  deadline: "2026-12-31",
  placeIds: [prison],
  ...extra,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  const sys = { db: handle.db, actor: systemActor };
  nchr = (await createOrganisationFixture(sys, { kind: "government" })).id;
  rcs = (await createOrganisationFixture(sys, { kind: "government" })).id;
  const rnp = (await createOrganisationFixture(sys, { kind: "government" })).id;
  const [place] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.kind, "place_of_detention"))
    .limit(1);
  prison = place?.id ?? "";
  monitor = (await server.signInAs([orgGrant("monitor", nchr)], [nchr])).client;
  rcsEditor = (await server.signInAs([orgGrant("partner_editor", rcs)], [rcs])).client;
  rnpEditor = (await server.signInAs([orgGrant("partner_editor", rnp)], [rnp])).client;
});
afterAll(async () => handle?.close());

describe("recommendations over HTTP", () => {
  it("refuses a bad recommendation with a problem naming the field, writing nothing", async () => {
    const before = await footprint();
    await expectProblem(
      await send(
        monitor,
        "POST",
        "/api/recommendations",
        recommendationBody({ addresseeOrganisationId: "00000000-0000-4000-8000-000000000009" }),
      ),
      422,
      { path: "addresseeOrganisationId" },
    );
    await expectProblem(
      await send(monitor, "POST", "/api/recommendations", recommendationBody({ placeIds: [nchr] })),
      422,
      { path: "placeIds.0" },
    );
    await expectProblem(
      await send(monitor, "POST", "/api/recommendations", recommendationBody({ deadline: "2026-01-01" })),
      422,
      { path: "deadline" },
    );
    await expectProblem(await send(rcsEditor, "POST", "/api/recommendations", recommendationBody()), 403);
    expect(await footprint()).toEqual(before);
  });

  it("answers 404 outside, and takes the response only at the version read", async () => {
    const created = await send(monitor, "POST", "/api/recommendations", recommendationBody());
    expect(created.status).toBe(201);
    const rec = (await created.json()) as Recommendation;
    expect(created.headers.get("etag")).toBe(`"${rec.version}"`);
    await expectProblem(await send(rnpEditor, "GET", `/api/recommendations/${rec.id}`), 404);
    const response = { response: "Accepted: new wing by June.", respondedOn: "2026-02-01" };
    await expectProblem(
      await send(rcsEditor, "PUT", `/api/recommendations/${rec.id}/response`, response),
      428,
    );
    await expectProblem(
      await send(rcsEditor, "PUT", `/api/recommendations/${rec.id}/response`, response, {
        "if-match": '"99"',
      }),
      412,
    );
    const answered = await send(rcsEditor, "PUT", `/api/recommendations/${rec.id}/response`, response, {
      "if-match": `"${rec.version}"`,
    });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as Recommendation).response).toBe(response.response);
  });

  it("records a status change verified by a follow-up visit, with an evidence file the outsider cannot fetch", async () => {
    const rec = (await (
      await send(monitor, "POST", "/api/recommendations", recommendationBody())
    ).json()) as Recommendation;
    const visitId = await monitoringVisitRow(handle.db, {
      monitoringOrganisationId: nchr,
      placeId: prison,
      startsOn: "2026-03-10",
      visitType: "follow_up",
    });
    const before = await footprint();
    await expectProblem(
      await send(monitor, "POST", `/api/recommendations/${rec.id}/status-changes`, { status: "implemented" }),
      422,
      { path: "changedOn" },
    );
    expect(await footprint()).toEqual(before);
    const changed = await send(monitor, "POST", `/api/recommendations/${rec.id}/status-changes`, {
      status: "implemented",
      changedOn: "2026-03-12",
      visitId,
    });
    expect(changed.status).toBe(201);
    const after = (await changed.json()) as Recommendation;
    expect(after.status).toBe("implemented");
    const changeId = after.history[0]?.id ?? "";
    const form = new FormData();
    const pdf = new TextEncoder().encode(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    );
    form.set("file", new File([pdf], "circular.pdf", { type: "application/pdf" }));
    const uploaded = await monitor.request(
      `/api/recommendations/${rec.id}/status-changes/${changeId}/evidence`,
      {
        method: "POST",
        body: form,
      },
    );
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const evidence = ((await uploaded.json()) as Recommendation).history[0]?.evidence?.[0];
    expect(evidence?.fileName).toBe("circular.pdf");
    const download = await rcsEditor.request(`/api/recommendations/${rec.id}/evidence/${evidence?.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/attachment/);
    await expectProblem(
      await rnpEditor.request(`/api/recommendations/${rec.id}/evidence/${evidence?.id}`),
      404,
    );
  });

  it("offers as verifying visits only the body's conducted follow-up visits at its places, newest first, to monitors", async () => {
    const [other] = await handle.db
      .select({ id: placeTable.id })
      .from(placeTable)
      .where(and(eq(placeTable.kind, "place_of_detention"), ne(placeTable.id, prison)))
      .limit(1);
    const otherPlace = other?.id ?? "";
    const rec = (await (
      await send(monitor, "POST", "/api/recommendations", recommendationBody())
    ).json()) as Recommendation;
    const visit = (values: Partial<Parameters<typeof monitoringVisitRow>[1]>) =>
      monitoringVisitRow(handle.db, {
        monitoringOrganisationId: nchr,
        placeId: prison,
        startsOn: "2026-04-01",
        visitType: "follow_up",
        ...values,
      });
    const older = await visit({ startsOn: "2026-04-01" });
    const newer = await visit({ startsOn: "2026-05-02", endsOn: "2026-05-03" });
    await visit({ startsOn: "2026-06-01", status: "planned" });
    await visit({ startsOn: "2026-06-01", visitType: "regular" });
    const elsewhere = await visit({ startsOn: "2026-06-01", placeId: otherPlace });
    const answer = await monitor.request(`/api/recommendations/${rec.id}/verifying-visits`);
    expect(answer.status).toBe(200);
    const { items } = (await answer.json()) as VerifyingVisits;
    const ids = items.map((v) => v.id);
    // The earlier test's visit at the same place also fits; the order is newest first.
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(ids).toContain(older);
    expect(ids).not.toContain(elsewhere);
    expect(items.every((v) => v.placeId === prison)).toBe(true);
    expect(items.find((v) => v.id === newer)).toMatchObject({
      reference: expect.stringMatching(/^VIS-2026-/),
      endsOn: "2026-05-03",
    });
    // For all facilities, the visit at another place fits too.
    const everywhere = (await (
      await send(
        monitor,
        "POST",
        "/api/recommendations",
        recommendationBody({ placeIds: [], allFacilities: true }),
      )
    ).json()) as Recommendation;
    const all = (await (
      await monitor.request(`/api/recommendations/${everywhere.id}/verifying-visits`)
    ).json()) as VerifyingVisits;
    expect(all.items.map((v) => v.id)).toContain(elsewhere);
    // The addressee answers but does not pick the body's visits; an outsider does not learn the recommendation exists.
    await expectProblem(await rcsEditor.request(`/api/recommendations/${rec.id}/verifying-visits`), 403);
    await expectProblem(await rnpEditor.request(`/api/recommendations/${rec.id}/verifying-visits`), 404);
  });

  it("sends the tracker as a workbook with French headers", async () => {
    const res = await monitor.request("/api/recommendations/tracker/export?by=theme&lang=fr");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const texts: string[] = [];
    sheet?.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
    const values = texts.join(" | ");
    expect(values).toContain("Thème");
    expect(values).toContain("Mise en œuvre");
    expect(values, values).toContain("Séparation");
    await expectProblem(await monitor.request("/api/recommendations/tracker?by=district"), 422, {
      path: "by",
    });
  });
});
