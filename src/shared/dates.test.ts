import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatLongDate,
  formatMonth,
  kinyarwandaMonthName,
  monthNames,
} from "./dates";

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

  it("writes a month as its reader says it, never as 2012-03", () => {
    expect(formatMonth("2012-03", "en")).toBe("March 2012");
    expect(formatMonth("2012-03", "en", "short")).toBe("Mar 2012");
    expect(formatMonth("2012-03", "fr")).toBe("mars 2012");
    expect(formatMonth("2012-12", "fr", "short")).toBe("déc. 2012");
    expect(formatMonth("2012-03", "rw")).toBe("Werurwe 2012");
    expect(formatMonth("2012-12", "rw", "short")).toBe("Ukuboza 2012");
    // Not a month: left as it is rather than made into a wrong one.
    expect(formatMonth("2012-13", "en")).toBe("2012-13");
    expect(formatMonth("unknown", "fr")).toBe("unknown");
  });
});
