import { describe, expect, it } from "vitest";
import { wrapLabel } from "./PlotChart";

// Six pixels a character: what a label measures, without a canvas.
const measure = (s: string) => s.length * 6;

describe("wrapLabel", () => {
  it("keeps a label that fits on one line whole", () => {
    expect(wrapLabel("Kirehe", 60, 3, measure)).toEqual(["Kirehe"]);
  });

  it("breaks a long indicator title between words rather than cutting it", () => {
    expect(wrapLabel("Number of people reached by trainings", 120, 3, measure)).toEqual([
      "Number of people",
      "reached by trainings",
    ]);
  });

  it("ends the last line in … only when the title needs more lines than allowed", () => {
    expect(wrapLabel("one two three four five six seven", 60, 2, measure)).toEqual(["one two", "three fou…"]);
  });

  it("shortens a single word wider than the space", () => {
    expect(wrapLabel("Insanganyamatsiko", 60, 3, measure)).toEqual(["Insangany…"]);
  });
});
