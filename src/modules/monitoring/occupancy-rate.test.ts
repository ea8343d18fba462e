import { describe, expect, it } from "vitest";
import { isOvercrowded, occupancyRate, parseRateText } from "./occupancy-rate";

describe("occupancyRate", () => {
  it("keeps the published rate even when counts would give another", () => {
    expect(occupancyRate({ capacity: 1000, population: 1200, publishedRate: 138.6 })).toEqual({
      rate: 138.6,
      rateKind: "published",
    });
  });
  it("computes population ÷ capacity to one decimal when no rate was published", () => {
    expect(occupancyRate({ capacity: 3000, population: 7164, publishedRate: null })).toEqual({
      rate: 238.8,
      rateKind: "computed",
    });
    expect(occupancyRate({ capacity: 3, population: 2, publishedRate: null })?.rate).toBe(66.7);
  });
  it("gives nothing without both counts", () => {
    expect(occupancyRate({ capacity: 1000, population: null, publishedRate: null })).toBeNull();
    expect(occupancyRate({ capacity: null, population: 900, publishedRate: null })).toBeNull();
  });
});

describe("parseRateText", () => {
  it.each([
    ["138.6", 138.6],
    ["138.6%", 138.6],
    [" 138,6 % ", 138.6],
    ["70", 70],
    ["", null],
  ])("%j → %j", (text, rate) => expect(parseRateText(text)).toBe(rate));
  it.each(["high", "-5", "12.3.4", "%"])("%j is not a rate", (text) => {
    expect(parseRateText(text)).toBeNaN();
  });
});

describe("isOvercrowded", () => {
  it("is strictly above 100 %", () => {
    expect(isOvercrowded(100)).toBe(false);
    expect(isOvercrowded(100.1)).toBe(true);
    expect(isOvercrowded(null)).toBe(false);
  });
});
