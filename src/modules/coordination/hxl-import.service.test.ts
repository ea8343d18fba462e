// 3W files in by their HXL hashtags (reader and import service): French headers, a round trip of our own export, rows without organisation reported.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
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
import { loadStatusReportDemo, readStatusReportSeed } from "../status-report";
import { parseCsv, parseHashtag, parseHxl3w, readHxlDate } from "./coordination.import";
import type { DistrictSummary, HxlImportResult, Matrix, OverlapList } from "./coordination.schema";

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

type Problem = {
  status: number;
  detail?: string;
  errors?: { path: string; message: string; code?: string; params?: Record<string, string | number> }[];
};
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

  it("refuses a PDF or a photo read as text once for what it is, and stores nothing", async () => {
    // Without U+0000: a file holding one is refused before the service, as every JSON body is (nul_character).
    const photo = new TextDecoder().decode(
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01),
    );
    for (const [csv, kind] of [
      ["%PDF-1.4\n%âãÏÓ\n1 0 obj", "PDF"],
      [photo, "PNG"],
    ] as const) {
      const res = await post(coordinator, { fileName: "3w.csv", csv });
      expect(res.status).toBe(422);
      expect(res.body.errors?.map((e) => [e.path, e.code, e.params])).toEqual([
        ["csv", "not_a_table", { file: "3w.csv", kind }],
      ]);
    }
    expect(await reportedCount()).toBe(0);
  });

  it("reports unknown names beside other problems (a row without organisation is no error), and stores nothing", async () => {
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
      "rows.6.#ORG +Name",
      "rows.6.#adm2",
      "rows.6.#date +start",
    ]);
    expect(res.body.errors?.[0]?.message).toBe(
      "Row 6, #ORG +Name: no organisation “Haguruka” in the register: choose to create it, match it to one, or skip its rows.",
    );
    // Each problem has a code and the values the browser app needs to say it in the reader's language.
    expect(res.body.errors?.map((e) => [e.code, e.params])).toEqual([
      ["org_unchosen", { line: 6, column: "#ORG +Name", name: "Haguruka" }],
      ["district_unknown", { line: 6, column: "#adm2", name: "Atlantis" }],
      ["date_invalid", { line: 6, column: "#date +start", value: "2026-13-01" }],
    ]);
    expect(await reportedCount()).toBe(0);
  });

  it("checks without storing on a dry run, then imports; the rows join the 3W views", async () => {
    const dry = await post(coordinator, { fileName: "3w-fr.csv", csv: FRENCH, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.rows.map((r) => [r.organisation?.acronym, r.theme, r.place.code])).toEqual([
      ["LoH", "legal_aid", "RW-D42"],
      ["ARDHO", "legal_aid", "RW-F-HUYE"],
    ]);
    expect(await reportedCount()).toBe(0);

    const before = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D42");
    const res = await post(coordinator, { fileName: "3w-fr.csv", csv: FRENCH });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(await reportedCount()).toBe(2);

    const gakenke = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D42");
    const loh = gakenke.body.organisations.find((o) => o.organisation.acronym === "LoH");
    expect(loh?.themes).toEqual(["legal_aid"]);
    // A row of an imported file is not an agreement: listed and counted apart, with its file and row.
    expect(gakenke.body.agreements.map((a) => a.title)).not.toContain("Cliniques juridiques mobiles");
    expect(gakenke.body.agreementsTotal).toBe(before.body.agreementsTotal);
    expect(gakenke.body.reportedTotal).toBe(1);
    expect(gakenke.body.reported).toEqual([
      expect.objectContaining({
        source: "reported",
        title: "Cliniques juridiques mobiles",
        validFrom: "2026-01-01",
        validUntil: "2027-12-31",
        reportedRow: {
          importId: res.body.importId,
          fileName: "3w-fr.csv",
          importedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          line: 3,
          activity: "Cliniques juridiques mobiles",
          funderId: null,
          implementerNotNamed: false,
        },
      }),
    ]);
    expect(gakenke.body.expiring.every((a) => a.source === "agreement")).toBe(true);

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
      res.body.rows.some((r) => r.organisation?.acronym === "RBJ" && r.place.code === "RW-F-MUSANZE"),
    ).toBe(true);
  });
});

