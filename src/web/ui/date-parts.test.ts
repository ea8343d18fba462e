import { describe, expect, it } from "vitest";
import { IsoDateSchema } from "../../shared/iso-date";
import { datePartsOf, isoDateOf } from "./date-parts";

describe("date parts", () => {
  it("splits an ISO date and makes it again", () => {
    expect(datePartsOf("2026-07-05")).toEqual({ day: "5", month: "7", year: "2026" });
    expect(isoDateOf({ day: "5", month: "7", year: "2026" })).toBe("2026-07-05");
    expect(isoDateOf(datePartsOf("2026-11-24"))).toBe("2026-11-24");
  });

  it("gives no date for empty parts and a refused value for a half-typed or impossible one", () => {
    expect(datePartsOf("")).toEqual({ day: "", month: "", year: "" });
    expect(datePartsOf(null)).toEqual({ day: "", month: "", year: "" });
    expect(isoDateOf({ day: " ", month: "", year: "" })).toBe("");
    for (const half of [
      { day: "24", month: "11", year: "" },
      { day: "", month: "11", year: "2026" },
      { day: "31", month: "2", year: "2026" },
      { day: "24", month: "11", year: "26" },
    ]) {
      expect(IsoDateSchema.safeParse(isoDateOf(half)).success, JSON.stringify(half)).toBe(false);
    }
  });
});
