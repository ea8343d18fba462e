import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DATE_PRECISIONS,
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

  // Issue 19: vague dates keep their precision as written, with the first and last day they can mean; none
  // becomes an exact day. [text, precision, first day, last day]
  describe("vague dates keep their precision and their bounds", () => {
    it.each([
      // English
      ["early 2019", "part_of_year", "2019-01-01", "2019-04-30"],
      ["mid-2019", "part_of_year", "2019-05-01", "2019-08-31"],
      ["late 2019", "part_of_year", "2019-09-01", "2019-12-31"],
      ["end of 2019", "part_of_year", "2019-09-01", "2019-12-31"],
      ["Signed early in 2021", "part_of_year", "2021-01-01", "2021-04-30"],
      ["Q3 2019", "part_of_year", "2019-07-01", "2019-09-30"],
      ["first quarter of 2020", "part_of_year", "2020-01-01", "2020-03-31"],
      ["second half of 2018", "part_of_year", "2018-07-01", "2018-12-31"],
      ["the week of 3 October 2010", "week", "2010-10-03", "2010-10-09"],
      ["Week of 28th December 2020", "week", "2020-12-28", "2021-01-03"],
      ["2016/2017", "years", "2016-01-01", "2017-12-31"],
      ["2016-2017", "years", "2016-01-01", "2017-12-31"],
      ["2016–17", "years", "2016-01-01", "2017-12-31"],
      ["2019-22", "years", "2019-01-01", "2022-12-31"],
      ["2015 to 2018", "years", "2015-01-01", "2018-12-31"],
      // French
      ["début 2019", "part_of_year", "2019-01-01", "2019-04-30"],
      ["mi-2019", "part_of_year", "2019-05-01", "2019-08-31"],
      ["fin 2019", "part_of_year", "2019-09-01", "2019-12-31"],
      ["à la fin de l'année 2019", "part_of_year", "2019-09-01", "2019-12-31"],
      ["3e trimestre 2019", "part_of_year", "2019-07-01", "2019-09-30"],
      ["premier semestre 2022", "part_of_year", "2022-01-01", "2022-06-30"],
      ["semaine du 3 octobre 2010", "week", "2010-10-03", "2010-10-09"],
      ["de 2016 à 2017", "years", "2016-01-01", "2017-12-31"],
      // Kinyarwanda
      ["mu ntangiriro za 2019", "part_of_year", "2019-01-01", "2019-04-30"],
      ["hagati mu mwaka wa 2019", "part_of_year", "2019-05-01", "2019-08-31"],
      ["mu mpera za 2019", "part_of_year", "2019-09-01", "2019-12-31"],
      ["igihembwe cya gatatu cya 2019", "part_of_year", "2019-07-01", "2019-09-30"],
      ["mu cyumweru cyo ku wa 3 Ukwakira 2010", "week", "2010-10-03", "2010-10-09"],
      ["2016 kugeza 2017", "years", "2016-01-01", "2017-12-31"],
    ])("reads %s as %s", (text, precision, from, to) => {
      const d = parsePartialDate(text);
      // Only the first year is a field: no month or day it was not.
      expect(d).toEqual({ text, year: Number(from.slice(0, 4)), month: null, day: null, precision });
      expect(partialDateRange(d)).toEqual({ from, to });
    });

    it.each([
      // What stays exact, coarse or undated
      ["end of June 2019", "month", "2019-06-01", "2019-06-30"],
      ["fin juin 2019", "month", "2019-06-01", "2019-06-30"],
      ["early 3 March 2020", "day", "2020-03-03", "2020-03-03"],
      ["2011-12", "month", "2011-12-01", "2011-12-31"],
      ["the week of October 2010", "month", "2010-10-01", "2010-10-31"],
      ["semaine du 31 février 2010", "year", "2010-01-01", "2010-12-31"],
      ["2017/2016", "year", "2017-01-01", "2017-12-31"],
      ["2000-2030", "year", "2000-01-01", "2000-12-31"],
      ["Q5 2019", "year", "2019-01-01", "2019-12-31"],
      ["template 2019", "year", "2019-01-01", "2019-12-31"],
      ["final version 2019", "year", "2019-01-01", "2019-12-31"],
      ["mu ntangiriro za 2019 (30/01/2019)", "day", "2019-01-30", "2019-01-30"],
    ])("keeps %s as %s", (text, precision, from, to) => {
      const d = parsePartialDate(text);
      expect(d.precision).toBe(precision);
      expect(partialDateRange(d)).toEqual({ from, to });
    });

    it.each(["early", "fin de l'année", "mu ntangiriro", "the week of", "Q3", "2016/17 draft"])(
      "keeps %s undated or coarse",
      (text) => {
        const d = parsePartialDate(text);
        expect(["none", "year", "years"]).toContain(d.precision);
        expect(d.day).toBeNull();
      },
    );

    it("sorts by the first day a date can mean, coarser first", () => {
      const texts = [
        "mid-2019",
        "2019",
        "June 2019",
        "2016/2017",
        "early 2019",
        "the week of 3 October 2010",
        "2016",
      ];
      const sorted = texts
        .map(parsePartialDate)
        .sort((a, b) => partialDateSortKey(a).localeCompare(partialDateSortKey(b)));
      expect(sorted.map((d) => d.text)).toEqual([
        "the week of 3 October 2010",
        "2016/2017",
        "2016",
        "2019",
        "early 2019",
        "mid-2019",
        "June 2019",
      ]);
      // "Signed on or before" a day uses the first day: 2016/2017 was perhaps signed by 1 June 2016.
      expect(partialDateSortKey(parsePartialDate("2016/2017")) <= "2016-06-01").toBe(true);
      expect(partialDateSortKey(parsePartialDate("late 2019")) <= "2019-08-31").toBe(false);
    });

    it("formats as its span in the three languages", () => {
      expect(formatPartialDate(parsePartialDate("early 2019"), "en")).toBe("January 2019 – April 2019");
      expect(formatPartialDate(parsePartialDate("début 2019"), "fr")).toBe("janvier 2019 – avril 2019");
      expect(formatPartialDate(parsePartialDate("mu ntangiriro za 2019"), "rw")).toBe(
        "Mutarama 2019 – Mata 2019",
      );
      expect(formatPartialDate(parsePartialDate("semaine du 3 octobre 2010"), "fr")).toBe(
        "3 octobre 2010 – 9 octobre 2010",
      );
      expect(formatPartialDate(parsePartialDate("2016–17"), "en")).toBe("2016 – 2017");
    });

    it("a stored vague date whose text no longer reads so still spans its year, never a day", () => {
      const d = {
        text: "something else",
        year: 2019,
        month: null,
        day: null,
        precision: "part_of_year",
      } as const;
      expect(partialDateRange(d)).toEqual({ from: "2019-01-01", to: "2019-12-31" });
    });

    it("never gives a vague date a day, whatever is written", () => {
      fc.assert(
        fc.property(
          fc.constantFrom("early ", "mid-", "fin ", "Q2 ", "week of ", "semaine du ", "mu mpera za ", ""),
          fc.integer({ min: 1900, max: 2150 }),
          fc.constantFrom("", "/", "-", "–"),
          fc.integer({ min: 0, max: 2200 }),
          (prefix, y, sep, z) => {
            const d = parsePartialDate(`${prefix}${y}${sep}${sep ? z : ""}`);
            expect(DATE_PRECISIONS).toContain(d.precision);
            if (d.precision !== "day") expect(d.day).toBeNull();
            const range = partialDateRange(d);
            if (range) expect(range.from <= range.to).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });
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
