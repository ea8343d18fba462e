// The district maps' colour scale: up to five distinct steps of whole counts, shared by the tiles, the shapes and the legend.

/** Five greens from pale to deep; index 0, grey, is for zero so an empty district reads as a gap. */
export const MAP_COLOURS = ["#eef1f4", "#d3e7dc", "#a6d1b8", "#6fb592", "#3a946b", "#1d6b49"] as const;

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

/** The two deepest greens take white text. */
export const isDarkFill = (fill: string) => fill === MAP_COLOURS[4] || fill === MAP_COLOURS[5];
