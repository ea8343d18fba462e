import { describe, expect, it } from "vitest";
import { cellText, footnotesFor } from "./statistics-cells";

describe("a statistics cell", () => {
  it("shows a count, '<threshold' for a small one and '–' for one hidden to protect another", () => {
    expect(cellText({ count: 1234, suppressed: null }, 5, "en")).toBe("1,234");
    expect(cellText({ count: 0, suppressed: null }, 5, "fr")).toBe("0");
    expect(cellText({ count: null, suppressed: "small" }, 5, "en")).toBe("<5");
    expect(cellText({ count: null, suppressed: "small" }, 10, "rw")).toBe("<10");
    expect(cellText({ count: null, suppressed: "complementary" }, 5, "en")).toBe("–");
  });

  it("asks for the footnotes its cells need", () => {
    expect(footnotesFor([{ count: 7, suppressed: null }])).toEqual({ small: false, complementary: false });
    expect(
      footnotesFor([
        { count: null, suppressed: "small" },
        { count: null, suppressed: "complementary" },
      ]),
    ).toEqual({ small: true, complementary: true });
  });
});
