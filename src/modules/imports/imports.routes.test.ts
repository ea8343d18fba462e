// HTTP tests of the status-report import: Word, Excel and CSV tables, malformed files, nothing written on error, progress.
import { readFileSync } from "node:fs";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { AgreementDetail, AgreementList } from "../agreements";
import type { ImportPreview, ImportResult } from "./imports.schema";

type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };

let handle: DatabaseHandle;
let admin: TestClient;
let viewer: TestClient;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
});
afterAll(async () => {
  await handle?.close();
});

function form(
  bytes: Uint8Array,
  name: string,
  options: object = { institution: "Rwanda Correctional Service" },
) {
  const body = new FormData();
  body.set("file", new File([new Uint8Array(bytes)], name));
  body.set("options", JSON.stringify(options));
  return body;
}

const preview = (bytes: Uint8Array, name: string, options?: object) =>
  admin.json<ImportPreview & Problem>("/api/imports/status-report/preview", {
    method: "POST",
    body: form(bytes, name, options),
  });
const apply = (bytes: Uint8Array, name: string, options?: object, client = admin) =>
  client.json<ImportResult & Problem>("/api/imports/status-report", {
    method: "POST",
    body: form(bytes, name, options),
  });

/** Every table of the database: equal before and after a refused request, so nothing was written. */
const footprint = () => databaseFootprint(handle.db);

const cell = (...paragraphs: (string | Paragraph)[]) =>
  new TableCell({ children: paragraphs.map((p) => (typeof p === "string" ? new Paragraph(p) : p)) });

