// HTTP tests of the results-table upload: preview writes nothing, confirm imports, a second upload changes nothing,
// a bad row is refused with its file, row and column, and a viewer may not import.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  createOrganisationFixture,
  createProgrammeFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ResultsTableOutcome } from "./results-table.schema";

type Problem = {
  status: number;
  detail?: string;
  errors?: { path: string; message: string; code?: string }[];
};

let handle: DatabaseHandle;
let admin: TestClient;
let viewer: TestClient;
let programmeId: string;
let leadId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  const ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
  programmeId = (await createProgrammeFixture(ctx, { startDate: "2023-01-01", endDate: "2023-12-31" })).id;
  leadId = (await createOrganisationFixture(ctx, { name: "Aegis Trust" })).id;
});
afterAll(async () => {
  await handle?.close();
});

const upload = (bytes: Uint8Array, name: string, confirm: boolean, client = admin, id = programmeId) => {
  const body = new FormData();
  body.set("file", new File([new Uint8Array(bytes)], name));
  body.set("confirm", String(confirm));
  return client.json<ResultsTableOutcome & Problem>(`/api/programmes/${id}/results-table`, {
    method: "POST",
    body,
  });
};
const xlsx = new Uint8Array(readFileSync(resolve("fixtures", "results-table-activites-fr.xlsx")));

describe("POST /api/programmes/{id}/results-table", () => {
  it("previews without writing, imports on confirm, and a second upload changes nothing", async () => {
    const before = await databaseFootprint(handle.db);
    const preview = await upload(xlsx, "results-table-activites-fr.xlsx", false);
    expect(preview.status).toBe(200);
    expect(preview.body.written).toBeNull();
    expect(preview.body.rows.map((r) => [r.location, r.change])).toEqual([
      ["sheet Résultats, row 4", "new"],
      ["sheet Résultats, row 5", "new"],
      ["sheet Résultats, row 6", "new"],
      ["sheet Résultats, row 7", "new"],
    ]);
    expect(await databaseFootprint(handle.db)).toEqual(before);

    const done = await upload(xlsx, "results-table-activites-fr.xlsx", true);
    expect(done.status).toBe(200);
    expect(done.body.written).toEqual({
      programmeId,
      events: 4,
      indicators: 1,
      results: 4,
      activities: 4,
      updated: 0,
      unchanged: 0,
    });
    const after = await databaseFootprint(handle.db);
    const again = await upload(xlsx, "copy of the table.xlsx", true);
    expect(again.body.rows.map((r) => r.change)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(again.body.written).toMatchObject({ events: 0, results: 0, unchanged: 4 });
    expect(await databaseFootprint(handle.db)).toEqual(after);
  });

  it("streams rows done / total, then the result, when asked for NDJSON; a refusal comes as the last line", async () => {
    const ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
    const id = (await createProgrammeFixture(ctx, { startDate: "2023-01-01", endDate: "2023-12-31" })).id;
    const send = async (csv: string) => {
      const body = new FormData();
      body.set("file", new File([csv], "streamed.csv"));
      body.set("confirm", "true");
      const res = await admin.request(`/api/programmes/${id}/results-table`, {
        method: "POST",
        headers: { accept: "application/x-ndjson" },
        body,
      });
      expect(res.headers.get("content-type")).toContain("application/x-ndjson");
      return (await res.text())
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const lines = await send(
      "Activity,People reached\nRadio talk shows,Nationwide\nSchool visits,40 teachers\n",
    );
    expect(lines.slice(0, -1)).toEqual([
      { type: "progress", done: 0, total: 2 },
      { type: "progress", done: 1, total: 2 },
      { type: "progress", done: 2, total: 2 },
    ]);
    expect(lines.at(-1)).toMatchObject({ type: "result", result: { written: { events: 2, activities: 2 } } });
    const refused = await send("Activity;People reached\nRadio talk shows;Nationwide\n;40 teachers\n");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      type: "problem",
      problem: { status: 422, errors: [{ code: "results_table_no_name" }] },
    });
  });

  it("refuses a bad row with its file, row and column, and a viewer's import; nothing is written", async () => {
    const before = await databaseFootprint(handle.db);
    const bad = await upload(
      new TextEncoder().encode("Activity;People reached\nRadio talk shows;Nationwide\n;40 teachers\n"),
      "broken.csv",
      false,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ["broken.csv, row 3, column “Activity”", "results_table_no_name"],
    ]);
    const refused = await upload(xlsx, "results-table-activites-fr.xlsx", true, viewer);
    expect(refused.status).toBe(403);
    const missing = await upload(xlsx, "x.xlsx", false, admin, "not-an-id");
    expect(missing.status).toBe(404);
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });
});

describe("POST /api/programmes/results-table (into a new programme)", () => {
  const uploadNew = (fields: Record<string, string>, confirm: boolean, client = admin) => {
    const body = new FormData();
    body.set("file", new File([new Uint8Array(xlsx)], "results-table-activites-fr.xlsx"));
    body.set("confirm", String(confirm));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return client.json<ResultsTableOutcome & Problem>("/api/programmes/results-table", {
      method: "POST",
      body,
    });
  };
  const fields = () => ({
    title: "Programme de guérison communautaire",
    leadOrganisationId: leadId,
    startDate: "2024-01-01",
    endDate: "2024-12-31",
  });

  it("names each missing or wrong field of the new programme before reading the table; writes nothing", async () => {
    const before = await databaseFootprint(handle.db);
    const empty = await uploadNew({}, false);
    expect(empty.status).toBe(422);
    expect(empty.body.errors?.map((e) => e.path).sort()).toEqual([
      "endDate",
      "leadOrganisationId",
      "startDate",
      "title",
    ]);
    const backwards = await uploadNew({ ...fields(), endDate: "2023-06-30" }, true);
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors?.map((e) => e.path)).toEqual(["endDate"]);
    const refused = await uploadNew(fields(), false, viewer);
    expect(refused.status).toBe(403);
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });

  it("previews every row as new, then creates the programme with the table's events on confirm", async () => {
    const before = await databaseFootprint(handle.db);
    const preview = await uploadNew(fields(), false);
    expect(preview.status).toBe(200);
    expect(preview.body.written).toBeNull();
    expect(preview.body.rows.map((r) => r.change)).toEqual(["new", "new", "new", "new"]);
    expect(await databaseFootprint(handle.db)).toEqual(before);

    const done = await uploadNew(fields(), true);
    expect(done.status).toBe(200);
    const written = done.body.written;
    expect(written).toMatchObject({ events: 4, activities: 4, results: 4, updated: 0, unchanged: 0 });
    const created = await admin.json<{ title: string; status: string; lead: { id: string } }>(
      `/api/programmes/${written?.programmeId}`,
    );
    expect(created.body).toMatchObject({
      title: "Programme de guérison communautaire",
      status: "ongoing",
      lead: { id: leadId },
    });
  });
});
