// Every CSV, HXL and spreadsheet export fed the OWASP formula prefixes through real records (organisation names
// and acronyms, agreement titles, progress): parsed back, no cell is a live formula.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import {
  contextAs,
  createTestServer,
  nationalGrant,
  systemActor,
  type TestClient,
} from "../../tests/factories";
import { FORMULA_PAYLOADS } from "../../tests/formula-payloads";
import type { DatabaseHandle } from "../db/client";
import { addAgreementOtherField } from "../modules/agreements";
import { startsLikeFormula } from "../shared/spreadsheet-text";
import { writeChartTableXlsx } from "../web/programmes/chart-table.export";

let handle: DatabaseHandle;
let admin: TestClient;
let adminUserId: string;
/** What the register holds for each payload, after the API trimmed it (a leading tab or return does not survive). */
const stored = new Set<string>();
const progressTexts = new Set<string>();
/** Other fields (an import's unmapped columns): each label becomes a column header of the exports, each value a cell. */
const otherFieldTexts = new Set<string>();
/** The organisations renamed to a payload, which report to a body (the timeliness workbook). */
const payloadOrganisationIds: string[] = [];

type Created = { id: string; name?: string; title?: string; version: number };

async function post<T = Created>(client: TestClient, path: string, body: unknown): Promise<T> {
  const res = await client.json<T>(path, { method: "POST", body: JSON.stringify(body) });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  const signedIn = await server.signInAs([nationalGrant("administrator")]);
  admin = signedIn.client;
  adminUserId = signedIn.userId;
  const places = await admin.json<{ items: { id: string; code: string }[] }>("/api/places?q=Nyarugenge");
  const nyarugenge = places.body.items.find((p) => p.code === "RW-D11");
  if (!nyarugenge) throw new Error("no Nyarugenge district in the reference places");
  const keeper = await post(admin, "/api/organisations", { name: "Formula Test Keeper", kind: "government" });
  for (const [i, payload] of FORMULA_PAYLOADS.entries()) {
    // The organisation gets an ordinary name first: a partner editor of it then renames it to the payload.
    const org = await post(admin, "/api/organisations", { name: `Formula partner ${i}`, kind: "local_cso" });
    const editor = (
      await server.signInAs(
        [{ role: "partner_editor", scopeType: "organisation", scopeId: org.id }],
        [org.id],
      )
    ).client;
    const renamed = await editor.json<Created>(`/api/organisations/${org.id}`, {
      method: "PATCH",
      headers: { "if-match": `"${org.version}"` },
      body: JSON.stringify({ name: `${payload} ${i}`, acronym: payload.slice(0, 10) }),
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    stored.add(renamed.body.name ?? "");
    payloadOrganisationIds.push(org.id);
    const agreement = await post(admin, "/api/agreements", {
      title: `${payload} agreement ${i}`,
      kind: "mou",
      status: "active",
      signedOnText: "2024",
      validFrom: "2024-01-01",
      keeperOrganisationId: keeper.id,
      parties: [
        { organisationId: keeper.id, role: "signatory" },
        { organisationId: org.id, role: "signatory" },
      ],
      themes: ["legal_aid"],
      areas: [{ placeId: nyarugenge.id }],
    });
    stored.add(agreement.title ?? "");
    const progress = await post<{ text: string }>(admin, `/api/agreements/${agreement.id}/progress`, {
      kind: "achievement",
      text: `${payload} progress`,
      entryDate: "2024-06-01",
    });
    progressTexts.add(progress.text);
    // Only an import adds other fields (no route of their own): through the service, as the import does.
    const field = await addAgreementOtherField(contextAs(handle, systemActor), agreement.id, {
      label: `${payload} label ${i}`,
      value: `${payload} value`,
    });
    otherFieldTexts.add(field.label).add(field.value);
  }
  expect(stored.size).toBe(FORMULA_PAYLOADS.length * 2);
});
afterAll(async () => {
  await handle?.close();
});

/** A number a writer put in a cell it knows is numeric (an id's digits, a line number, a count). */
const isPlainNumber = (text: string) => /^-?\d+(?:\.\d+)?$/.test(text);

/** Every cell is inert; returns the cells so a caller can check the payloads came through. */
function expectInertCells(cells: readonly string[], where: string): void {
  const live = cells.filter((cell) => startsLikeFormula(cell) && !isPlainNumber(cell));
  expect(live, where).toEqual([]);
}

// XML reads a carriage return back as a line feed.
const lineEnds = (text: string) => text.replace(/\r\n?/g, "\n");

/** The stored payload texts reached the file, each at the start of a cell with the neutraliser's quote in front. */
function expectPayloadsEscaped(cells: readonly string[], where: string, expected: readonly string[]): void {
  const normalised = cells.map(lineEnds);
  for (const text of expected) {
    const escaped = `'${lineEnds(text)}`;
    expect(
      normalised.some((cell) => cell.startsWith(escaped)),
      `${where}: ${JSON.stringify(escaped)}`,
    ).toBe(true);
  }
}

async function csvCells(path: string): Promise<string[]> {
  const res = await admin.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  const rows = parse(await res.text(), { bom: true, relax_column_count: true }) as string[][];
  return rows.flat();
}

async function xlsxCells(bytes: ArrayBuffer, where: string): Promise<string[]> {
  // No formula element in any sheet's XML: exceljs might read a formula back as its cached value.
  const zip = await JSZip.loadAsync(bytes);
  const sheets = Object.keys(zip.files).filter((name) => /^xl\/worksheets\/.*\.xml$/.test(name));
  expect(sheets.length, where).toBeGreaterThan(0);
  for (const name of sheets)
    expect(await zip.file(name)?.async("string"), `${where} ${name}`).not.toMatch(/<f[ >]/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        expect(cell.type, `${where} ${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        if (cell.type === ExcelJS.ValueType.Number) return;
        cells.push(cell.text);
        if (startsLikeFormula(cell.text)) expect(cell.numFmt, cell.address).toBe("@");
      });
    });
  }
  return cells;
}

async function xlsxCellsAt(path: string): Promise<string[]> {
  const res = await admin.request(path);
  expect(res.status, path).toBe(200);
  return xlsxCells(await res.arrayBuffer(), path);
}

const organisationNames = () => [...stored].filter((s) => !s.includes(" agreement "));
const agreementTitles = () => [...stored].filter((s) => s.includes(" agreement "));

describe("formula text in exports", () => {
  it("status report CSV: every partner and progress text comes out as text", async () => {
    const path = "/api/reports/status-report?format=csv&asOf=2026-01-01";
    const cells = await csvCells(path);
    expectInertCells(cells, path);
    expectPayloadsEscaped(cells, path, [...organisationNames(), ...progressTexts, ...otherFieldTexts]);
  });

  it("status report HXL CSV", async () => {
    const path = "/api/reports/status-report?format=hxl&asOf=2026-01-01";
    const cells = await csvCells(path);
    expectInertCells(cells, path);
    expectPayloadsEscaped(cells, path, [...organisationNames(), ...agreementTitles()]);
  });

  it("status report workbook", async () => {
    const path = "/api/reports/status-report?format=xlsx&asOf=2026-01-01";
    const cells = await xlsxCellsAt(path);
    expectInertCells(cells, path);
    expectPayloadsEscaped(cells, path, [...organisationNames(), ...progressTexts, ...otherFieldTexts]);
  });

  it("breach report CSV: the records' labels (agreement titles the administrator created) come out as text", async () => {
    const path = `/api/audit/activity.csv?userId=${adminUserId}&from=2020-01-01&to=2199-12-31`;
    const cells = await csvCells(path);
    expectInertCells(cells, path);
    expectPayloadsEscaped(cells, path, agreementTitles());
  });

  it("3W matrix CSV (HXL)", async () => {
    const path = "/api/coordination/matrix.csv?theme=legal_aid&level=district&date=2025-01-01";
    const cells = await csvCells(path);
    expectInertCells(cells, path);
    expectPayloadsEscaped(cells, path, [...organisationNames(), ...agreementTitles()]);
  });

  it("district HXL CSV and workbook", async () => {
    const query = "from=2024-01-01&to=2025-12-31";
    const csvPath = `/api/coordination/districts/RW-D11/export?format=csv&${query}`;
    const csv = await csvCells(csvPath);
    expectInertCells(csv, csvPath);
    expectPayloadsEscaped(csv, csvPath, organisationNames());
    const xlsxPath = `/api/coordination/districts/RW-D11/export?format=xlsx&${query}`;
    const xlsx = await xlsxCellsAt(xlsxPath);
    expectInertCells(xlsx, xlsxPath);
    expectPayloadsEscaped(xlsx, xlsxPath, [...organisationNames(), ...agreementTitles()]);
  });

  it("timeliness workbook: bodies, reports and the partner scorecard", async () => {
    const ministry = await post(admin, "/api/organisations", {
      name: "Formula Test Ministry",
      kind: "government",
    });
    const body = await post(admin, "/api/reporting-bodies", { organisationId: ministry.id, kind: "other" });
    for (const organisationId of payloadOrganisationIds)
      await post(admin, "/api/reporting-obligations", {
        organisationId,
        bodyId: body.id,
        periodType: "quarter",
        dueDays: 15,
        startPeriod: "2025-Q1",
        sections: ["narrative"],
      });
    const path = "/api/reporting/timeliness/export?periodType=quarter&period=2025-Q1&lang=fr";
    const cells = await xlsxCellsAt(path);
    expectInertCells(cells, path);
    expectPayloadsEscaped(cells, path, organisationNames());
  });

  it("a chart's table as a workbook (written in the browser): text inert, negative numbers numeric", async () => {
    const blob = await writeChartTableXlsx({
      sheetName: "=Sheet",
      columns: ["=Header", "Value"],
      rows: FORMULA_PAYLOADS.map((p, i) => [p, -i - 1.5]),
    });
    const bytes = await blob.arrayBuffer();
    const cells = await xlsxCells(bytes, "chart table");
    expectInertCells(cells, "chart table");
    expectPayloadsEscaped(cells, "chart table", FORMULA_PAYLOADS);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    const values = workbook.worksheets[0]?.getColumn(2).values.slice(2);
    expect(values).toEqual(FORMULA_PAYLOADS.map((_, i) => -i - 1.5));
  });
});
