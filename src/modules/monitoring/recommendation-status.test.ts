import { describe, expect, it } from "vitest";
import { isOverdue, maySetStatus, statusDateProblem, statusesFor } from "./recommendation-status";

describe("who sets which status", () => {
  it("lets monitors record every status but 'not answered'", () => {
    expect(statusesFor(["monitor"])).toEqual([
      "accepted",
      "not_accepted",
      "in_progress",
      "partly_implemented",
      "implemented",
    ]);
  });

  it("lets the addressee answer and report progress, never assess implementation", () => {
    expect(statusesFor(["addressee"])).toEqual(["accepted", "not_accepted", "in_progress"]);
    expect(maySetStatus(["addressee"], "partly_implemented")).toBe(false);
    expect(maySetStatus(["addressee"], "implemented")).toBe(false);
    expect(maySetStatus(["addressee", "monitor"], "implemented")).toBe(true);
    expect(statusesFor([])).toEqual([]);
  });
});

describe("the day of a change", () => {
  const facts = { issuedOn: "2026-01-10", previousChangeOn: "2026-03-01", today: "2026-06-15" };
  it("accepts a day between the latest change and today, both included", () => {
    expect(statusDateProblem("2026-03-01", facts)).toBeNull();
    expect(statusDateProblem("2026-06-15", facts)).toBeNull();
  });
  it("refuses a day in the future, before the issue day or before the latest change", () => {
    expect(statusDateProblem("2026-06-16", facts)).toBe("in_future");
    expect(statusDateProblem("2026-01-09", facts)).toBe("before_issued");
    expect(statusDateProblem("2026-02-28", facts)).toBe("before_previous");
    expect(statusDateProblem("2026-01-10", { ...facts, previousChangeOn: null })).toBeNull();
  });
});

describe("overdue", () => {
  it("is a passed deadline on a recommendation neither implemented nor refused", () => {
    const today = "2026-06-15";
    expect(isOverdue({ deadline: "2026-06-14", status: "not_answered" }, today)).toBe(true);
    expect(isOverdue({ deadline: "2026-06-14", status: "partly_implemented" }, today)).toBe(true);
    expect(isOverdue({ deadline: "2026-06-15", status: "accepted" }, today)).toBe(false);
    expect(isOverdue({ deadline: "2026-06-14", status: "implemented" }, today)).toBe(false);
    expect(isOverdue({ deadline: "2026-06-14", status: "not_accepted" }, today)).toBe(false);
    expect(isOverdue({ deadline: null, status: "in_progress" }, today)).toBe(false);
  });
});
