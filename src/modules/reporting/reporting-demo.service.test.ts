// The reporting example on an empty register, on both databases: what the dashboards then show for Musanze.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { systemActor } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { isReportingDemoAvailable, loadReportingDemo } from "./reporting-demo";
import { listSubmissions } from "./submissions.service";
import { getTimeliness } from "./timeliness.service";

let handle: DatabaseHandle;
const ctx = () => ({ db: handle.db, actor: systemActor, today: "2026-11-20" });

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("loadReportingDemo", () => {
  it("writes four quarters of Musanze's reporting: on time, late, returned and missing", async () => {
    expect(await isReportingDemoAvailable(ctx())).toBe(true);
    expect(await loadReportingDemo(ctx())).toEqual({ organisations: 6, obligations: 12, submissions: 20 });
    expect(await isReportingDemoAvailable(ctx())).toBe(false);
    const report = await getTimeliness(ctx(), { periodType: "quarter", last: 4 });
    expect(report.periods).toEqual(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(report.districts.map((d) => d.name)).toEqual(["Musanze"]);
    expect(report.national.byPeriod.map((p) => [p.onTime, p.late, p.missing])).toEqual([
      [8, 2, 2],
      [8, 4, 0],
      [8, 2, 2],
      [4, 4, 4],
    ]);
    expect(report.national.total).toMatchObject({ expected: 48, reportingRate: 83.3, timeliness: 58.3 });
    const kcm = report.overdue.find(
      (r) => r.organisationName === "Kinigi Community Mediators" && r.state === "late",
    );
    expect(kcm).toMatchObject({ period: "2026-Q3", daysLate: 30, firstSubmittedOn: "2026-11-14" });
    // Returned by the JADF and sent again: listed as returned, or accepted after the second submit.
    const submissions = await listSubmissions(ctx(), { limit: 200 });
    expect(submissions.items.map((s) => s.status).sort()).toEqual(
      expect.arrayContaining(["accepted", "draft", "submitted"]),
    );
    expect(submissions.items.filter((s) => s.submittedVersions === 2)).toHaveLength(3);
  });

  it("is refused once obligations exist, and changes nothing", async () => {
    await expectNothingWritten(handle.db, () =>
      expect(loadReportingDemo(ctx())).rejects.toMatchObject({ kind: "conflict" }),
    );
  });
});
