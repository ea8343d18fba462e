import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatPartialDate,
  impossibleDateIn,
  parsePartialDate,
  partialDateRange,
  partialDateSortKey,
} from "./partial-date";

describe("partial dates as written in the status report", () => {
  it.each([
    ["30/09/2019", 2019, 9, 30, "day"],
    ["28/6/2022", 2022, 6, 28, "day"],
    ["01/07/2019", 2019, 7, 1, "day"],
    ["June /2022", 2022, 6, null, "month"],
    ["January 2023", 2023, 1, null, "month"],
    ["2022", 2022, null, null, "year"],
    ["MoU signed on 3rd December 2020", 2020, 12, 3, "day"],
    ["MoU signed on 4 th April 2023.", 2023, 4, 4, "day"],
    ["3 décembre 2020", 2020, 12, 3, "day"],
    ["Kamena 2022", 2022, 6, null, "month"],
    ["2021-11-04", 2021, 11, 4, "day"],
    ["December 3, 2020", 2020, 12, 3, "day"],
    ["06/2022", 2022, 6, null, "month"],
  ])("reads %s", (text, year, month, day, precision) => {
    expect(parsePartialDate(text)).toEqual({ text, year, month, day, precision });
  });

  it("keeps text with no date as written, with no precision", () => {
    expect(parsePartialDate("Letter of Agreement (LOA)")).toEqual({
      text: "Letter of Agreement (LOA)",
      year: null,
      month: null,
      day: null,
      precision: "none",
    });
    expect(parsePartialDate("  ")).toEqual({
      text: null,
      year: null,
      month: null,
      day: null,
      precision: "none",
    });
  });

  it("refuses impossible days and falls back to what is certain", () => {
    expect(parsePartialDate("31/02/2022")).toMatchObject({ year: 2022, month: null, precision: "year" });
    expect(parsePartialDate("30/13/2022")).toMatchObject({ year: 2022, precision: "year" });
  });

  it("sorts every precision together, undated last", () => {
    const dates = ["2022", "June /2022", "28/6/2022", "Letter of Agreement (LOA)", "30/09/2019"].map(
      parsePartialDate,
    );
    const sorted = [...dates].sort((a, b) => partialDateSortKey(a).localeCompare(partialDateSortKey(b)));
    expect(sorted.map((d) => d.text)).toEqual([
      "30/09/2019",
      "2022",
      "June /2022",
      "28/6/2022",
      "Letter of Agreement (LOA)",
    ]);
  });

  it("gives the range a partial date covers", () => {
    expect(partialDateRange(parsePartialDate("2022"))).toEqual({ from: "2022-01-01", to: "2022-12-31" });
    expect(partialDateRange(parsePartialDate("February 2024"))).toEqual({
      from: "2024-02-01",
      to: "2024-02-29",
    });
    expect(partialDateRange(parsePartialDate("LOA"))).toBeNull();
  });

  it("formats in the three languages", () => {
    const d = parsePartialDate("30/09/2019");
    expect(formatPartialDate(d, "en")).toBe("30 September 2019");
    expect(formatPartialDate(d, "fr")).toBe("30 septembre 2019");
    expect(formatPartialDate(d, "rw")).toBe("30 Nzeri 2019");
    expect(formatPartialDate(parsePartialDate("June /2022"), "rw")).toBe("Kamena 2022");
  });

  it("never throws and always keeps the text, whatever is written", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const d = parsePartialDate(text);
        expect(d.text).toBe(text.trim() === "" ? null : text.trim());
        if (d.precision === "day") expect(d.day).not.toBeNull();
        if (d.precision === "none") expect(d.year).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  describe("a day written in full that does not exist", () => {
    it.each([
      ["31/02/2023", { year: 2023, month: 2, day: 31, fault: "day" }],
      ["29.02.2023", { year: 2023, month: 2, day: 29, fault: "day" }],
      ["2023-04-31", { year: 2023, month: 4, day: 31, fault: "day" }],
      ["signed on 31st February 2023", { year: 2023, month: 2, day: 31, fault: "day" }],
      ["February 30, 2020", { year: 2020, month: 2, day: 30, fault: "day" }],
      ["30 Gashyantare 2021", { year: 2021, month: 2, day: 30, fault: "day" }],
      ["12/25/2020", { year: 2020, month: 25, day: 12, fault: "month" }],
    ])("finds %s", (text, expected) => {
      expect(impossibleDateIn(text)).toEqual(expected);
      // What is kept instead is coarser than the day written: the reason to tell the user.
      expect(parsePartialDate(text).precision).not.toBe("day");
    });

    it.each([
      ["29/02/2024", "a leap day"],
      ["12/05/2020", "a real day"],
      ["June 2022", "a month"],
      ["2022", "a year"],
      ["2019-22", "a span of years, not month 22"],
      ["31/02/1800", "a year the register cannot mean"],
      ["Letter of Agreement (LOA)", "no date"],
      ["", "nothing"],
    ])("says nothing of %s (%s)", (text) => {
      expect(impossibleDateIn(text)).toBeNull();
    });

    it("reports a day only when no real date was read: it is what the reading fell back from", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), (text) => {
          if (impossibleDateIn(text) !== null) expect(parsePartialDate(text).precision).not.toBe("day");
        }),
        { numRuns: 500 },
      );
    });
  });
});
