// The occupancy rate of a figure: the one the source published, else population ÷ capacity, in per cent, one decimal.
export type RateKind = "published" | "computed";

export type RatedFigure = {
  capacity: number | null;
  population: number | null;
  publishedRate: number | null;
};

/** The rate to show and which one it is; null when the figure gives neither a rate nor both counts. */
export function occupancyRate(figure: RatedFigure): { rate: number; rateKind: RateKind } | null {
  if (figure.publishedRate !== null) return { rate: figure.publishedRate, rateKind: "published" };
  if (figure.population === null || figure.capacity === null || figure.capacity <= 0) return null;
  // Round half away from zero on the tenths, as sources print them (1385 of 1000 → 138.5).
  return { rate: Math.round((figure.population * 1000) / figure.capacity) / 10, rateKind: "computed" };
}

/** Above 100 %: more people held than places. */
export const isOvercrowded = (rate: number | null): boolean => rate !== null && rate > 100;

/**
 * "138.6", "138.6%", "138,6 %" → 138.6; null for an empty cell; NaN for anything that is not a rate. A cell of an
 * import or a form field, so a comma decimal (French) is read too.
 */
export function parseRateText(text: string): number | null {
  const t = text.trim().replace(/\s+/g, "");
  if (t === "") return null;
  const m = /^(\d{1,5}(?:[.,]\d+)?)%?$/.exec(t);
  if (!m?.[1]) return Number.NaN;
  return Math.round(Number(m[1].replace(",", ".")) * 10) / 10;
}
