// 3W files in by their HXL hashtags (reader and import service): French headers, a round trip of our own export, rows without organisation reported.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  contextAs,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { loadStatusReportDemo, readStatusReportSeed } from "../agreements/status-report-demo";
import { parseCsv, parseHashtag, parseHxl3w } from "./coordination.import";
import type { DistrictSummary, HxlImportResult, OverlapList } from "./coordination.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let coordinator: TestClient;
let viewer: TestClient;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  await loadStatusReportDemo(
    contextAs(handle, buildUserActor([nationalGrant("administrator")])),
    await readStatusReportSeed(),
  );
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
});
afterAll(async () => {
  await handle?.close();
});

type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };
const reportedCount = async () =>
  (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from reported_presence`))[0]?.n ??
  -1;
const post = (client: TestClient, body: unknown) =>
  client.json<HxlImportResult & Problem>("/api/coordination/imports", {
    method: "POST",
    body: JSON.stringify(body),
  });

const FRENCH = [
  "Organisation,Secteur,Province,District,Lieu,Début,Fin,Activité",
  "#ORG +Name,#sector,#adm1 +name,#adm2 +name,#loc +name,#date +start,#date +end,#activity +name",
  "Lawyers of Hope,Aide juridique,Northern Province,Gakenke,,2026-01-01,2027-12-31,Cliniques juridiques mobiles",
  'ARDHO,legal_aid,,Huye,Huye Correctional Facility,,,"Assistance juridique, détenus"',
].join("\r\n");

describe("reading HXL", () => {
  it("parses quoted CSV and hashtags with attributes in any order and case", () => {
    expect(parseCsv('a,"b, ""c""",d\r\n"line\nbreak",,\n')).toEqual([
      ["a", 'b, "c"', "d"],
      ["line\nbreak", "", ""],
    ]);
    expect(parseHashtag("#Org +Name +i_fr")).toEqual({ tag: "#org", attributes: new Set(["name", "i_fr"]) });
    expect(parseHashtag("Organisation")).toBeNull();
  });

  it("finds the columns by hashtag, not by header text", () => {
    const result = parseHxl3w(FRENCH);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.organisation, r.theme, r.district, r.location])).toEqual([
      [3, "Lawyers of Hope", "Aide juridique", "Gakenke", ""],
      [4, "ARDHO", "legal_aid", "Huye", "Huye Correctional Facility"],
    ]);
  });

  it("reports a file without a hashtag row, or without #org", () => {
    expect(parseHxl3w("Organisation,District\nLoH,Huye").errors[0]?.message).toMatch(/No HXL hashtag row/);
    expect(parseHxl3w("District,Theme\n#adm2 +name,#sector\nHuye,health").errors[0]?.message).toMatch(
      /No #org column/,
    );
  });
});

describe("importing a 3W file", () => {
  it("refuses a viewer and stores nothing", async () => {
    const res = await post(viewer, { fileName: "3w.csv", csv: FRENCH });
    expect(res.status).toBe(403);
    expect(await reportedCount()).toBe(0);
  });

  it("reports rows without an organisation, unknown names and bad dates, and stores nothing", async () => {
    const csv = [
      FRENCH,
      ",Aide juridique,,Musanze,,,,Sans organisation",
      "Haguruka,legal_aid,,Atlantis,,2026-13-01,,",
    ].join("\r\n");
    const res = await post(coordinator, { fileName: "3w.csv", csv });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe(
      "Nothing was imported from 3w.csv: correct the rows named below and import it again.",
    );
    expect(res.body.errors?.map((e) => e.path)).toEqual([
      "rows.5.#ORG +Name",
      "rows.6.#ORG +Name",
      "rows.6.#adm2",
      "rows.6.#date +start",
    ]);
    expect(res.body.errors?.[0]?.message).toBe("Row 5: no organisation (#org); the row cannot be imported.");
    expect(res.body.errors?.[1]?.message).toBe(
      "Row 6, #ORG +Name: no organisation “Haguruka” in the register (add it first).",
    );
    expect(await reportedCount()).toBe(0);
  });

  it("checks without storing on a dry run, then imports; the rows join the 3W views", async () => {
    const dry = await post(coordinator, { fileName: "3w-fr.csv", csv: FRENCH, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.rows.map((r) => [r.organisation.acronym, r.theme, r.place.code])).toEqual([
      ["LoH", "legal_aid", "RW-D42"],
      ["ARDHO", "legal_aid", "RW-F-HUYE"],
    ]);
    expect(await reportedCount()).toBe(0);

    const res = await post(coordinator, { fileName: "3w-fr.csv", csv: FRENCH });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(await reportedCount()).toBe(2);

    const gakenke = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D42");
    const loh = gakenke.body.organisations.find((o) => o.organisation.acronym === "LoH");
    expect(loh?.themes).toEqual(["legal_aid"]);
    expect(gakenke.body.agreements.map((a) => a.title)).toContain("Cliniques juridiques mobiles");

    const places = await viewer.json<{ items: { id: string }[] }>("/api/places?q=Gakenke&kind=district");
    const overlap = await viewer.json<OverlapList>("/api/coordination/overlaps", {
      method: "POST",
      body: JSON.stringify({ themes: ["legal_aid"], areas: [{ placeId: places.body.items[0]?.id }] }),
    });
    const lohOverlap = overlap.body.overlaps.find((o) => o.organisation.acronym === "LoH");
    expect(lohOverlap?.records.map((r) => [r.source, r.title])).toContainEqual([
      "reported",
      "Cliniques juridiques mobiles",
    ]);
  });

  it("reads back its own HXL export (English headers) as a round trip", async () => {
    const csv = await (
      await viewer.request("/api/coordination/matrix.csv?theme=legal_aid&level=place_of_detention")
    ).text();
    const res = await post(coordinator, { fileName: "export.csv", csv, dryRun: true });
    expect(res.status).toBe(200);
    const lines = csv.trim().split("\r\n").length - 2;
    expect(res.body.rows).toHaveLength(lines);
    expect(
      res.body.rows.some((r) => r.organisation.acronym === "RBJ" && r.place.code === "RW-F-MUSANZE"),
    ).toBe(true);
  });
});
