import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FORMULA_PAYLOADS } from "../../tests/formula-payloads";
import { csvText, neutraliseFormula, startsLikeFormula, xlsxCellValue } from "./spreadsheet-text";

describe("neutraliseFormula", () => {
  it.each(FORMULA_PAYLOADS)("prefixes %j with a single quote", (payload) => {
    expect(startsLikeFormula(payload)).toBe(true);
    expect(neutraliseFormula(payload)).toBe(`'${payload}`);
    expect(startsLikeFormula(neutraliseFormula(payload))).toBe(false);
  });

  it.each(["Haguruka", "'quoted", " =1 (leading space)", "1-1", "a=b", "", "Défense ✓", "#org +name"])(
    "leaves %j as it is",
    (text) => {
      expect(neutraliseFormula(text)).toBe(text);
    },
  );
});

describe("csvText", () => {
  it("writes every payload as inert text a CSV reader gets back with the quote", () => {
    const csv = csvText(FORMULA_PAYLOADS.map((p) => [p, "x"]));
    const rows = parse(csv, { relax_column_count: false }) as string[][];
    expect(rows.map((r) => r[0])).toEqual(FORMULA_PAYLOADS.map((p) => `'${p}`));
    for (const row of rows) for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
  });

  it("keeps numbers the writer knows are numbers numeric, negatives included", () => {
    expect(csvText([[-5, 2.5, 0, "-5", null, Number.NaN]])).toBe("-5,2.5,0,'-5,,\r\n");
  });

  it("quotes separators, quotes and line breaks (RFC 4180)", () => {
    expect(csvText([["a,b", 'say "hi"', "two\nlines", " padded "]])).toBe(
      '"a,b","say ""hi""","two\nlines"," padded "\r\n',
    );
  });
});

describe("xlsxCellValue", () => {
  it("neutralises text and keeps numbers", () => {
    expect(xlsxCellValue("=1+1")).toBe("'=1+1");
    expect(xlsxCellValue(-3)).toBe(-3);
    expect(xlsxCellValue(null)).toBeNull();
    expect(xlsxCellValue(Number.POSITIVE_INFINITY)).toBeNull();
  });
});