describe("who does the work and who funds it", () => {
  const funderFirst = [
    "Donor,Partner,Sector,District",
    "#org +funder +name,#org +impl +name,#sector,#adm2 +name",
    "United Nations Development Programme,Lawyers of Hope,legal_aid,Rulindo",
  ].join("\r\n");
  const implementerFirst = [
    "Partner,Donor,Sector,District",
    "#org +impl +name,#org +funder +acronym,#sector,#adm2 +name",
    "Lawyers of Hope,UNDP,legal_aid,Rulindo",
  ].join("\r\n");

  it("reads the implementer as the organisation and the funder as the funder, in either column order", () => {
    for (const csv of [funderFirst, implementerFirst]) {
      const parsed = parseHxl3w(csv);
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows.map((r) => [r.organisation, r.funder || r.funderAcronym])).toEqual([
        ["Lawyers of Hope", expect.stringMatching(/^(United Nations Development Programme|UNDP)$/)],
      ]);
      expect(parsed.columns.organisation).toBe("#org +impl +name");
    }
    // A plain #org is the one doing the work when no column says +impl; +prog only when nothing else does.
    const plain = parseHxl3w(
      "#org +funder,#org +prog,#org,#sector,#adm2\nUNDP,Interpeace,Lawyers of Hope,legal_aid,Rulindo",
    );
    expect(plain.rows[0]).toMatchObject({ organisation: "Lawyers of Hope", funder: "UNDP" });
    const prog = parseHxl3w("#org +funder,#org +prog,#sector,#adm2\nUNDP,Interpeace,legal_aid,Rulindo");
    expect(prog.rows[0]).toMatchObject({ organisation: "Interpeace", funder: "UNDP" });
  });

  it("never takes a funder for the organisation working there, even when it is the only #org", () => {
    const only = parseHxl3w("#org +funder +name,#sector,#adm2\nUNDP,legal_aid,Rulindo");
    expect(only.rows).toEqual([]);
    expect(only.errors).toEqual([expect.objectContaining({ path: "csv", code: "only_funder_column" })]);
  });

  it("matches both against the register, whichever comes first, and proposes an unknown funder", async () => {
    for (const csv of [funderFirst, implementerFirst]) {
      const res = await post(coordinator, { fileName: "funded.csv", csv, dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r) => [r.organisation?.acronym, r.funder?.acronym])).toEqual([
        ["LoH", "UNDP"],
      ]);
    }
    const unknown = await post(coordinator, {
      fileName: "funded.csv",
      csv: funderFirst.replace("United Nations Development Programme", "Atlantis Fund"),
      dryRun: true,
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body.rows).toEqual([]);
    expect(unknown.body.proposals.organisations).toEqual([
      expect.objectContaining({ name: "Atlantis Fund", roles: ["funder"], lines: [3], choice: null }),
    ]);
    const count = await reportedCount();
    const refused = await post(coordinator, {
      fileName: "funded.csv",
      csv: funderFirst.replace("United Nations Development Programme", "Atlantis Fund"),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        path: "rows.3.#org +funder +name",
        code: "funder_unchosen",
        params: { line: 3, column: "#org +funder +name", name: "Atlantis Fund" },
      }),
    ]);
    expect(await reportedCount()).toBe(count);
  });

  it("keeps the funder as a funder in the 3W, never as the implementer", async () => {
    const res = await post(coordinator, { fileName: "funded.csv", csv: funderFirst });
    expect(res.status).toBe(200);
    const matrix = await viewer.json<Matrix>("/api/coordination/matrix?theme=legal_aid&level=district");
    const rulindo = matrix.body.places.find((p) => p.code === "RW-D41");
    const roles = (acronym: string) =>
      matrix.body.cells
        .filter((c) => c.placeId === rulindo?.id && c.recordIds.includes(reportedIdOf(matrix.body)))
        .filter((c) => matrix.body.organisations.find((o) => o.id === c.organisationId)?.acronym === acronym)
        .flatMap((c) => c.roles);
    expect(roles("LoH")).toEqual(["implementer"]);
    expect(roles("UNDP")).toEqual(["funder"]);
    const district = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D41");
    const undp = district.body.organisationsById.find((o) => o.acronym === "UNDP");
    expect(district.body.reported[0]?.reportedRow?.funderId).toBe(undp?.id);
  });
});

