import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, createTestServer, nationalGrant } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { todayInKigali } from "../../shared/today";
import { changeAgreementStatus, createAgreement, listAgreements } from "../agreements";
import { placeTable } from "../places/places.table";
import { buildStatusReportData, exportStatusReport, statusAsOf } from "./status-report.export";
import { StatusReportQuerySchema } from "./status-report.schema";
import { loadStatusReportDemo, readStatusReportSeed, type StatusReportSeed } from "./status-report-demo";

let handle: DatabaseHandle;
let admin: ServiceContext;
let seed: StatusReportSeed;
const today = todayInKigali();

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
  seed = await readStatusReportSeed();
  await loadStatusReportDemo(admin, seed);
});
afterAll(async () => {
  await handle?.close();
});

const query = (input: Record<string, unknown>) => StatusReportQuerySchema.parse(input);
const orgName = (key: string) => seed.organisations.find((o) => o.key === key)?.name ?? key;
const seedRows = (section: number) => seed.agreements.filter((a) => a.section === section);

/** The CSV's rows and fields (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The text of each row of each table of a Word document, cell by cell. */
async function docxTables(bytes: Uint8Array): Promise<{ xml: string; tables: string[][][] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const textOf = (fragment: string) =>
    [...fragment.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
      .map((p) =>
        [...(p[0] ?? "").matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1] ?? "")).join(""),
      )
      .join("\n");
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((table) =>
    [...(table[0] ?? "").matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...(tr[0] ?? "").matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => textOf(tc[0] ?? "")),
    ),
  );
  return { xml, tables };
}

