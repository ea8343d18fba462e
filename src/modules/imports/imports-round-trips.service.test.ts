// The import's cost does not grow per row (issue 20: a query or more per row made 2,000 rows take 90 s), and a plan
// made before the write transaction is made again when the register changed in between.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant } from "../../../tests/factories";
import { countStatements } from "../../../tests/statements";
import type { Database, DatabaseHandle } from "../../db/client";
import { listAgreements } from "../agreements";
import { createOrganisation, listOrganisations } from "../organisations";
import { applyStatusReportImport } from "./imports.service";

const OPTIONS = { institution: "Rwanda Correctional Service" };
const TODAY = "2026-11-30";
const DISTRICTS = ["Musanze", "Huye", "Nyarugenge", "Rwamagana", "Gicumbi"];

/** A status-report spreadsheet of `rows` partners, each new, with bullets, places, a date and progress. */
async function workbook(rows: number, partner = (i: number) => `Partner Organisation ${i} (PO${i})`) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("1. MoUs with Local Partners");
  sheet.addRow([
    "S/N",
    "Partner names",
    "Field activities",
    "Date of signature",
    "Area(s) for implementation",
    "Achievements",
    "Ongoing/planned activities",
  ]);
  for (let i = 1; i <= rows; i++) {
    sheet.addRow([
      `${i}.`,
      partner(i),
      `• Legal aid for detainees ${i}\n• Vocational training in tailoring`,
      `${1 + (i % 28)}/${1 + (i % 12)}/${2010 + (i % 14)}`,
      `${DISTRICTS[i % DISTRICTS.length]} and ${DISTRICTS[(i + 2) % DISTRICTS.length]} facilities`,
      `• Trained ${i} inmates\n• Equipped one workshop`,
      i % 3 === 0 ? "The next phase is planned for 2025." : "Activities are ongoing",
    ]);
  }
  return { name: `generated-${rows}.xlsx`, bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
}

/** What a failure prints: each kind of statement (its first words) with how often it was sent. */
function tally(statements: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s.slice(0, 70), (counts.get(s.slice(0, 70)) ?? 0) + 1);
  return [...counts].map(([start, n]) => `${n} × ${start}`).join("\n");
}

const adminOf = (db: Database) => ({
  db,
  actor: buildUserActor([nationalGrant("administrator")]),
  today: TODAY,
});

let small: DatabaseHandle;
let large: DatabaseHandle;
beforeAll(async () => {
  small = await createTestDatabase();
  large = await createTestDatabase();
});
afterAll(async () => {
  await small?.close();
  await large?.close();
});

describe("importing a status report", () => {
  it("sends as many statements for 200 rows as for 20, and as many again to find them all unchanged", async () => {
    const run = async (h: DatabaseHandle, rows: number) => {
      const file = await workbook(rows);
      const first = await countStatements(h.db, (db) => applyStatusReportImport(adminOf(db), file, OPTIONS));
      const again = await countStatements(h.db, (db) => applyStatusReportImport(adminOf(db), file, OPTIONS));
      return { first, again };
    };
    const few = await run(small, 20);
    const many = await run(large, 200);
    expect(few.first.result.counts.agreementsCreated).toBe(20);
    expect(many.first.result.counts.agreementsCreated).toBe(200);
    expect(many.again.result.counts).toMatchObject({ agreementsCreated: 0, agreementsUnchanged: 200 });
    // Multi-row inserts are cut into chunks (500 rows): ten times the rows may take a few more statements, no more.
    const growth = many.first.statements.length - few.first.statements.length;
    expect(growth, tally(many.first.statements)).toBeLessThanOrEqual(6);
    expect(many.again.statements.length, tally(many.again.statements)).toBe(few.again.statements.length);
  });

  it("plans again inside its transaction when the register changed after the plan, and matches what was added", async () => {
    const h = await createTestDatabase();
    try {
      const file = await workbook(3, (i) =>
        i === 2 ? "Foundation for Rehabilitation Rwanda" : `Partner ${i}`,
      );
      // The write lands between the plan (outside the transaction) and the transaction: as another request's would.
      let opened = 0;
      const db = new Proxy(h.db, {
        get(target, property, receiver) {
          if (property !== "transaction") return Reflect.get(target, property, receiver);
          return async (...args: Parameters<Database["transaction"]>) => {
            if (opened++ === 0)
              await createOrganisation(adminOf(h.db), {
                name: "Foundation for Rehabilitation Rwanda",
                kind: "local_cso",
              });
            return target.transaction(...args);
          };
        },
      });
      const result = await applyStatusReportImport(adminOf(db), file, OPTIONS);
      // Planned once more, it matched the organisation created meanwhile instead of registering it twice.
      expect(result.counts).toMatchObject({
        organisationsMatched: 1,
        organisationsCreated: 3,
        agreementsCreated: 3,
      });
      const organisations = await listOrganisations(adminOf(h.db), { limit: 200, offset: 0 });
      expect(
        organisations.items.filter((o) => o.name === "Foundation for Rehabilitation Rwanda"),
      ).toHaveLength(1);
      expect((await listAgreements(adminOf(h.db), { sort: "title", limit: 10, offset: 0 })).total).toBe(3);
    } finally {
      await h.close();
    }
  });
});
