// HTTP tests of re-dating a load (decision 042): who may, the refusals with their field or message, nothing written
// on a refusal, and the agreement's history as the API then gives it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { AgreementDetail } from "../agreements";
import type { RedateLoadResult, StatusReportLoadList } from "./redate.schema";

type Problem = { status: number; detail?: string; errors?: { path: string; code?: string }[] };

const LOADED_AT = "2025-03-10T06:00:00.250000Z";
const WRITER = "Old Importer <old@example.org>";

let handle: DatabaseHandle;
let admin: TestClient;
let viewer: TestClient;
let agreement: AgreementDetail;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  // An agreement and three entries as an import wrote them before decision 038, in one transaction on 10 March 2025.
  agreement = await createAgreementFixture(handle);
  await handle.db.execute(
    sql`update agreement set created_at = ${LOADED_AT}::timestamptz where id = ${agreement.id}`,
  );
  await handle.db.execute(sql`update agreement_status_change set recorded_at = ${LOADED_AT}::timestamptz,
    changed_on = '2025-03-10', changed_by = ${WRITER} where agreement_id = ${agreement.id}`);
  await handle.db.execute(sql`insert into progress_entry (agreement_id, kind, text, entry_date, created_by, created_at, updated_at)
    select ${agreement.id}, 'achievement', 'Loaded achievement ' || n, '2025-03-10', ${WRITER},
      ${LOADED_AT}::timestamptz + n * interval '1 millisecond', ${LOADED_AT}::timestamptz
    from generate_series(1, 3) n`);
});
afterAll(async () => {
  await handle?.close();
});

const list = (client = admin) =>
  client.json<StatusReportLoadList & Problem>("/api/imports/status-report/loads");
const redate = (id: string, body: unknown, client = admin) =>
  client.json<RedateLoadResult & Problem>(
    `/api/imports/status-report/loads/${encodeURIComponent(id)}/redate`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  );
const footprint = () => databaseFootprint(handle.db);

describe("GET /api/imports/status-report/loads and POST …/loads/{id}/redate", () => {
  it("lists the load to those who may import, and to no one else", async () => {
    const refused = await list(viewer);
    expect(refused.status).toBe(403);
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        id: expect.stringMatching(/^20250310T060000\.250000Z-[0-9a-f]{12}$/),
        loadedAt: LOADED_AT,
        loadDay: "2025-03-10",
        loadedBy: WRITER,
        loadedByName: "Old Importer",
        progressEntries: 3,
        agreements: 1,
        agreementTitles: [agreement.title],
        registrations: 1,
      },
    ]);
  });

  it("refuses what cannot be done, naming the field or saying why, and writes nothing", async () => {
    const [load] = (await list()).body.items;
    const id = load?.id ?? "";
    const before = await footprint();
    const afterLoad = await redate(id, { reportDate: "2025-03-11" });
    expect(afterLoad.status).toBe(422);
    expect(afterLoad.body.errors).toEqual([
      expect.objectContaining({ path: "reportDate", code: "report_date_after_load" }),
    ]);
    const missing = await redate(id, {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.map((e) => e.path)).toEqual(["reportDate"]);
    expect((await redate(id, { reportDate: "2024-06-30" }, viewer)).status).toBe(403);
    expect((await redate("20250310T060000.250000Z-000000000000", { reportDate: "2024-06-30" })).status).toBe(
      404,
    );
    expect((await redate("not-a-load", { reportDate: "2024-06-30" })).status).toBe(404);
    const stale = await redate(id, { reportDate: "2024-06-30", expectedProgressEntries: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain("3 re-datable progress entries");
    expect(await footprint()).toEqual(before);
  });

  it("re-dates the load once; the agreement's history and version show it; a second time is a 409", async () => {
    const [load] = (await list()).body.items;
    const id = load?.id ?? "";
    const done = await redate(id, { reportDate: "2024-06-30", expectedProgressEntries: 3 });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      id,
      loadDay: "2025-03-10",
      reportDate: "2024-06-30",
      progressEntries: 3,
      agreements: 1,
      registrations: 1,
      registrationsKept: 0,
    });
    const detail = await admin.json<AgreementDetail>(`/api/agreements/${agreement.id}`);
    expect(detail.body.version).toBe(agreement.version + 1);
    expect(detail.body.statusHistory.map((s) => s.changedOn)).toEqual(["2024-06-30"]);
    expect(detail.body.progress.map((p) => [p.entryDate, p.dateReported, p.version])).toEqual([
      ["2024-06-30", false, 2],
      ["2024-06-30", false, 2],
      ["2024-06-30", false, 2],
    ]);
    expect((await list()).body.items).toEqual([]);

    const before = await footprint();
    const again = await redate(id, { reportDate: "2024-06-30" });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(
      /Nothing in this load is left to re-date\. It was re-dated on \d{4}-\d{2}-\d{2}/,
    );
    expect(await footprint()).toEqual(before);
  });
});