describe("status report rows from the register", () => {
  it("puts every agreement of the original in its section and row, as written", async () => {
    const data = await buildStatusReportData(admin, query({ format: "docx" }));
    expect(data.asOf).toBe(today);
    for (const section of [1, 2] as const) {
      const rows = data.rows.filter((r) => r.section === section);
      const originals = seedRows(section);
      expect(rows).toHaveLength(originals.length);
      originals.forEach((original, i) => {
        const row = rows[i];
        expect(row?.serial, original.title).toBe(original.row);
        expect(row?.title).toBe(original.title);
        expect(row?.partners.map((p) => p.name)).toEqual(
          original.parties.filter((p) => p.org !== "rcs").map((p) => orgName(p.org)),
        );
        expect(row?.signedOn.text ?? null).toBe(original.signedOnText);
        expect(row?.commitments).toEqual(original.commitments);
        expect(row?.achievements).toEqual(original.achievements);
        for (const text of [...original.ongoing, ...original.planned]) expect(row?.ongoing).toContain(text);
        expect(row?.status).toBe("active");
      });
    }
    expect(seedRows(1)).toHaveLength(20);
    expect(seedRows(2)).toHaveLength(6);
    // The pending E-HUZA amendment is in row 1.4's ongoing cell, not a row of its own.
    const rbj = data.rows.find((r) => r.section === 1 && r.serial === 4);
    expect(rbj?.ongoing).toContain(
      "Amendment (Awaiting approval): A draft of MoU amendment was done in order to include the E-Huza project. It is waiting for approval from Both Parties.",
    );
    expect(data.memberships.map((m) => m.membership.networkName)).toEqual(
      seed.memberships.map((m) => orgName(m.network)),
    );
  });

  it("as of an earlier day: only agreements signed by then, no progress recorded later", async () => {
    const data = await buildStatusReportData(admin, query({ format: "csv", asOf: "2020-12-31" }));
    const expected = seed.agreements.filter((a) => {
      const year = /(\d{4})/.exec(a.signedOnText ?? "")?.[1];
      return year !== undefined && Number(year) <= 2020;
    });
    expect(data.rows.map((r) => r.title).sort()).toEqual(expected.map((a) => a.title).sort());
    // The demo's progress entries are dated the day they were loaded.
    expect(data.rows.every((r) => r.achievements.length === 0 && r.ongoing.length === 0)).toBe(true);
    // Memberships starting after 2020 are not there yet; ICPA (no year) and ACSA (2012) are.
    expect(data.memberships.map((m) => m.membership.networkAcronym)).toContain("ACSA");
  });

  it("reads status on a day from the history, and expires an agreement past its end", () => {
    const changes = [
      { fromStatus: null, toStatus: "negotiating" as const, changedOn: "2020-01-01" },
      { fromStatus: "negotiating" as const, toStatus: "active" as const, changedOn: "2020-06-01" },
    ];
    expect(statusAsOf("active", changes, null, "2019-12-31")).toBe("negotiating");
    // Recorded as active years after signing, then terminated with an earlier effective date.
    const backdated = [
      { fromStatus: null, toStatus: "active" as const, changedOn: "2026-11-30" },
      { fromStatus: "active" as const, toStatus: "terminated" as const, changedOn: "2023-04-04" },
    ];
    expect(statusAsOf("terminated", backdated, null, "2022-01-01")).toBe("active");
    expect(statusAsOf("terminated", backdated, null, "2026-11-30")).toBe("terminated");
    expect(statusAsOf("active", changes, null, "2020-03-01")).toBe("negotiating");
    expect(statusAsOf("active", changes, null, "2020-06-01")).toBe("active");
    expect(statusAsOf("active", changes, "2021-01-01", "2021-06-01")).toBe("expired");
    expect(statusAsOf("draft", [], null, "2021-06-01")).toBe("draft");
  });

  it("filters like the agreements list: section, theme, place, party", async () => {
    const international = await buildStatusReportData(admin, query({ format: "csv", section: "2" }));
    expect(international.rows.map((r) => r.partners[0]?.name)).toEqual(
      seedRows(2).map((a) => orgName(a.parties[1]?.org ?? "")),
    );
    expect(international.includesMemberships).toBe(false);
    const legalAid = await buildStatusReportData(admin, query({ format: "csv", theme: "legal_aid" }));
    expect(legalAid.rows.map((r) => r.title).sort()).toEqual(
      seed.agreements
        .filter((a) => a.themes.includes("legal_aid"))
        .map((a) => a.title)
        .sort(),
    );
    const rp = legalAid.rows[0]?.partners[0];
    const byParty = await buildStatusReportData(
      admin,
      query({ format: "csv", organisationId: rp?.organisationId }),
    );
    expect(byParty.rows.every((r) => r.partners.some((p) => p.organisationId === rp?.organisationId))).toBe(
      true,
    );
    expect(byParty.rows.length).toBeGreaterThan(0);
    expect(byParty.filtersText).toEqual([`Party: ${rp?.name}`]);
  });

  it("refuses a day in the future and unknown values, naming the field", async () => {
    const future = await exportStatusReport(admin, { format: "csv", asOf: "2199-01-01" }).catch(
      (e: unknown) => e,
    );
    expect(future).toBeInstanceOf(AppError);
    expect((future as AppError).errors?.[0]?.path).toBe("asOf");
    const format = await exportStatusReport(admin, { format: "odt" }).catch((e: unknown) => e);
    expect((format as AppError).errors?.map((e) => e.path)).toEqual(["format"]);
  });

  it("shows nothing to a user whose roles give no read access", async () => {
    const nobody = contextAs(handle, buildUserActor([]));
    const data = await buildStatusReportData(nobody, query({ format: "csv" }));
    expect(data.rows).toEqual([]);
    expect(data.memberships).toEqual([]);
  });
});

