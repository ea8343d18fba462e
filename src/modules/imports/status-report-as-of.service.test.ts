// Issue 19: a status report's progress carries no day of its own. Imported "as of" the day the report describes, each
// entry is of that day and marked "date not reported", so the report exported as of that day gives every achievement
// back — not an empty column because the entries were stamped with the day of loading.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import { getAgreement, updateProgressEntry } from "../agreements";
import { exportStatusReport } from "../status-report";
import { applyStatusReportImport } from "./imports.service";

const SEED = {
  name: "status-report-rcs-000.txt",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/status-report-rcs-000.txt", import.meta.url)),
  ),
};
const REPORT_DAY = "2024-06-30";
const TODAY = "2026-12-07";

let handle: DatabaseHandle;
const admin = () => ({
  ...contextAs(handle, buildUserActor([nationalGrant("administrator")])),
  today: TODAY,
});
const csvAsOf = async (asOf: string) =>
  new TextDecoder().decode((await exportStatusReport(admin(), { format: "csv", lang: "en", asOf })).bytes);

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("a status report imported as of its own day", () => {
  it("refuses a report day after today, naming the field, and writes nothing", async () => {
    const refused = await applyStatusReportImport(admin(), SEED, {
      institution: "Rwanda Correctional Service",
      reportDate: "2026-12-08",
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).errors).toEqual([
      expect.objectContaining({ path: "reportDate", code: "report_date_future", in: "body" }),
    ]);
    const [count] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from agreement`);
    expect(count?.n).toBe(0);
  });

  it("dates every entry with the report's day, marked not reported, and exports them as of that day", async () => {
    const result = await applyStatusReportImport(admin(), SEED, {
      institution: "Rwanda Correctional Service",
      reportDate: REPORT_DAY,
    });
    expect(result.counts.progressEntries).toBeGreaterThan(20);
    const days = await queryRows<{ entry_date: string; date_reported: boolean; n: number }>(
      handle.db,
      sql`select entry_date::text, date_reported, count(*)::int as n from progress_entry group by 1, 2`,
    );
    expect(days).toEqual([
      { entry_date: REPORT_DAY, date_reported: false, n: result.counts.progressEntries },
    ]);

    // As of the report's day, the report holds what it held as of today: every achievement and ongoing activity.
    const asOfReportDay = await csvAsOf(REPORT_DAY);
    expect(asOfReportDay).toContain(
      "In partnership with the Rwanda Polytechnic, RCS Staff and inmates have been trained",
    );
    const withoutHeading = (csv: string) => csv.split("\n").filter((line) => !/as of|au |ku wa/i.test(line));
    expect(withoutHeading(asOfReportDay)).toEqual(withoutHeading(await csvAsOf(TODAY)));
    // The day before, none of it had been reported.
    expect(await csvAsOf("2024-06-29")).not.toContain("In partnership with the Rwanda Polytechnic");

    // The entry reads "date not reported" until someone gives it a day.
    const agreementId = result.agreementIds.find((id) => id !== "") ?? "";
    const [entry] = (await getAgreement(admin(), agreementId)).progress;
    expect(entry).toMatchObject({ entryDate: REPORT_DAY, dateReported: false });
    if (!entry) throw new Error("the first agreement has no progress");
    const dated = await updateProgressEntry(admin(), agreementId, entry.id, entry.version, {
      entryDate: "2024-05-15",
    });
    expect(dated).toMatchObject({ entryDate: "2024-05-15", dateReported: true });
  });
});
