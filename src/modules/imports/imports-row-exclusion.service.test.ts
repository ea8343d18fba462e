// Leaving rows out of a status-report import (issue 19, decision 039): refused by default with a message that claims no
// skip; every row with an error left out, the rest imported and listed, audited; a row the file does not have, 422.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { listAgreements } from "../agreements";
import { listOrganisations } from "../organisations";
import type { ImportOptionsInput } from "./imports.schema";
import {
  applyStatusReportImport,
  previewStatusReportImport,
  STATUS_REPORT_IMPORT_ENTITY,
} from "./imports.service";

const FILE = "status-report-row-problems.csv";
const FIXTURE = {
  name: FILE,
  bytes: new Uint8Array(readFileSync(new URL(`../../../fixtures/${FILE}`, import.meta.url))),
};
const RCS = { institution: "Rwanda Correctional Service" };

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const admin = () => contextAs(handle, buildUserActor([nationalGrant("administrator")]));
const footprint = () => databaseFootprint(handle.db);
const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

/** The refusal an import or a preview throws (the test fails if it succeeds). */
async function refusal(action: Promise<unknown>): Promise<AppError> {
  const error = await action.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

const apply = (options: ImportOptionsInput, file = FIXTURE) =>
  applyStatusReportImport(admin(), file, options);

describe("leaving rows out of a status-report import", () => {
  it("refuses the whole file by default, naming each error by file, row and column, and claims no skip", async () => {
    const preview = await previewStatusReportImport(admin(), FIXTURE, RCS);
    expect(preview.counts).toMatchObject({ errors: 2, rowsExcluded: 0, agreementsCreated: 2 });
    expect(preview.problemRows).toEqual([
      { location: "row 3", row: 3, excluded: false, errors: 1, warnings: 0 },
      { location: "row 5", row: 5, excluded: false, errors: 1, warnings: 0 },
    ]);
    expect(preview.excludedRows).toEqual([]);

    const before = await footprint();
    const error = await refusal(apply(RCS));
    expect(error.kind).toBe("validation");
    expect(error.message).toBe(
      `${FILE} has 2 error(s); nothing was imported. Correct the file, or leave out the 2 row(s) with errors (row 3; row 5) and import the rest.`,
    );
    expect(error.message).not.toMatch(/skipped|was left out/i);
    expect(error.errors.map((e) => [e.path, e.code])).toEqual([
      ["row 3, Partner", "partner_missing"],
      ["row 5, Partner", "partner_missing"],
    ]);
    expect(await footprint()).toEqual(before);
  });

  it("still refuses when the rows left out hold only some of the errors, naming the ones remaining", async () => {
    const options = { ...RCS, excludeRows: [{ row: 3 }] };
    const preview = await previewStatusReportImport(admin(), FIXTURE, options);
    expect(preview.counts).toMatchObject({ errors: 1, rowsExcluded: 1 });
    expect(preview.problemRows.map((r) => [r.location, r.excluded, r.errors])).toEqual([
      ["row 3", true, 1],
      ["row 5", false, 1],
    ]);

    const before = await footprint();
    const error = await refusal(apply(options));
    expect(error.message).toBe(
      `${FILE} has 1 error(s) besides the 1 row(s) left out; nothing was imported. Correct the file, or leave out the 1 row(s) with errors (row 5) and import the rest.`,
    );
    expect(error.errors.map((e) => e.path)).toEqual(["row 5, Partner"]);
    expect(await footprint()).toEqual(before);
  });

  it("answers 422 at its path for a row the file does not have, or one a number cannot tell apart, writing nothing", async () => {
    const before = await footprint();
    for (const action of [previewStatusReportImport, applyStatusReportImport]) {
      const error = await refusal(
        action(admin(), FIXTURE, { ...RCS, excludeRows: [{ row: 3 }, { row: 42 }, { location: "row 99" }] }),
      );
      expect(error.kind).toBe("validation");
      expect(error.errors).toEqual([
        {
          path: "excludeRows.1.row",
          code: "row_not_found",
          message: `${FILE} has no row 42.`,
          params: { row: 42 },
          in: "body",
        },
        {
          path: "excludeRows.2.location",
          code: "row_not_found",
          message: `${FILE} has no row at "row 99": name a row as the preview gives it.`,
          params: { location: "row 99" },
          in: "body",
        },
      ]);
    }
    // The header is no row to leave out; nor is an exclusion naming nothing.
    const header = await refusal(apply({ ...RCS, excludeRows: [{ row: 1 }] }));
    expect(header.errors.map((e) => [e.path, e.code])).toEqual([["excludeRows.0.row", "row_not_found"]]);
    const unnamed = await refusal(apply({ ...RCS, excludeRows: [{}] }));
    expect(unnamed.errors.map((e) => [e.path, e.code])).toEqual([["excludeRows.0", "row_unnamed"]]);
    // Leaving every row out would import nothing.
    const everything = await refusal(apply({ ...RCS, excludeRows: [2, 3, 4, 5].map((row) => ({ row })) }));
    expect(everything.errors.map((e) => [e.path, e.code])).toEqual([["excludeRows", "all_rows_excluded"]]);

    // Two sheets each have a row 3: the number alone is refused, naming both; the location picks one.
    const book = new ExcelJS.Workbook();
    for (const [sheet, partner] of [
      ["Partners 2023", ""],
      ["Partners 2024", "Prison Chaplaincy Network"],
    ] as const) {
      const s = book.addWorksheet(sheet);
      s.addRow(["Partner", "Date of signature", "Field activities"]);
      s.addRow(["Imbuto Foundation", "2019", "Reading clubs"]);
      s.addRow([partner, "2020", "Counselling"]);
    }
    const workbook = { name: "two-sheets.xlsx", bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
    const ambiguous = await refusal(apply({ ...RCS, excludeRows: [{ row: 3 }] }, workbook));
    expect(ambiguous.errors).toEqual([
      expect.objectContaining({
        path: "excludeRows.0.row",
        code: "row_ambiguous",
        params: { row: 3, locations: "sheet Partners 2023, row 3 and sheet Partners 2024, row 3" },
      }),
    ]);
    const picked = await previewStatusReportImport(admin(), workbook, {
      ...RCS,
      excludeRows: [{ location: "Sheet Partners 2023,  row 3" }],
    });
    expect(picked.counts).toMatchObject({ errors: 0, rowsExcluded: 1 });
    expect(picked.excludedRows.map((r) => [r.location, r.issues.map((i) => i.code)])).toEqual([
      ["sheet Partners 2023, row 3", ["partner_missing"]],
    ]);
    expect(await footprint()).toEqual(before);
  });

  it("imports the rest in one transaction when every row with an error is left out, listing and auditing them", async () => {
    const options = { ...RCS, excludeRows: [{ row: 3 }, { location: "row 5" }] };
    const preview = await previewStatusReportImport(admin(), FIXTURE, options);
    expect(preview.counts).toMatchObject({ errors: 0, rowsExcluded: 2, agreementsCreated: 2 });
    expect(preview.issues.filter((i) => i.severity === "error")).toEqual([]);

    const result = await apply(options);
    expect(result.counts).toMatchObject({ agreementsCreated: 2, rowsExcluded: 2, errors: 0 });
    expect(result.agreementIds).toHaveLength(2);
    expect(result.excludedRows).toEqual([
      {
        file: FILE,
        location: "row 3",
        row: 3,
        issues: [
          expect.objectContaining({ severity: "error", code: "partner_missing", row: 3, column: "Partner" }),
        ],
      },
      {
        file: FILE,
        location: "row 5",
        row: 5,
        issues: [
          expect.objectContaining({ severity: "error", code: "partner_missing", row: 5, column: "Partner" }),
        ],
      },
    ]);
    const agreements = await listAgreements(admin(), { sort: "title", limit: 50, offset: 0 });
    expect(agreements.items.map((a) => a.title)).toEqual([
      "MoU between RCS and Imbuto Foundation",
      "MoU between RCS and Prison Chaplaincy Network (PCN)",
    ]);

    // One entry for the import itself, on the institution: the rows left out with their problems, no cell's text.
    const audited = await queryRows<{
      entity_id: string;
      entity_label: string;
      changes: Record<string, unknown>;
    }>(
      handle.db,
      sql`select entity_id, entity_label, changes from audit_log where entity_type = ${STATUS_REPORT_IMPORT_ENTITY}`,
    );
    expect(audited).toHaveLength(1);
    const [entry] = audited;
    const institution = (await listOrganisations(admin(), { q: "Rwanda Correctional", limit: 5, offset: 0 }))
      .items[0];
    expect(entry?.entity_id).toBe(institution?.id);
    expect(entry?.entity_label).toBe(FILE);
    expect(entry?.changes).toMatchObject({
      file: { before: null, after: FILE },
      rowsImported: { before: null, after: 2 },
      rowsExcluded: { before: null, after: 2 },
      excludedRows: {
        before: null,
        after: [
          {
            location: "row 3",
            row: 3,
            problems: [{ severity: "error", code: "partner_missing", column: "Partner" }],
          },
          {
            location: "row 5",
            row: 5,
            problems: [{ severity: "error", code: "partner_missing", column: "Partner" }],
          },
        ],
      },
    });
    expect(JSON.stringify(entry?.changes)).not.toMatch(/Paralegal|Mobile legal clinics|Huye|Musanze/);
  });

  it("leaves out a sound row when asked, listing it with no problem", async () => {
    const file = csv(
      "sound.csv",
      "Partner,Date of signature,Field activities\nKigali Legal Clinic,2018,Legal aid\nHuye Youth Network,2017,Sports\n",
    );
    const result = await apply({ ...RCS, excludeRows: [{ row: 3 }] }, file);
    expect(result.counts).toMatchObject({ agreementsCreated: 1, rowsExcluded: 1 });
    expect(result.excludedRows).toEqual([{ file: "sound.csv", location: "row 3", row: 3, issues: [] }]);
    // The row left out is as if the file did not hold it: its partner is not registered.
    const youth = await listOrganisations(admin(), { q: "Huye Youth", limit: 5, offset: 0 });
    expect(youth.total).toBe(0);
  });

  it("makes a row naming only the institution an error of that row, seen in the preview and left out on request", async () => {
    const file = csv(
      "self.csv",
      "Partner,Date of signature,Field activities\nRwanda Correctional Service,2018,Staff exchange\nUmuhuza,2016,Mediation\n",
    );
    // The institution is in the register since the import above: the first row names it alone.
    const preview = await previewStatusReportImport(admin(), file, RCS);
    expect(preview.issues).toContainEqual(
      expect.objectContaining({
        severity: "error",
        code: "partner_is_institution",
        location: "row 2",
        row: 2,
        column: "Partner",
      }),
    );
    const before = await footprint();
    const error = await refusal(apply(RCS, file));
    expect(error.errors.map((e) => [e.path, e.code])).toEqual([["row 2, Partner", "partner_is_institution"]]);
    expect(await footprint()).toEqual(before);
    const result = await apply({ ...RCS, excludeRows: [{ row: 2 }] }, file);
    expect(result.counts.agreementsCreated).toBe(1);
    expect(result.excludedRows.map((r) => [r.location, r.issues.map((i) => i.code)])).toEqual([
      ["row 2", ["partner_is_institution"]],
    ]);
  });
});
