// The district maps' colour scale: up to five distinct steps of whole counts, shared by the tiles, the shapes and the legend.

/**
 * Five greens from pale to deep; index 0, grey, is for zero so an empty district reads as a gap. Each takes the text
 * colour that reads on it at 4.5:1 or better (WCAG AA): dark on the first four, white on the two deepest; the fifth
 * step was #3a946b, on which neither reached it (white 3.7:1, dark 3.9:1).
 */
export const MAP_COLOURS = ["#eef1f4", "#d3e7dc", "#a6d1b8", "#6fb592", "#2d8259", "#1a5e40"] as const;

/** Text on the map: the page's dark ink, or white. */
export const MAP_TEXT_DARK = "#1f2a33";
export const MAP_TEXT_LIGHT = "#ffffff";

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Counts from `from` to `to` (inclusive) take `fill`. */
export type ColourStep = { from: number; to: number; fill: string };

/**
 * The steps for counts 1…max: one per count while there are five or fewer (spread over the scale, the
 * maximum always deepest), else five bands of near-equal width. Steps never repeat or overlap.
 */
export function colourSteps(max: number): ColourStep[] {
  const top = Math.floor(max);
  if (top < 1) return [];
  const count = Math.min(5, top);
  const uppers = Array.from({ length: count }, (_, i) => (top <= 5 ? i + 1 : Math.ceil((top * (i + 1)) / 5)));
  return uppers.map((to, i) => {
    const shade = count === 1 ? 5 : Math.round(1 + (i * 4) / (count - 1));
    return { from: i === 0 ? 1 : (uppers[i - 1] as number) + 1, to, fill: MAP_COLOURS[shade] as string };
  });
}

/** The fill of a count: grey for zero (or nothing to compare with), else the step holding it. */
export function colourOf(value: number, steps: readonly ColourStep[]): string {
  if (value <= 0) return MAP_COLOURS[0];
  const step = steps.find((s) => value <= s.to) ?? steps[steps.length - 1];
  return step ? step.fill : MAP_COLOURS[0];
}

/** The text colour with more contrast on a fill (for the map's greens, white on the two deepest). */
export const textColourOn = (fill: string) =>
  contrastRatio(fill, MAP_TEXT_LIGHT) > contrastRatio(fill, MAP_TEXT_DARK) ? MAP_TEXT_LIGHT : MAP_TEXT_DARK;
