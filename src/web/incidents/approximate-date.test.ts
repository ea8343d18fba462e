import { describe, expect, it } from "vitest";
import { ApproximateDateSchema } from "../../modules/incidents/incidents.schema";
import { approximateDateOf, approximateDatePartsOf, formatApproximateDate } from "./approximate-date";

describe("a date as precise as known", () => {
  it("makes a day, a month or a year, and reads each back", () => {
    for (const [parts, value] of [
      [{ day: "4", month: "3", year: "2026" }, "2026-03-04"],
      [{ day: "", month: "11", year: "2025" }, "2025-11"],
      [{ day: "", month: "", year: " 2024 " }, "2024"],
      [{ day: "", month: "", year: "" }, ""],
    ] as const) {
      const made = approximateDateOf(parts);
      expect(made).toBe(value);
      expect(approximateDatePartsOf(made)).toEqual({
        day: parts.day,
        month: parts.month,
        year: parts.year.trim(),
      });
      if (value) expect(ApproximateDateSchema.safeParse(value).success, value).toBe(true);
    }
  });

  it("never drops what was typed: a day without its month, or no year, is refused by the schema", () => {
    for (const parts of [
      { day: "14", month: "", year: "2026" },
      { day: "", month: "3", year: "" },
      { day: "31", month: "2", year: "2026" },
    ]) {
      const made = approximateDateOf(parts);
      expect(made).not.toBe("");
      expect(ApproximateDateSchema.safeParse(made).success, made).toBe(false);
    }
  });

  it("is written at its precision in the reader's language", () => {
    expect(formatApproximateDate("2026-03-14", "en")).toBe("14 March 2026");
    expect(formatApproximateDate("2026-03", "fr")).toBe("mars 2026");
    expect(formatApproximateDate("2026-03", "rw")).toBe("Werurwe 2026");
    expect(formatApproximateDate("2026", "rw")).toBe("2026");
    expect(formatApproximateDate(null, "en")).toBeNull();
  });
});
