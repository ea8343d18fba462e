import { describe, expect, it } from "vitest";
import { isoWeekOf, reminderFor } from "./reminders";
import { outcomeOf } from "./timeliness";

const report = { obligationId: "o1", organisationId: "org", bodyId: "b", period: "2026-Q1", dueDays: 15 };
const on = (today: string, firstSubmittedOn: string | null = null) =>
  reminderFor(report, outcomeOf({ ...report, firstSubmittedOn }, today), today, 7);

describe("reminders", () => {
  it("reminds N days before, on the due date, then the day after and weekly while overdue", () => {
    expect(on("2026-04-07")).toBeNull();
    expect(on("2026-04-08")).toEqual({
      kind: "before_due",
      key: "o1:2026-Q1:before",
      daysLeft: 7,
      daysLate: 0,
    });
    // A day missed is caught up: the same key, so it still goes once.
    expect(on("2026-04-10")?.key).toBe("o1:2026-Q1:before");
    expect(on("2026-04-15")).toEqual({ kind: "due", key: "o1:2026-Q1:due", daysLeft: 0, daysLate: 0 });
    expect(on("2026-04-16")).toEqual({
      kind: "overdue",
      key: "o1:2026-Q1:overdue:0",
      daysLeft: 0,
      daysLate: 1,
    });
    expect(on("2026-04-22")?.key).toBe("o1:2026-Q1:overdue:0");
    expect(on("2026-04-23")?.key).toBe("o1:2026-Q1:overdue:1");
  });

  it("says nothing once the report is in", () => {
    expect(on("2026-04-16", "2026-04-14")).toBeNull();
    expect(on("2026-04-30", "2026-04-20")).toBeNull();
  });

  it("names ISO weeks across the year's turn", () => {
    expect(isoWeekOf("2026-12-06")).toBe("2026-W49");
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    expect(isoWeekOf("2026-01-01")).toBe("2026-W01");
  });
});
