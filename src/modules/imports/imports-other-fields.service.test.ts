// Columns the importer does not map are never dropped silently: previewed with a sample, kept with the agreement as
// other fields (audited, on its API), exported as trailing spreadsheet columns that read back as the same fields —
// unless the user leaves the column out. Fixtures: an English CSV (fixtures/status-report-other-fields.csv) and a
// French workbook built below, each with one column the register has no place for.
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, createTestServer, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { AgreementDetailSchema, getAgreement } from "../agreements";
import { exportStatusReport } from "../status-report";
import { applyStatusReportImport, previewStatusReportImport } from "./imports.service";

const CSV = {
  name: "status-report-other-fields.csv",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/status-report-other-fields.csv", import.meta.url)),
  ),
};
const OPTIONS = { institution: "Rwanda Correctional Service" };

/** A French table of two MoUs, with a "Personne focale" column no synonym knows. */
async function frenchWorkbook(): Promise<{ name: string; bytes: Uint8Array }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("1. Partenaires locaux");
  sheet.addRow(["N°", "Partenaire", "Activités", "Date de signature", "Personne focale"]);
  sheet.addRow([1, "Never Again Rwanda (NAR)", "Dialogue communautaire", "mars 2020", "Eric Mugisha"]);
  sheet.addRow([2, "Dignité en Détention (DIDE)", "Visites des prisons", "2018", "Claudine Uwera"]);
  return { name: "partenaires.xlsx", bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

let handle: DatabaseHandle;
const admin = () => contextAs(handle, buildUserActor([nationalGrant("administrator")]));

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const auditRows = (entityType: string) =>
  queryRows<{ action: string; entity_label: string; changes: unknown }>(
    handle.db,
    sql`select action, entity_label, changes from audit_log where entity_type = ${entityType} order by id`,
  );

describe("an unmapped column of a CSV", () => {
  let agreementId = "";

  it("is listed in the preview with a sample, and its cells are shown on each row", async () => {
    const preview = await previewStatusReportImport(admin(), CSV, OPTIONS);
    const columns = preview.sections[0]?.columns ?? [];
    expect(columns.map((c) => [c.header, c.key])).toEqual([
      ["No", "serial"],
      ["Partner", "partner"],
      ["Field activities", "commitments"],
      ["Date of signature", "signedOn"],
      ["Districts", "areas"],
      ["Focal person", "other"],
    ]);
    expect(columns[5]?.sample).toBe("Jeanne Uwase 0788 000 111");
    expect(preview.rows.map((r) => [r.partners, r.otherFields])).toEqual([
      [["Haguruka"], [{ label: "Focal person", value: "Jeanne Uwase\n0788 000 111" }]],
      [["Legal Aid Forum"], []],
    ]);
    expect(preview.counts.otherFields).toBe(1);
    expect(preview.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("is kept with the agreement, audited, and shown by the agreement's API", async () => {
    const result = await applyStatusReportImport(admin(), CSV, OPTIONS);
    expect(result.counts.otherFields).toBe(1);
    agreementId = result.agreementIds[0] ?? "";
    const detail = AgreementDetailSchema.parse(await getAgreement(admin(), agreementId));
    expect(detail.title).toBe("MoU between RCS and Haguruka");
    expect(detail.otherFields).toEqual([
      {
        id: expect.any(String),
        label: "Focal person",
        value: "Jeanne Uwase\n0788 000 111",
        position: 0,
        version: 1,
      },
    ]);
    expect((await getAgreement(admin(), result.agreementIds[1] ?? "")).otherFields).toEqual([]);
    const audited = await auditRows("agreement_other_field");
    expect(audited.map((r) => [r.action, r.entity_label])).toEqual([["create", "Focal person"]]);

    const server = createTestServer(handle);
    const { client } = await server.signInAs([nationalGrant("viewer")]);
    const res = await client.json<{ otherFields: { label: string; value: string }[] }>(
      `/api/agreements/${agreementId}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.otherFields.map((f) => [f.label, f.value])).toEqual([
      ["Focal person", "Jeanne Uwase\n0788 000 111"],
    ]);
  });

  it("is a trailing column of the CSV and Excel exports, and re-importing them adds nothing", async () => {
    const csv = await exportStatusReport(admin(), { format: "csv", lang: "en" });
    const rows: string[][] = parseCsv(new TextDecoder().decode(csv.bytes), { bom: true });
    // The flat CSV puts each section's columns side by side: the field follows the agreements' seven.
    const header = rows[0] ?? [];
    expect(header.slice(0, 10)).toEqual([
      "Section",
      "S/N",
      "Partner names",
      "Field activities",
      "Date of signature",
      "Area(s) for implementation",
      "Achievements",
      "Ongoing/planned activities",
      "Focal person",
      "Name of partner/stakeholder",
    ]);
    const haguruka = rows.find((r) => r.some((c) => c.startsWith("Haguruka")));
    expect(haguruka?.[8]).toBe("Jeanne Uwase\n0788 000 111");
    const laf = rows.find((r) => r.some((c) => c.startsWith("Legal Aid Forum")));
    expect(laf?.[8]).toBe("");

    // The whole workbook: the empty sections' sheets hold "Nothing to report on this date." under their header,
    // which the import knows for its own (it once read it as a row without a partner, refusing the file).
    const xlsx = await exportStatusReport(admin(), { format: "xlsx", lang: "en" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes.buffer.slice(0) as ArrayBuffer);
    const sheet = book.worksheets[0];
    const values = (n: number) => {
      const row = sheet?.getRow(n);
      return Array.from({ length: row?.cellCount ?? 0 }, (_, i) => row?.getCell(i + 1).text ?? "");
    };
    const headerRow = [...Array(sheet?.rowCount ?? 0).keys()]
      .map((i) => i + 1)
      .find((n) => values(n).includes("Partner names"));
    expect(values(headerRow ?? 0).at(-1)).toBe("Focal person");
    const hagurukaRow = [...Array(sheet?.rowCount ?? 0).keys()]
      .map((i) => i + 1)
      .find((n) => values(n).some((v) => v.includes("Haguruka")));
    expect(values(hagurukaRow ?? 0).at(-1)).toBe("Jeanne Uwase\n0788 000 111");

    for (const file of [
      { name: csv.fileName, bytes: csv.bytes },
      { name: xlsx.fileName, bytes: xlsx.bytes },
    ]) {
      const again = await previewStatusReportImport(admin(), file, OPTIONS);
      expect(again.rows.map((r) => [r.action, r.adds.otherFields])).toEqual([
        ["unchanged", 0],
        ["unchanged", 0],
      ]);
      expect(again.counts.otherFields).toBe(0);
      expect(again.issues.filter((i) => i.severity === "error")).toEqual([]);
      await applyStatusReportImport(admin(), file, OPTIONS);
    }
    expect((await getAgreement(admin(), agreementId)).otherFields.map((f) => f.label)).toEqual([
      "Focal person",
    ]);
  });

  it("is not printed in the Word export, which keeps the original's seven columns", async () => {
    const docx = await exportStatusReport(admin(), { format: "docx", lang: "en" });
    const { default: mammoth } = await import("mammoth");
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docx.bytes) })).value;
    expect(text).toContain("Haguruka");
    expect(text).not.toContain("Focal person");
  });
});

describe("an unmapped column of a workbook the user leaves out", () => {
  it("is previewed, then dropped when ignored; imported again without ignoring it, it is added", async () => {
    const file = await frenchWorkbook();
    const preview = await previewStatusReportImport(admin(), file, OPTIONS);
    const focal = preview.sections[0]?.columns.find((c) => c.header === "Personne focale");
    expect(focal).toMatchObject({ key: "other", sample: "Eric Mugisha" });
    expect(preview.rows.map((r) => r.otherFields)).toEqual([
      [{ label: "Personne focale", value: "Eric Mugisha" }],
      [{ label: "Personne focale", value: "Claudine Uwera" }],
    ]);

    const ignore = { ...OPTIONS, columns: { "Personne focale": "ignore" } };
    const ignored = await previewStatusReportImport(admin(), file, ignore);
    expect(ignored.sections[0]?.columns.find((c) => c.header === "Personne focale")?.key).toBe("ignore");
    expect(ignored.rows.map((r) => r.otherFields)).toEqual([[], []]);
    expect(ignored.counts.otherFields).toBe(0);
    const result = await applyStatusReportImport(admin(), file, ignore);
    const [nar, dide] = result.agreementIds;
    expect((await getAgreement(admin(), nar ?? "")).otherFields).toEqual([]);
    expect((await getAgreement(admin(), dide ?? "")).otherFields).toEqual([]);

    // The same file without the choice: each agreement lacks the field, and gets it (audited on the agreement too).
    const update = await previewStatusReportImport(admin(), file, OPTIONS);
    expect(update.rows.map((r) => [r.action, r.adds])).toEqual([
      ["update", { commitments: 0, progress: 0, otherFields: 1 }],
      ["update", { commitments: 0, progress: 0, otherFields: 1 }],
    ]);
    const updated = await applyStatusReportImport(admin(), file, OPTIONS);
    expect(updated.counts.otherFields).toBe(2);
    expect((await getAgreement(admin(), nar ?? "")).otherFields.map((f) => [f.label, f.value])).toEqual([
      ["Personne focale", "Eric Mugisha"],
    ]);
    const lines = (await auditRows("agreement")).filter(
      (r) => JSON.stringify(r.changes).includes("otherField") && r.entity_label.includes("DIDE"),
    );
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0]?.changes)).toContain("Personne focale: Claudine Uwera");
  });
});
