import { describe, expect, it } from "vitest";
import {
  addDays,
  dateInPeriod,
  daysBetween,
  dueDate,
  lastEndedPeriods,
  nextPeriod,
  parsePeriod,
  periodEnd,
  periodOfDate,
  periodStart,
  periodsFrom,
  previousPeriod,
} from "./periods";

describe("reporting periods", () => {
  it("reads the four period types and refuses anything else", () => {
    expect(parsePeriod("2026-03")).toEqual({ type: "month", year: 2026, index: 3 });
    expect(parsePeriod("2026-Q4")).toEqual({ type: "quarter", year: 2026, index: 4 });
    expect(parsePeriod("2026-H2")).toEqual({ type: "half_year", year: 2026, index: 2 });
    expect(parsePeriod("2026")).toEqual({ type: "year", year: 2026, index: 1 });
    for (const bad of ["2026-13", "2026-Q5", "2026-H3", "26-Q1", "2026Q1", "", "1999"]) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });

  it("knows first and last days, leap years included", () => {
    expect([periodStart("2024-02"), periodEnd("2024-02")]).toEqual(["2024-02-01", "2024-02-29"]);
    expect([periodStart("2026-Q3"), periodEnd("2026-Q3")]).toEqual(["2026-07-01", "2026-09-30"]);
    expect([periodStart("2026-H1"), periodEnd("2026-H1")]).toEqual(["2026-01-01", "2026-06-30"]);
    expect([periodStart("2026"), periodEnd("2026")]).toEqual(["2026-01-01", "2026-12-31"]);
  });

  it("counts the due date in days after the period ends", () => {
    expect(dueDate("2026-Q4", 15)).toBe("2027-01-15");
    expect(dueDate("2026-01", 0)).toBe("2026-01-31");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(daysBetween("2027-01-15", "2027-01-22")).toBe(7);
    expect(daysBetween("2027-01-22", "2027-01-15")).toBe(-7);
  });

  it("walks periods across years", () => {
    expect(nextPeriod("2026-Q4")).toBe("2027-Q1");
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(nextPeriod("2026-H2")).toBe("2027-H1");
    expect(periodsFrom("2025-Q3", "2026-Q2")).toEqual(["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]);
    expect(periodsFrom("2026-Q2", "2026-Q1")).toEqual([]);
    expect(periodOfDate("quarter", "2026-12-06")).toBe("2026-Q4");
    expect(lastEndedPeriods("quarter", "2026-12-06", 3)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(dateInPeriod("2026-09-30", "2026-Q3")).toBe(true);
    expect(dateInPeriod("2026-10-01", "2026-Q3")).toBe(false);
  });
});
