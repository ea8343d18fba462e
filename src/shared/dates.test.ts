import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatLongDate, kinyarwandaMonthName, monthNames } from "./dates";

describe("dates", () => {
  const date = new Date("2026-11-24T12:05:00Z"); // 14:05 in Kigali (UTC+2)

  it("names the months for a date typed as day, month and year", () => {
    expect(monthNames("en")[10]).toBe("November");
    expect(monthNames("fr")[10]).toBe("novembre");
    expect(monthNames("rw")[10]).toBe("Ugushyingo");
    expect(monthNames("fr")).toHaveLength(12);
  });

  it("formats in the three languages, in Kigali time", () => {
    expect(formatDate(date, "en")).toBe("24 November 2026");
    expect(formatDate(date, "fr")).toBe("24 novembre 2026");
    expect(formatDate(date, "rw")).toBe("24 Ugushyingo 2026");
    expect(formatDateTime(date, "rw")).toBe("24 Ugushyingo 2026, 14:05");
  });

  it("names Kinyarwanda weekdays and months itself", () => {
    expect(formatLongDate(date, "rw")).toBe("Ku wa kabiri, 24 Ugushyingo 2026");
    expect(formatLongDate(date, "en")).toBe("Tuesday, 24 November 2026");
    expect(kinyarwandaMonthName(0)).toBe("Mutarama");
    expect(kinyarwandaMonthName(11)).toBe("Ukuboza");
  });

  it("uses the Kigali date near midnight UTC", () => {
    expect(formatDate(new Date("2026-12-31T23:30:00Z"), "rw")).toBe("1 Mutarama 2027");
  });
});
