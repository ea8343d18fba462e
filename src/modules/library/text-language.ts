// Which language a file's text is in, for files of other modules whose language nobody declared: counts of a few
// very common words of each language. Good enough to pick a stemmer; never shown as a fact.
import type { LibraryLanguage } from "./library.schema";

const MARKERS: Record<LibraryLanguage, ReadonlySet<string>> = {
  en: new Set(["the", "and", "of", "to", "in", "is", "for", "with", "that", "are", "was", "on"]),
  fr: new Set([
    "le",
    "la",
    "les",
    "des",
    "et",
    "du",
    "une",
    "est",
    "pour",
    "dans",
    "que",
    "sur",
    "au",
    "aux",
  ]),
  rw: new Set([
    "ku",
    "mu",
    "na",
    "ya",
    "kandi",
    "cyangwa",
    "ndetse",
    "uko",
    "ubwo",
    "byo",
    "bya",
    "mu",
    "n'",
  ]),
};

/** The language whose markers are most frequent in the first ~20,000 characters; English when nothing is clear. */
export function guessLanguage(text: string): LibraryLanguage {
  const words = text
    .slice(0, 20_000)
    .toLowerCase()
    .split(/[^\p{L}']+/u);
  const counts: Record<LibraryLanguage, number> = { en: 0, fr: 0, rw: 0 };
  for (const word of words) {
    for (const language of ["en", "fr", "rw"] as const) if (MARKERS[language].has(word)) counts[language]++;
  }
  if (counts.fr > counts.en && counts.fr >= counts.rw) return "fr";
  if (counts.rw > counts.en && counts.rw > counts.fr) return "rw";
  return "en";
}
