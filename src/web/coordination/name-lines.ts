// District names cut for a small tile or label: whole when short, else in two lines at a Kinyarwanda syllable
// boundary with a hyphen, never inside a letter group (ny, nz, mb, ng, sh…): "Musa-" "nze", not "Musan-" "ze".

/** The hyphen that ends a cut first line; readers see one word continuing, and the link's name stays whole. */
export const LINE_HYPHEN = "-";

const VOWEL = /[aeiou]/i;

/**
 * Where a name may be cut: Kinyarwanda syllables are open (they end on a vowel) and every consonant group starts
 * the next syllable, so a cut goes after a vowel that a consonant follows. "Nyarugenge" → Nya·ru·ge·nge.
 */
export function syllableCuts(name: string): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < name.length - 1; i++) {
    if (VOWEL.test(name[i] ?? "") && !VOWEL.test(name[i + 1] ?? "") && /\p{L}/u.test(name[i + 1] ?? ""))
      cuts.push(i + 1);
  }
  return cuts;
}

/**
 * The name on one line when it has at most `perLine` letters; else two lines cut at the syllable boundary that
 * keeps the longer line shortest, then the lines most even, then the first line longer ("Ruba-" "vu"). The first
 * line ends with a hyphen (narrow: not counted). Null when no cut keeps both lines within `perLine` letters: the
 * caller shrinks the text instead.
 */
export function nameLines(name: string, perLine = 5): string[] | null {
  if (name.length <= perLine) return [name];
  let best: { cut: number; longest: number; uneven: number } | null = null;
  for (const cut of syllableCuts(name)) {
    const longest = Math.max(cut, name.length - cut);
    const uneven = Math.abs(name.length - 2 * cut);
    if (longest > perLine) continue;
    if (
      !best ||
      longest < best.longest ||
      (longest === best.longest && (uneven < best.uneven || (uneven === best.uneven && cut > best.cut)))
    )
      best = { cut, longest, uneven };
  }
  return best ? [`${name.slice(0, best.cut)}${LINE_HYPHEN}`, name.slice(best.cut)] : null;
}

/** The name as the lines spell it, hyphen of a cut removed: what a reader (and a link's accessible name) says. */
export const joinNameLines = (lines: readonly string[]) =>
  lines.map((l, i) => (i < lines.length - 1 && l.endsWith(LINE_HYPHEN) ? l.slice(0, -1) : l)).join("");

/**
 * Advance widths in em of DejaVu Sans, the widest of the sans-serif fonts the app meets (Debian's default; Noto
 * Sans, Roboto and Segoe UI run narrower): an estimate that errs on the wide side. Other characters count 0.65 em.
 */
// biome-ignore format: a table, read across
const ADVANCE: Record<string, number> = {
  a: 0.613, b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278, k: 0.579,
  l: 0.278, m: 0.974, n: 0.634, o: 0.612, p: 0.635, r: 0.411, s: 0.521, t: 0.392, u: 0.634, v: 0.592, w: 0.818,
  y: 0.592, z: 0.525, B: 0.686, G: 0.775, H: 0.752, K: 0.656, M: 0.863, N: 0.748, R: 0.695, "-": 0.361,
};

/** How wide a line of text may be drawn, in em: each character's advance, summed. */
export const estimateWidthEm = (text: string) =>
  [...text].reduce((sum, ch) => sum + (ADVANCE[ch] ?? 0.65), 0);