/** A Word file shaped like the status report: numbered section, header row, bold partner, bullets. */
async function statusReportDocx(): Promise<Uint8Array> {
  const header = new TableRow({
    tableHeader: true,
    children: [
      "S/N",
      "PARTNER' NAMES",
      "FIELD ACTIVITIES",
      "DATE OF SIGNATURE",
      "AREA(S) FOR IMPLEMENTATION",
      "ACHIEVEMENTS",
      "ONGOING/PLANNED ACTIVITIES",
    ].map((h) => cell(h)),
  });
  const row = (
    n: string,
    partner: string,
    contact: string,
    activities: string[],
    date: string,
    area: string,
    achievements: string[],
    ongoing: string,
  ) =>
    new TableRow({
      children: [
        cell(n),
        cell(
          new Paragraph({
            children: [new TextRun({ text: partner, bold: true }), new TextRun(` ${contact}`)],
          }),
        ),
        cell(...activities.map((a) => `➤ ${a}`)),
        cell(date),
        cell(area),
        cell(...achievements.map((a) => `• ${a}`)),
        cell(ongoing),
      ],
    });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph("COOPERATION ACTIVITIES"),
          new Paragraph("1. MoUs with Local Partners and RCS"),
          new Table({
            rows: [
              header,
              row(
                "1.",
                "Lawyers of Hope (LoH)",
                "info@loh.rw 0788000111",
                ["Provision of legal aid services to detainees", "Legal representation of minors"],
                "18/11/2022",
                "Musanze, Muhanga and Nyarugenge",
                ["They advocated for the inmates."],
                "Activities are ongoing",
              ),
              row(
                "2.",
                "Haguruka",
                "www.haguruka.org.rw",
                ["Gender-based violence prevention (SGBV) trainings"],
                "June /2021",
                "Rwamagana district",
                ["Trained 40 staff."],
                "A new phase is planned for 2024.",
              ),
            ],
          }),
          new Paragraph("2. MoUs with regional/international partners"),
          new Table({
            rows: [
              header,
              row(
                "01.",
                "KENYA",
                "",
                ["Cooperation in the field of correctional services"],
                "MoU signed on 4 th April 2023.",
                "Cooperation in correctional/prisons Services",
                ["A revised MoU has been signed."],
                "Both Parties have agreed to establish a Joint Technical Committee.",
              ),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function workbook(rows: (string | number)[][], sheetName = "Partners"): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("previewing and importing status reports over HTTP", () => {
  it("refuses a viewer with 403 and writes nothing", async () => {
    const before = await footprint();
    const res = await apply(new TextEncoder().encode("x"), "a.txt", {}, viewer);
    expect(res.status).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it("reads a .docx whose table has the status report's columns", async () => {
    const bytes = await statusReportDocx();
    const res = await preview(bytes, "status-report.docx");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = res.body;
    expect(p.format).toBe("docx");
    expect(p.sections.map((s) => [s.number, s.kind, s.rows])).toEqual([
      [1, "local", 2],
      [2, "foreign", 1],
    ]);
    const loh = p.rows.find((r) => r.key === "1.1");
    expect(loh).toMatchObject({
      partners: ["Lawyers of Hope"],
      signedOnText: "18/11/2022",
      signedOnPrecision: "day",
      commitments: ["Provision of legal aid services to detainees", "Legal representation of minors"],
      progress: [
        { kind: "achievement", text: "They advocated for the inmates." },
        { kind: "ongoing", text: "Activities are ongoing" },
      ],
      themes: ["legal_aid"],
    });
    expect(loh?.areas.map((a) => a.placeCode)).toEqual(["RW-F-MUSANZE", "RW-F-MUHANGA", "RW-F-NYARUGENGE"]);
    expect(p.organisations.find((o) => o.name === "Lawyers of Hope")).toMatchObject({
      acronym: "LoH",
      email: "info@loh.rw",
      phone: "0788000111",
    });
    const haguruka = p.rows.find((r) => r.key === "1.2");
    expect(haguruka?.areas.map((a) => a.placeCode)).toEqual(["RW-D51"]);
    expect(haguruka?.progress.at(-1)).toEqual({ kind: "planned", text: "A new phase is planned for 2024." });
    expect(haguruka?.themes).toContain("gender_sgbv");
    const kenya = p.rows.find((r) => r.key === "2.1");
    expect(kenya).toMatchObject({ partners: ["Kenya"], signedOnPrecision: "day" });
    expect(kenya?.areas).toEqual([{ label: "Kenya", placeCode: null, placeSet: null, countryCode: "KE" }]);
  });

  it("imports a spreadsheet with other columns (status, duration, comments), French headers and typos", async () => {
    const bytes = await workbook([
      ["Rapport de coopération"],
      [
        "N°",
        "Partenaire",
        "Activités",
        "Date de signature",
        "Statut",
        "Durée",
        "Zones d'intervention",
        "Comentaires",
      ],
      [
        "1",
        "Rwanda Bar Association (RBA)",
        "Aide juridique aux détenus",
        "15/03/2021",
        "Expired",
        "2 years",
        "Huye",
        "Renewal under discussion",
      ],
      [
        "2",
        "Never Again Rwanda",
        "Peace building and reconciliation\nHealing spaces",
        "2020",
        "active",
        "",
        "All facilities",
        "",
      ],
    ]);
    const p = await preview(bytes, "partners.xlsx");
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.sections[0]?.columns.map((c) => c.key)).toEqual([
      "serial",
      "partner",
      "commitments",
      "signedOn",
      "status",
      "duration",
      "areas",
      "comments",
    ]);
    const res = await apply(bytes, "partners.xlsx");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts).toMatchObject({ agreementsCreated: 2, commitments: 3 });
    const list = await admin.json<AgreementList>("/api/agreements?q=Bar%20Association");
    const rba = await admin.json<AgreementDetail>(`/api/agreements/${list.body.items[0]?.id}`);
    expect(rba.body).toMatchObject({
      status: "expired",
      validUntil: "2023-03-14",
      signedOn: { text: "15/03/2021", precision: "day" },
      themes: ["legal_aid"],
    });
    expect(rba.body.areas.map((a) => a.label)).toEqual(["Huye Correctional Facility"]);
    expect(rba.body.progress.map((e) => e.text)).toEqual(["Renewal under discussion"]);
  });

  it("says once what a file is when it is no table (a PDF, a photo, an old .doc), whatever its name", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const [bytes, name, kind] of [
      [pdf, "status report.pdf", "PDF"],
      [png, "status report.docx", "PNG"],
      [png, "scan.csv", "PNG"],
      [doc, "status report.doc", "DOC/XLS"],
    ] as const) {
      const refused = await preview(bytes, name);
      expect(refused.status, name).toBe(422);
      expect(refused.body.errors).toEqual([
        {
          path: "file",
          code: "not_a_table",
          params: { file: name, kind },
          message: expect.stringMatching(
            new RegExp(`^${name} is a ${kind} file, not a table: import a Word`),
          ),
          in: "body",
        },
      ]);
    }
  });

  it("lets the user correct the column mapping in the preview", async () => {
    const csv = "Name;Where;When\nCaritas Rwanda;Gicumbi;2019\n";
    const unmapped = await preview(new TextEncoder().encode(csv), "x.csv");
    expect(unmapped.status).toBe(422);
    expect(unmapped.body.errors?.[0]?.path).toBe("file");
    const mapped = await preview(
      new TextEncoder().encode(`Partner;Where;When\nCaritas Rwanda;Gicumbi;2019\n`),
      "x.csv",
      {
        institution: "Rwanda Correctional Service",
        columns: { Where: "areas", When: "signedOn" },
      },
    );
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    expect(mapped.body.rows[0]).toMatchObject({
      partners: ["Caritas Rwanda"],
      signedOnText: "2019",
      signedOnPrecision: "year",
    });
    expect(mapped.body.rows[0]?.areas.map((a) => a.placeCode)).toEqual(["RW-F-GICUMBI"]);
  });

  it("reads UTF-8 CSV with a BOM, and remembers a chosen match as an alias", async () => {
    const text =
      '\uFEFFUmufatanyabikorwa,Ibikorwa,Itariki yasinyweho\n"Diocèse Catholique de Byumba",Imyuga,28/6/2022\n';
    const first = await apply(new TextEncoder().encode(text), "byumba.csv");
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await preview(
      new TextEncoder().encode(text.replace("Diocèse Catholique de Byumba", "Diocese Catholic/ BYUMBA")),
      "byumba.csv",
    );
    const proposal = again.body.organisations[0];
    expect(proposal).toMatchObject({
      action: "merge",
      how: "similar",
      existing: { name: "Diocèse Catholique de Byumba" },
    });
    const merged = await apply(
      new TextEncoder().encode(text.replace("Diocèse Catholique de Byumba", "Diocese Catholic/ BYUMBA")),
      "byumba.csv",
    );
    expect(merged.status).toBe(200);
    const third = await preview(
      new TextEncoder().encode(text.replace("Diocèse Catholique de Byumba", "Diocese Catholic/ BYUMBA")),
      "byumba.csv",
    );
    expect(third.body.organisations[0]).toMatchObject({ action: "match", how: "alias" });
    expect(third.body.counts).toMatchObject({
      organisationsCreated: 0,
      agreementsCreated: 0,
      agreementsUnchanged: 1,
    });
  });

  it("leaves out a contact the register would refuse, and says so", async () => {
    const csv = "Partner,Date of signature\nUmbrella Network http://intranet,2021\n";
    const p = await preview(new TextEncoder().encode(csv), "contacts.csv");
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.organisations[0]).toMatchObject({ name: "Umbrella Network", website: null });
    expect(p.body.issues).toContainEqual(
      expect.objectContaining({ code: "contact_invalid", location: "row 2", text: "http://intranet" }),
    );
    const res = await apply(new TextEncoder().encode(csv), "contacts.csv");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts.agreementsCreated).toBe(1);
  });

  it("answers a truncated .docx, a file in the wrong encoding, and a table with no known columns with 422 naming the file, writing nothing", async () => {
    const before = await footprint();
    const docx = await statusReportDocx();
    const truncated = await apply(docx.subarray(0, Math.floor(docx.length / 2)), "report.docx");
    expect(truncated.status).toBe(422);
    expect(truncated.body.detail).toMatch(/report\.docx could not be read as a Word document/);
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode("Partner,Date of signature\nAssociation pour la D"),
      0xe9,
      0x66,
      0x65,
      0x6e,
      0x73,
      0x65,
      0x2c,
      0x32,
      0x30,
      0x32,
      0x30,
      0x0a,
    ]);
    const encoding = await apply(latin1, "latin1.csv");
    expect(encoding.status).toBe(422);
    expect(encoding.body.detail).toMatch(/latin1\.csv is not UTF-8/);
    const noColumns = await apply(
      await workbook([
        ["Foo", "Bar"],
        ["1", "2"],
      ]),
      "other.xlsx",
    );
    expect(noColumns.status).toBe(422);
    expect(noColumns.body.detail).toMatch(/other\.xlsx holds no table with recognisable columns/);
    expect(await footprint()).toEqual(before);
  });

  it("imports nothing when one row is in error, and names its file, row and column", async () => {
    const before = await footprint();
    const bytes = await workbook([
      ["Partner", "Date of signature", "Field activities"],
      ["Hope Association", "2019", "Counselling"],
      ["", "2020", "Orphan row with no partner"],
    ]);
    const res = await apply(bytes, "broken.xlsx");
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        path: "sheet Partners, row 3, Partner",
        message: expect.stringContaining("partner cell is empty"),
        code: "partner_missing",
        in: "body",
      },
    ]);
    expect(await footprint()).toEqual(before);
  });

  it("leaves out the rows named in excludeRows: the preview and the result list them; an unknown row is 422 at its path", async () => {
    const bytes = new TextEncoder().encode(
      "Partner,Date of signature,Field activities\nUmuhuza Mediators,2016,Mediation\n,2020,Orphan row with no partner\n",
    );
    const refusedFile = await apply(bytes, "left-out.csv");
    expect(refusedFile.status).toBe(422);
    expect(refusedFile.body.detail).toBe(
      "left-out.csv has 1 error(s); nothing was imported. Correct the file, or leave out the 1 row(s) with errors (row 3) and import the rest.",
    );

    const options = { institution: "Rwanda Correctional Service", excludeRows: [{ location: "row 3" }] };
    const previewed = await preview(bytes, "left-out.csv", options);
    expect(previewed.status, JSON.stringify(previewed.body)).toBe(200);
    expect(previewed.body.counts).toMatchObject({ errors: 0, rowsExcluded: 1, agreementsCreated: 1 });
    expect(previewed.body.problemRows).toEqual([
      { location: "row 3", row: 3, excluded: true, errors: 1, warnings: 0 },
    ]);

    const before = await footprint();
    const unknown = await apply(bytes, "left-out.csv", { ...options, excludeRows: [{ row: 7 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      {
        path: "excludeRows.0.row",
        code: "row_not_found",
        message: "left-out.csv has no row 7.",
        params: { row: 7 },
        in: "body",
      },
    ]);
    const malformed = await apply(bytes, "left-out.csv", { ...options, excludeRows: [{ row: "3" }] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors?.[0]?.path).toBe("excludeRows.0.row");
    expect(await footprint()).toEqual(before);

    const imported = await apply(bytes, "left-out.csv", options);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.counts).toMatchObject({ agreementsCreated: 1, rowsExcluded: 1 });
    expect(imported.body.excludedRows).toEqual([
      {
        file: "left-out.csv",
        location: "row 3",
        row: 3,
        issues: [
          {
            severity: "error",
            code: "partner_missing",
            message: "The partner cell is empty.",
            file: "left-out.csv",
            location: "row 3",
            row: 3,
            column: "Partner",
            text: null,
          },
        ],
      },
    ]);
  });

  it("streams progress lines then the result when asked for NDJSON", async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url)),
    );
    const res = await admin.request("/api/imports/status-report", {
      method: "POST",
      body: form(bytes, "status-report-rcs-000.txt"),
      headers: { accept: "application/x-ndjson" },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; done?: number; total?: number; result?: ImportResult });
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress[0]).toEqual({ type: "progress", done: 0, total: 30 });
    expect(progress.at(-1)).toEqual({ type: "progress", done: 30, total: 30 });
    expect(lines.at(-1)?.type).toBe("result");
    expect(lines.at(-1)?.result?.counts.memberships).toBe(4);
  });
});
