import { describe, expect, it } from "vitest";
import { periodErrors, readPeriod } from "./partnership-period";

describe("readPeriod", () => {
  it("reads vague texts as the span they may mean, and keeps unknown ends open", () => {
    expect(readPeriod("2019", "early 2022")).toEqual({
      startsOn: "2019",
      endsOn: "early 2022",
      from: "2019-01-01",
      to: "2022-04-30",
    });
    expect(readPeriod(null, null)).toEqual({ startsOn: null, endsOn: null, from: null, to: null });
  });
});

describe("periodErrors", () => {
  it("names the field that reads as no date, and an end before the start", () => {
    expect(periodErrors("someday", null).map((e) => e.path)).toEqual(["startsOn"]);
    expect(periodErrors("2022", "2019").map((e) => e.path)).toEqual(["endsOn"]);
    expect(periodErrors("2019", "2019")).toEqual([]);
  });
});
