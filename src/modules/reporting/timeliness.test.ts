import { describe, expect, it } from "vitest";
import { type ExpectedReport, outcomeOf, tally } from "./timeliness";

const report = (firstSubmittedOn: string | null, period = "2026-Q1", dueDays = 15): ExpectedReport => ({
  obligationId: "o",
  organisationId: "org",
  bodyId: "b",
  period,
  dueDays,
  firstSubmittedOn,
});

describe("timeliness (DHIS2's definitions)", () => {
  it("is on time up to and including the due day, late after, missing once due without a report", () => {
    expect(outcomeOf(report("2026-04-15"), "2026-12-06")).toEqual({
      state: "on_time",
      dueDate: "2026-04-15",
      daysLate: 0,
    });
    expect(outcomeOf(report("2026-03-20"), "2026-12-06").state).toBe("on_time");
    expect(outcomeOf(report("2026-04-22"), "2026-12-06")).toEqual({
      state: "late",
      dueDate: "2026-04-15",
      daysLate: 7,
    });
    expect(outcomeOf(report(null), "2026-04-15")).toEqual({
      state: "not_due",
      dueDate: "2026-04-15",
      daysLate: 0,
    });
    expect(outcomeOf(report(null), "2026-04-25")).toEqual({
      state: "missing",
      dueDate: "2026-04-15",
      daysLate: 10,
    });
  });

  it("rates what was expected: submitted ÷ expected and on time ÷ expected", () => {
    const outcomes = [
      outcomeOf(report("2026-04-10"), "2026-12-06"),
      outcomeOf(report("2026-04-30"), "2026-12-06"),
      outcomeOf(report(null), "2026-12-06"),
      outcomeOf(report(null, "2026-Q4"), "2026-12-06"),
    ];
    expect(tally(outcomes)).toEqual({
      expected: 3,
      onTime: 1,
      late: 1,
      missing: 1,
      notDue: 1,
      reportingRate: 66.7,
      timeliness: 33.3,
    });
    expect(tally([]).reportingRate).toBeNull();
  });
});
