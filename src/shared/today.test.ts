import { describe, expect, it } from "vitest";
import { addDays, todayInKigali } from "./today";

describe("today in Kigali", () => {
  it("is the calendar day in Kigali (UTC+2), not in UTC", () => {
    expect(todayInKigali(new Date("2026-03-14T21:59:00Z"))).toBe("2026-03-14");
    expect(todayInKigali(new Date("2026-03-14T22:00:00Z"))).toBe("2026-03-15");
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-03-15", 30)).toBe("2026-04-14");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