/** The record id of the funded.csv row in a matrix. */
function reportedIdOf(matrix: Matrix): string {
  return matrix.records.find((r) => r.reportedRow?.fileName === "funded.csv")?.id ?? "none";
}

describe("imported files: listed, never twice, deleted with their rows", () => {
  const FILE = [
    "Organisation,Sector,District,Activity",
    "#org +name,#sector,#adm2 +name,#activity +name",
    "Prison Fellowship Rwanda,health,Burera,Health talks",
    "Interpeace,health,Burera,Dialogue groups",
  ].join("\r\n");
  type ImportList = {
    items: {
      id: string;
      fileName: string;
      importedBy: string;
      importedAt: string;
      rows: number;
      version: number;
    }[];
  };
  const list = async () => (await viewer.json<ImportList>("/api/coordination/imports")).body.items;
  const auditOf = async (id: string) =>
    queryRows<{ action: string; entity_label: string }>(
      handle.db,
      sql`select action, entity_label from audit_log where entity_type = 'reported_presence_import' and entity_id = ${id} order by id`,
    );

  it("lists each import with its file, who, when and rows", async () => {
    const res = await post(coordinator, { fileName: "burera.csv", csv: FILE });
    expect(res.status).toBe(200);
    const items = await list();
    expect(items[0]).toEqual({
      id: res.body.importId,
      fileName: "burera.csv",
      importedBy: expect.stringMatching(/\S/),
      importedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      rows: 2,
      version: 1,
    });
    expect(items.map((i) => i.fileName)).toEqual(expect.arrayContaining(["3w-fr.csv", "funded.csv"]));
    expect(await auditOf(res.body.importId ?? "")).toEqual([
      { action: "create", entity_label: "burera.csv" },
    ]);
  });

  it("refuses the same file again, even renamed or saved with other line endings, and stores nothing", async () => {
    const before = await reportedCount();
    const [earlier] = await list();
    for (const body of [
      { fileName: "burera.csv", csv: FILE },
      { fileName: "burera (copy).csv", csv: `\uFEFF${FILE.replace(/\r\n/g, "\n")}\n` },
      { fileName: "burera.csv", csv: FILE, dryRun: true },
    ]) {
      const res = await post(coordinator, body);
      expect(res.status).toBe(409);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: "csv",
          code: "already_imported",
          params: {
            fileName: "burera.csv",
            importedAt: earlier?.importedAt,
            importedBy: earlier?.importedBy,
            rows: 2,
            importId: earlier?.id,
          },
        }),
      ]);
      expect(res.body.detail).toMatch(
        /^This file was already imported on \d{4}-\d{2}-\d{2} by .+ \(as burera\.csv, 2 rows\)/,
      );
    }
    expect(await reportedCount()).toBe(before);
    expect((await list()).filter((i) => i.fileName === "burera.csv")).toHaveLength(1);
  });

  it("imports a revised file under the same name beside the earlier one, and says so", async () => {
    const [earlier] = await list();
    const revised = `${FILE}\r\nLawyers of Hope,legal_aid,Burera,Legal clinics`;
    const res = await post(coordinator, { fileName: "burera.csv", csv: revised, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.sameName).toEqual([earlier]);
  });

  it("lets a coordinator delete an import with its rows, in the audit log; not a viewer", async () => {
    const [earlier] = await list();
    const id = earlier?.id ?? "";
    const before = await reportedCount();
    const deleteAt = (version: string | null): RequestInit => ({
      method: "DELETE",
      headers: version === null ? {} : { "if-match": version },
    });
    const refused = await viewer.request(`/api/coordination/imports/${id}`, deleteAt('"1"'));
    expect(refused.status).toBe(403);
    expect(await reportedCount()).toBe(before);

    const burera = async () =>
      (await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D44")).body.reported.map(
        (r) => r.title,
      );
    expect(await burera()).toEqual(["Dialogue groups", "Health talks"]);
    // Without If-Match, or at a version that is not the import's, nothing is deleted.
    expect((await coordinator.request(`/api/coordination/imports/${id}`, deleteAt(null))).status).toBe(428);
    expect((await coordinator.request(`/api/coordination/imports/${id}`, deleteAt('"2"'))).status).toBe(412);
    expect(await reportedCount()).toBe(before);
    expect(earlier?.version).toBe(1);
    const res = await coordinator.request(`/api/coordination/imports/${id}`, deleteAt('"1"'));
    expect(res.status).toBe(204);
    expect(await reportedCount()).toBe(before - 2);
    expect(await burera()).toEqual([]);
    expect((await list()).map((i) => i.id)).not.toContain(id);
    expect(await auditOf(id)).toEqual([
      { action: "create", entity_label: "burera.csv" },
      { action: "delete", entity_label: "burera.csv" },
    ]);
    expect((await coordinator.request(`/api/coordination/imports/${id}`, deleteAt('"1"'))).status).toBe(404);
    expect((await coordinator.request("/api/coordination/imports/not-an-id", deleteAt('"1"'))).status).toBe(
      404,
    );
    // Deleted, the file may come in again.
    const again = await post(coordinator, { fileName: "burera.csv", csv: FILE });
    expect(again.status).toBe(200);
  });
});