describe("the files", () => {
  it("Word: landscape, the original's sections and columns, repeated header, bold partners, bullets", async () => {
    const file = await exportStatusReport(admin, { format: "docx", lang: "en" });
    expect(file.fileName).toBe(`status-report-${today}-en.docx`);
    const { xml, tables } = await docxTables(file.bytes);
    expect(xml).toContain('w:orient="landscape"');
    expect(xml).toContain("1. MoUs with local partners");
    expect(xml).toContain("2. MoUs with regional/international partners");
    expect(xml).toContain("3. International partners/stakeholders organisations");
    expect(tables).toHaveLength(3);
    const [local, international, associations] = tables;
    expect(local?.[0]).toEqual([
      "S/N",
      "Partner names",
      "Field activities",
      "Date of signature",
      "Area(s) for implementation",
      "Achievements",
      "Ongoing/planned activities",
    ]);
    // The header row repeats on every page.
    expect((xml.match(/<w:tblHeader\/>/g) ?? []).length).toBe(3);
    for (const [table, section] of [
      [local, 1],
      [international, 2],
    ] as const) {
      expect(table).toHaveLength(seedRows(section).length + 1);
      seedRows(section).forEach((original, i) => {
        const cells = table?.[i + 1] ?? [];
        expect(cells[0]).toBe(`${original.row}.`);
        for (const p of original.parties.filter((party) => party.org !== "rcs")) {
          expect(cells[1]).toContain(orgName(p.org));
        }
        expect(cells[3]).toBe(original.signedOnText ?? "");
        for (const c of original.commitments) expect(cells[2]).toContain(c);
        for (const a of original.achievements) expect(cells[5]).toContain(a);
      });
    }
    expect(associations?.map((r) => r[1]?.split("\n")[0])).toEqual([
      "Name of partner/stakeholder",
      "Group of Friends of Corrections",
      "International Corrections and Prisons Association (ICPA)",
      "African Correctional Services Association (ACSA)",
      "European Union (EU)",
    ]);
    expect(associations?.[3]?.[2]).toContain("vice regional chair for Eastern Africa");
    // Partner names are bold; several commitments are a bullet list.
    expect(xml).toMatch(/<w:b\/>(?:(?!<\/w:r>)[\s\S])*Rwanda Polytechnic<\/w:t>/);
    expect(xml).toMatch(/<w:numPr>/);
    // Areas as the original writes them: places, sets by name, facilities as one phrase, districts named so.
    expect(local?.[1]?.[4]).toBe("RCS headquarters, All correctional facilities");
    expect(local?.[2]?.[4]).toBe("Musanze, Gicumbi and Nyagatare correctional facilities");
    expect(local?.[8]?.[4]).toBe("Nyarugenge Correctional Facility");
    expect(local?.[18]?.[4]).toBe("Rwamagana district");
    expect(international?.[3]?.[4]).toBe("Zambia");
  });

  it("Word in French: headers and section titles translated, data as written", async () => {
    const file = await exportStatusReport(admin, { format: "docx", lang: "fr", section: "1" });
    const { xml, tables } = await docxTables(file.bytes);
    expect(tables).toHaveLength(1);
    expect(tables[0]?.[0]).toContain("Date de signature");
    expect(xml).toContain("1. Protocoles d’accord avec les partenaires locaux");
    expect(xml).toContain("June /2022");
    expect(tables[0]?.[4]?.[4]).toBe("Tous les établissements pénitentiaires");
    expect(tables[0]?.[2]?.[4]).toBe("Établissements pénitentiaires de Musanze, Gicumbi et Nyagatare");
  });

  it("Excel: a sheet per section, frozen header, wrapped text, rows as tall as their text", async () => {
    const file = await exportStatusReport(admin, { format: "xlsx", lang: "rw" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "1. Abo mu gihugu",
      "2. Abo mu mahanga",
      "3. Imiryango",
    ]);
    const sheet = workbook.worksheets[0];
    expect(sheet?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet?.getRow(1).getCell(4).text).toBe("Itariki yasinyweho");
    expect(sheet?.rowCount).toBe(21);
    const row2 = sheet?.getRow(3); // Catholic Diocese of Byumba: two long commitments and achievements
    expect(row2?.getCell(2).text).toContain("Catholic Diocese of Byumba");
    expect(row2?.getCell(4).text).toBe("28/6/2022");
    expect(row2?.getCell(3).alignment?.wrapText).toBe(true);
    expect(row2?.height ?? 0).toBeGreaterThan(60);
    const short = sheet?.getRow(10); // Kigali International Arbitration Centre: shorter cells
    expect(short?.height ?? 0).toBeLessThan(row2?.height ?? 0);
    const rich = row2?.getCell(2).value as { richText?: { text: string; font?: { bold?: boolean } }[] };
    expect(rich.richText?.find((r) => r.text === "Catholic Diocese of Byumba")?.font?.bold).toBe(true);
    expect(workbook.worksheets[2]?.rowCount).toBe(5);
    // Printed: landscape on A4, one page wide, the header row on every page, the section's title at the top.
    expect(sheet?.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, fitToWidth: 1 });
    expect(sheet?.pageSetup.printTitlesRow).toBe("1:1");
    expect(sheet?.headerFooter.oddHeader).toMatch(/^&L1\. /);
    expect(row2?.getCell(3).numFmt).toBe("@");
  });

  it("PDF: pages, and the text of every row", async () => {
    const file = await exportStatusReport(admin, { format: "pdf" });
    expect(file.contentType).toBe("application/pdf");
    const pdf = await getDocumentProxy(new Uint8Array(file.bytes));
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    expect(totalPages).toBeGreaterThanOrEqual(4);
    // Words broken at a hyphen at the end of a line come back as "Post- Prison".
    const flat = text.replace(/\s+/g, " ").replace(/- /g, "-");
    expect(flat).toContain("1. MoUs with local partners");
    for (const a of seed.agreements) {
      // A row split across two pages interleaves its cells: each word of the date is there.
      for (const word of (a.signedOnText ?? "").split(/\s+/).filter(Boolean)) expect(flat).toContain(word);
    }
    for (const o of seed.organisations.filter(
      (org) => org.kind !== "association_network" && org.key !== "eu",
    )) {
      expect(flat).toContain(o.name);
    }
  });

  it("CSV: UTF-8 with BOM, parsed back to the report's rows", async () => {
    const file = await exportStatusReport(admin, { format: "csv" });
    expect(Array.from(file.bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(file.bytes).slice(1));
    expect(rows[0]).toEqual([
      "Section",
      "S/N",
      "Partner names",
      "Field activities",
      "Date of signature",
      "Area(s) for implementation",
      "Achievements",
      "Ongoing/planned activities",
      "Name of partner/stakeholder",
      "Main roles/areas of cooperation",
    ]);
    expect(rows).toHaveLength(1 + 26 + 4);
    const ardho = rows.find((r) => r[2]?.includes("ARDHO"));
    expect(ardho?.[2]).toBe(
      "Association Rwandaise pour la Défense des Droits de l'Homme (ARDHO)\narkho1990@gmail.com\n0788351377",
    );
    expect(ardho?.[4]).toBe("June /2022");
    const byumba = rows.find((r) => r[2]?.startsWith("Catholic Diocese of Byumba"));
    expect(byumba?.[3]?.split("\n")).toEqual(seed.agreements[1]?.commitments.map((c) => `• ${c}`));
  });

  it("HXL: the hashtag row under the headers, one row per partner and place", async () => {
    const file = await exportStatusReport(admin, { format: "hxl", lang: "fr" });
    expect(file.fileName).toBe(`rapport-de-situation-${today}-fr-hxl.csv`);
    const rows = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(file.bytes).slice(1));
    expect(rows[0]?.slice(0, 3)).toEqual(["Organisation", "Sigle", "Type d’organisation"]);
    const tags = rows[1] ?? [];
    for (const tag of [
      "#org +name",
      "#sector +name",
      "#adm1 +name",
      "#adm2 +name",
      "#loc +name",
      "#date +start",
      "#status",
    ]) {
      expect(tags).toContain(tag);
    }
    const col = (tag: string) => tags.indexOf(tag);
    const byumba = rows.filter((r) => r[col("#org +name")] === "Catholic Diocese of Byumba");
    expect(byumba.map((r) => r[col("#adm2 +name")]).sort()).toEqual(["Gicumbi", "Musanze", "Nyagatare"]);
    expect(
      byumba.every((r) => r[col("#date +start")] === "2022-06-28" && r[col("#status")] === "active"),
    ).toBe(true);
    expect(byumba[0]?.[col("#sector +name")]).toContain("Formation professionnelle");
    // "All facilities" is the set: one row per open RCS facility, each in its district and province.
    const rbj = rows.filter((r) => r[col("#org +name")] === "Rwanda Bridges to Justice");
    expect(rbj.length).toBeGreaterThanOrEqual(10);
    expect(rbj.every((r) => r[col("#adm1 +name")] !== "" && r[col("#adm2 +name")] !== "")).toBe(true);
    // Every district named is one of Rwanda's districts, under its own name.
    const districts = new Set(
      (
        await handle.db
          .select({ name: placeTable.name })
          .from(placeTable)
          .where(eq(placeTable.kind, "district"))
      ).map((d) => d.name),
    );
    expect(districts.size).toBe(30);
    const named = rows.slice(2).flatMap((r) => (r[col("#adm2 +name")] ? [r[col("#adm2 +name")] ?? ""] : []));
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter((d) => !districts.has(d))).toEqual([]);
    const zambia = rows.find((r) => r[col("#org +name")] === "Zambia Correctional Service");
    expect(zambia?.[col("#country +code")]).toBe("ZM");
  });
});

