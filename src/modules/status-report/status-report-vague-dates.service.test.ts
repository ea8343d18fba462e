// Issue 19: an agreement signed "early 2019" is stored, listed, reported and exported as written, by its bounds.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, createAgreementFixture, nationalGrant } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { partialDateRange } from "../../shared/partial-date";
import { getAgreement, listAgreements } from "../agreements";
import { agreementTable } from "../agreements/agreements.table";
import { buildStatusReportData, exportStatusReport, statusReportHxlRows } from "./status-report.export";
import { StatusReportQuerySchema } from "./status-report.schema";

let handle: DatabaseHandle;
let admin: ServiceContext;
const ids: Record<string, string> = {};
const texts = ["early 2019", "2016/2017", "the week of 3 October 2010", "mu mpera za 2019"] as const;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
  for (const text of texts) {
    ids[text] = (await createAgreementFixture(admin, { signedOnText: text, status: "active" })).id;
  }
});
afterAll(async () => {
  await handle?.close();
});

const query = (input: Record<string, unknown>) => StatusReportQuerySchema.parse(input);
const idOf = (text: (typeof texts)[number]) => ids[text] ?? "";

describe("an agreement signed early 2019", () => {
  it("is stored with that precision, its first year only, and its text as written", async () => {
    const [row] = await handle.db
      .select()
      .from(agreementTable)
      .where(eq(agreementTable.id, idOf("early 2019")));
    expect(row?.signedOnText).toBe("early 2019");
    expect(row?.signedPrecision).toBe("part_of_year");
    expect(row?.signedYear).toBe(2019);
    expect(row?.signedMonth).toBeNull();
    expect(row?.signedDay).toBeNull();
    // Sorted, and "signed on or before" tested, by its first month.
    expect(row?.signedSortKey).toBe("2019-01-00");

    const detail = await getAgreement(admin, idOf("early 2019"));
    expect(detail.signedOn).toEqual({
      text: "early 2019",
      year: 2019,
      month: null,
      day: null,
      precision: "part_of_year",
    });
    expect(partialDateRange(detail.signedOn)).toEqual({ from: "2019-01-01", to: "2019-04-30" });
  });

  it("keeps the other vague dates' precision and bounds", async () => {
    const read = async (text: (typeof texts)[number]) => {
      const d = (await getAgreement(admin, idOf(text))).signedOn;
      return [d.precision, d.day, partialDateRange(d)];
    };
    expect(await read("2016/2017")).toEqual(["years", null, { from: "2016-01-01", to: "2017-12-31" }]);
    expect(await read("the week of 3 October 2010")).toEqual([
      "week",
      null,
      { from: "2010-10-03", to: "2010-10-09" },
    ]);
    expect(await read("mu mpera za 2019")).toEqual([
      "part_of_year",
      null,
      { from: "2019-09-01", to: "2019-12-31" },
    ]);
  });

  it("is listed by its first day", async () => {
    const list = await listAgreements(admin, { sort: "signed_asc", limit: 10, offset: 0 });
    expect(list.items.map((a) => a.signedOn.text)).toEqual([
      "the week of 3 October 2010",
      "2016/2017",
      "early 2019",
      "mu mpera za 2019",
    ]);
  });

  it("is in the report from the first day it may have been signed", async () => {
    const shown = async (asOf: string) =>
      (await buildStatusReportData(admin, query({ format: "csv", asOf }))).rows
        .map((r) => r.signedOn.text)
        .sort();
    expect(await shown("2010-10-02")).toEqual([]);
    expect(await shown("2010-10-03")).toEqual(["the week of 3 October 2010"]);
    // Signed "2016/2017": perhaps signed by 1 June 2016, so it is in that day's report.
    expect(await shown("2016-06-01")).toEqual(["2016/2017", "the week of 3 October 2010"]);
    expect(await shown("2018-12-31")).toEqual(["2016/2017", "the week of 3 October 2010"]);
    expect(await shown("2019-01-01")).toEqual(["2016/2017", "early 2019", "the week of 3 October 2010"]);
    expect(await shown("2019-08-31")).not.toContain("mu mpera za 2019");
    expect(await shown("2019-09-01")).toContain("mu mpera za 2019");
  });

  it("is exported as written, and as its ISO interval in HXL", async () => {
    const file = await exportStatusReport(admin, { format: "csv" });
    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(file.bytes);
    expect(csv).toContain(",early 2019,");
    expect(csv).toContain(",2016/2017,");
    expect(csv).not.toMatch(/2019-01-01|01\/01\/2019/);

    const data = await buildStatusReportData(admin, query({ format: "hxl" }));
    const hxl = statusReportHxlRows(data);
    const dateColumn = (hxl[1] ?? []).indexOf("#date +start");
    const dates = new Set(hxl.slice(2).map((r) => r[dateColumn]));
    expect(dates).toEqual(
      new Set([
        "2019-01-01/2019-04-30",
        "2016-01-01/2017-12-31",
        "2010-10-03/2010-10-09",
        "2019-09-01/2019-12-31",
      ]),
    );
  });
});
