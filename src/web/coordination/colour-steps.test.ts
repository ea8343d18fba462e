// The map's colour steps: distinct, covering every count from 1 to the maximum, the legend matching the fills.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  colourOf,
  colourSteps,
  contrastRatio,
  MAP_COLOURS,
  MAP_TEXT_DARK,
  MAP_TEXT_LIGHT,
  textColourOn,
} from "./colour-steps";

const ranges = (max: number) => colourSteps(max).map((s) => [s.from, s.to]);

describe("colour steps", () => {
  it("gives each count its own step while the maximum is small", () => {
    expect(ranges(0)).toEqual([]);
    expect(ranges(1)).toEqual([[1, 1]]);
    expect(ranges(3)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(ranges(5)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
  });

  it("spreads few steps over the scale, the maximum deepest", () => {
    expect(colourSteps(1).map((s) => s.fill)).toEqual([MAP_COLOURS[5]]);
    expect(colourSteps(3).map((s) => s.fill)).toEqual([MAP_COLOURS[1], MAP_COLOURS[3], MAP_COLOURS[5]]);
    expect(colourOf(3, colourSteps(3))).toBe(MAP_COLOURS[5]);
    expect(textColourOn(colourOf(3, colourSteps(3)))).toBe(MAP_TEXT_LIGHT);
  });

  it("makes five bands above five", () => {
    expect(ranges(6)).toEqual([
      [1, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
    expect(ranges(12)).toEqual([
      [1, 3],
      [4, 5],
      [6, 8],
      [9, 10],
      [11, 12],
    ]);
  });

  it("zero is grey, and any maximum gives distinct steps that cover 1…max, each count in the step the legend shows", () => {
    expect(colourOf(0, colourSteps(4))).toBe(MAP_COLOURS[0]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (max) => {
        const steps = colourSteps(max);
        expect(steps.length).toBe(Math.min(5, max));
        expect(new Set(steps.map((s) => s.fill)).size).toBe(steps.length);
        expect(steps[0]?.from).toBe(1);
        expect(steps[steps.length - 1]?.to).toBe(max);
        steps.forEach((s, i) => {
          expect(s.to).toBeGreaterThanOrEqual(s.from);
          if (i > 0) expect(s.from).toBe((steps[i - 1]?.to ?? 0) + 1);
        });
        for (const value of [1, Math.ceil(max / 2), max]) {
          const step = steps.find((s) => s.from <= value && value <= s.to);
          expect(colourOf(value, steps)).toBe(step?.fill);
        }
      }),
    );
  });

  it("computes WCAG contrast as the specification's examples give it", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#ffffff", "#3a946b")).toBeCloseTo(3.73, 2); // the old fifth step, reported in issue 22
  });

  it("gives every step a text colour at 4.5:1 or better, white on the two deepest", () => {
    for (const fill of MAP_COLOURS) {
      expect(contrastRatio(fill, textColourOn(fill)), fill).toBeGreaterThanOrEqual(4.5);
    }
    expect(MAP_COLOURS.map(textColourOn)).toEqual([
      MAP_TEXT_DARK,
      MAP_TEXT_DARK,
      MAP_TEXT_DARK,
      MAP_TEXT_DARK,
      MAP_TEXT_LIGHT,
      MAP_TEXT_LIGHT,
    ]);
    // Neighbouring steps stay apart in lightness (grey and the palest green differ in hue too).
    for (let i = 1; i < MAP_COLOURS.length; i++) {
      expect(contrastRatio(MAP_COLOURS[i - 1] as string, MAP_COLOURS[i] as string)).toBeGreaterThan(1.1);
    }
  });
});