describe("GET /api/reports/status-report", () => {
  it("answers an attachment with its type and name, and 422 naming the field for bad input", async () => {
    const server = createTestServer(handle);
    expect((await server.anonymous.request("/api/reports/status-report?format=docx")).status).toBe(401);
    const { client } = await server.signInAs([nationalGrant("viewer")]);
    const res = await client.request(
      "/api/reports/status-report?format=xlsx&lang=fr&section=2&asOf=2023-12-31",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toContain(
      'filename="rapport-de-situation-2023-12-31-fr.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["2. Partenaires internationaux"]);
    expect(workbook.worksheets[0]?.rowCount).toBe(7);

    const bad = await client.json<{ errors: { path: string }[] }>(
      "/api/reports/status-report?format=pdf&asOf=2023-02-30&status=finished",
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(["asOf", "status"]);
  });

  it("is in the OpenAPI document", async () => {
    const server = createTestServer(handle);
    const doc = await server.anonymous.json<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(Object.keys(doc.body.paths)).toContain("/api/reports/status-report");
  });
});

// Last: it adds an agreement, which the tests above would count.
describe("status on the report's day", () => {
  it("shows the status an agreement had on the day, from its status history", async () => {
    const orgs = (await listAgreements(admin, { sort: "title", limit: 1, offset: 0, q: "Kenya" })).items[0]
      ?.parties;
    const ids = (orgs ?? []).map((p) => p.organisationId);
    const created = await createAgreement(admin, {
      title: "Letter of agreement on staff exchange",
      kind: "letter_of_agreement",
      status: "active",
      signedOnText: "15/01/2021",
      parties: ids.map((organisationId) => ({ organisationId, role: "signatory" as const })),
    });
    await changeAgreementStatus(admin, created.id, 1, {
      status: "terminated",
      reason: "Replaced by the revised MoU",
      changedOn: "2023-04-04",
    });
    const before = await buildStatusReportData(admin, query({ format: "csv", asOf: "2022-12-31" }));
    expect(before.rows.find((r) => r.agreementId === created.id)?.status).toBe("active");
    const after = await buildStatusReportData(admin, query({ format: "csv", asOf: "2023-06-30" }));
    expect(after.rows.find((r) => r.agreementId === created.id)?.status).toBe("terminated");
    const terminated = await buildStatusReportData(admin, query({ format: "csv", status: "terminated" }));
    expect(terminated.rows.map((r) => r.agreementId)).toEqual([created.id]);
    expect(terminated.includesMemberships).toBe(false);
  });
});