describe("dates as precise as written, attributes in any order, proposals for unknown names", () => {
  const csv = readFileSync(new URL("../../../fixtures/hxl-3w-proposals.csv", import.meta.url), "utf8");
  const organisationCount = async () =>
    (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from organisation`))[0]?.n ?? -1;

  it("reads a year, a month or a day with its precision, never inventing a day", () => {
    expect(readHxlDate("2024")).toEqual({ from: "2024-01-01", until: "2024-12-31", precision: "year" });
    expect(readHxlDate("2024-03")).toEqual({ from: "2024-03-01", until: "2024-03-31", precision: "month" });
    expect(readHxlDate("Mar 2024")).toEqual({ from: "2024-03-01", until: "2024-03-31", precision: "month" });
    expect(readHxlDate("15/03/2024")).toEqual({ from: "2024-03-15", until: "2024-03-15", precision: "day" });
    expect(readHxlDate("early 2019")).toBeNull();
    expect(readHxlDate("2026-13-01")).toBeNull();
  });

  it("matches columns whatever their extra attributes and order; #loc +type is not a place name", () => {
    const parsed = parseHxl3w(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.columns).toEqual({
      organisation: "#org+impl+name",
      acronym: "#org +acronym +impl",
      funder: "#org+name+funder",
      theme: "#sector +name +main",
      district: "#adm2+v_3w+name",
      location: "#loc +name",
      start: "#date+start",
      end: "#date+end",
      activity: "#activity",
    });
    expect(parsed.rows.map((r) => [r.line, r.organisation, r.location, r.start, r.end])).toEqual([
      [3, "Lawyers of Hope", "Huye Correctional Facility", "2024", "2024-03"],
      [4, "Umuryango Mushya", "", "Mar 2024", "2025-06-30"],
      [5, "", "", "2024-03-15", ""],
      [6, "Lawyers of Hope", "", "", ""],
      [7, "Skipped Org", "", "", ""],
    ]);
  });

  it("proposes unknown names on a check, refuses them unanswered, imports with the choices, or changes nothing", async () => {
    const organisations = await organisationCount();
    const count = await reportedCount();
    const dry = await post(coordinator, { fileName: "proposals.csv", csv, dryRun: true });
    expect(dry.status).toBe(200);
    expect(
      dry.body.proposals.organisations.map((p) => [p.name, p.acronym, p.roles, p.lines, p.column, p.choice]),
    ).toEqual([
      ["Umuryango Mushya", "UMU", ["implementer"], [4], "#org+impl+name", null],
      ["Skipped Org", null, ["implementer"], [7], "#org+impl+name", null],
    ]);
    expect(
      dry.body.proposals.themes.map((p) => [p.name, p.lines, p.column, p.suggestedCode, p.choice]),
    ).toEqual([["Santé mentale", [6], "#sector +name +main", "sante_mentale", null]]);
    // Rows waiting for a choice are not listed yet; a row without an implementer is, flagged.
    expect(
      dry.body.rows.map((r) => [
        r.line,
        r.organisation?.acronym ?? null,
        r.implementerNotNamed,
        r.funder?.acronym,
      ]),
    ).toEqual([
      [3, "LoH", false, undefined],
      [5, null, true, "UNDP"],
    ]);
    const first = dry.body.rows[0];
    expect([
      first?.place.code,
      first?.validFrom,
      first?.validFromPrecision,
      first?.validUntil,
      first?.validUntilPrecision,
    ]).toEqual(["RW-F-HUYE", "2024-01-01", "year", "2024-03-31", "month"]);
    expect([
      dry.body.rows[1]?.validFrom,
      dry.body.rows[1]?.validFromPrecision,
      dry.body.rows[1]?.validUntil,
    ]).toEqual(["2024-03-15", "day", null]);

    // Importing without the choices is refused, naming each row; nothing changes.
    const unanswered = await post(coordinator, { fileName: "proposals.csv", csv });
    expect(unanswered.status).toBe(422);
    expect(unanswered.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ["rows.4.#org+impl+name", "org_unchosen"],
      ["rows.6.#sector +name +main", "theme_unchosen"],
      ["rows.7.#org+impl+name", "org_unchosen"],
    ]);
    // A choice naming an organisation that does not exist is refused on its field.
    const badChoice = await post(coordinator, {
      fileName: "proposals.csv",
      csv,
      organisations: [
        { name: "umuryango mushya", action: "match", organisationId: "00000000-0000-4000-8000-000000000000" },
        { name: "Skipped Org", action: "skip" },
      ],
      themes: [{ name: "Santé mentale", action: "skip" }],
    });
    expect(badChoice.status).toBe(422);
    expect(badChoice.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ["rows.4.#org+impl+name", "org_unchosen"],
      ["organisations.0.organisationId", "org_choice_unknown"],
    ]);
    expect([await organisationCount(), await reportedCount()]).toEqual([organisations, count]);

    const choices = {
      organisations: [
        { name: "Umuryango Mushya", action: "create", kind: "local_cso" },
        { name: "Skipped Org", action: "skip" },
      ],
      themes: [{ name: "santé mentale", action: "match", themeCode: "legal_aid" }],
    };
    const checked = await post(coordinator, { fileName: "proposals.csv", csv, dryRun: true, ...choices });
    expect(checked.status).toBe(200);
    expect(
      checked.body.rows.map((r) => [r.line, r.organisation?.acronym ?? null, r.newOrganisation, r.theme]),
    ).toEqual([
      [3, "LoH", null, "legal_aid"],
      [4, null, "Umuryango Mushya", "legal_aid"],
      [5, null, null, "legal_aid"],
      [6, "LoH", null, "legal_aid"],
    ]);
    expect(checked.body.skipped).toEqual([{ line: 7, reason: "organisation_skipped", name: "Skipped Org" }]);

    const done = await post(coordinator, { fileName: "proposals.csv", csv, ...choices });
    expect(done.status).toBe(200);
    expect(done.body.imported).toBe(4);
    const created = done.body.rows[1]?.organisation;
    expect([created?.name, created?.acronym, created?.kind]).toEqual([
      "Umuryango Mushya",
      "UMU",
      "local_cso",
    ]);
    expect(await organisationCount()).toBe(organisations + 1);
    const stored = await queryRows<{
      line: number;
      organisation: string | null;
      from: string | null;
      fromPrecision: string;
      until: string | null;
      untilPrecision: string;
    }>(
      handle.db,
      sql`select p.source_line as line, o.name as organisation, p.valid_from::text as from, p.valid_from_precision as "fromPrecision",
            p.valid_until::text as until, p.valid_until_precision as "untilPrecision"
          from reported_presence p join reported_import i on i.id = p.import_id left join organisation o on o.id = p.organisation_id
          where i.file_name = 'proposals.csv' order by p.source_line`,
    );
    expect(stored).toEqual([
      {
        line: 3,
        organisation: "Lawyers of Hope",
        from: "2024-01-01",
        fromPrecision: "year",
        until: "2024-03-31",
        untilPrecision: "month",
      },
      {
        line: 4,
        organisation: "Umuryango Mushya",
        from: "2024-03-01",
        fromPrecision: "month",
        until: "2025-06-30",
        untilPrecision: "day",
      },
      {
        line: 5,
        organisation: null,
        from: "2024-03-15",
        fromPrecision: "day",
        until: null,
        untilPrecision: "day",
      },
      {
        line: 6,
        organisation: "Lawyers of Hope",
        from: null,
        fromPrecision: "day",
        until: null,
        untilPrecision: "day",
      },
    ]);
    // The row without an implementer shows in the district as reported work, in no organisation's name.
    const rulindo = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D41?date=2024-06-01");
    expect(rulindo.body.reported.map((r) => r.title)).toContain("Sans exécutant");
  });

  it("keeps the dates' precision in the 3W views and exports, and reads its own export back at the same precision", async () => {
    // The district page's record: the first and last day of the span, and how precisely the file gave each.
    const huye = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D24?date=2024-02-01");
    const cliniques = huye.body.reported.find((r) => r.title === "Cliniques");
    expect([
      cliniques?.validFrom,
      cliniques?.validFromPrecision,
      cliniques?.validUntil,
      cliniques?.validUntilPrecision,
    ]).toEqual(["2024-01-01", "year", "2024-03-31", "month"]);
    // An agreement's validity is exact days.
    expect(
      huye.body.agreements.every((a) => a.validFromPrecision === "day" && a.validUntilPrecision === "day"),
    ).toBe(true);

    // The district workbook writes "2024" and "2024-03", never 2024-01-01.
    const res = await viewer.request("/api/coordination/districts/RW-D24/export?format=xlsx&date=2024-02-01");
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const reported = workbook.getWorksheet("Reported in 3W files");
    const rows: unknown[][] = [];
    reported?.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1, 6));
    });
    expect(rows.filter((r) => r[0] === "Cliniques")).toEqual([
      ["Cliniques", "LoH", "Legal aid", "2024", "2024-03"],
    ]);

    // The HXL export writes each date at its precision...
    const csv = await (
      await viewer.request(
        "/api/coordination/matrix.csv?theme=legal_aid&level=district&from=2024-01-01&to=2024-12-31",
      )
    ).text();
    const lines = csv.split("\r\n");
    expect(lines.find((l) => l.includes(",Cliniques,"))).toContain(",2024,2024-03,active,");
    expect(lines.find((l) => l.includes(",Nouveau partenaire,"))).toContain(",2024-03,2025-06-30,active,");
    // ...and a re-import reads each back as the same span at the same precision.
    const again = await post(coordinator, { fileName: "3w-export-2024.csv", csv, dryRun: true });
    expect(again.status).toBe(200);
    const read = (activity: string) =>
      again.body.rows
        .filter((r) => r.activity === activity)
        .map((r) => [r.validFrom, r.validFromPrecision, r.validUntil, r.validUntilPrecision]);
    expect(read("Cliniques")).toEqual([["2024-01-01", "year", "2024-03-31", "month"]]);
    expect(read("Nouveau partenaire")).toEqual([["2024-03-01", "month", "2025-06-30", "day"]]);
  });
});
