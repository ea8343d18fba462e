// What a typed search becomes for PostgreSQL, and how a highlighted extract is cut into parts: pure, so any
// characters can be fuzzed against it (library-search.service.test.ts runs them through the database too).
import type { ExtractPart } from "./library.schema";

/** ts_headline marks matches with these (document-text.import.ts removes them from every text first). */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 60;

/** The words of a search: letters and digits only, lower case, at most 8. */
export function searchWords(typed: string): string[] {
  return typed
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "")
    .slice(0, MAX_WORDS)
    .map((w) => [...w].slice(0, MAX_WORD_LENGTH).join(""));
}

/**
 * A to_tsquery text matching every word as a prefix ('urub':* & 'rubyiruko':*), for Kinyarwanda and for words
 * typed in part; null when nothing is left, or when the search holds a "phrase" or an -exclusion. Quoted lexemes of letters and digits only: to_tsquery cannot fail on it.
 */
export function prefixQueryText(typed: string): string | null {
  // A quoted phrase or an excluded word asks for exactly that: prefixes of every word would match more.
  if (/"|(?:^|\s)-\S/u.test(typed)) return null;
  const words = searchWords(typed);
  return words.length === 0 ? null : words.map((w) => `'${w}':*`).join(" & ");
}

/** A ts_headline result as plain and matched parts; markers never reach the page, which renders text only. */
export function extractParts(headline: string | null): ExtractPart[] {
  if (!headline) return [];
  const parts: ExtractPart[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(MATCH_START);
    if (start === -1) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), match: false });
    const end = rest.indexOf(MATCH_END, start + 1);
    const matched = rest.slice(start + 1, end === -1 ? undefined : end);
    if (matched) parts.push({ text: matched, match: true });
    rest = end === -1 ? "" : rest.slice(end + 1);
  }
  return parts
    .map((p) => ({ ...p, text: p.text.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "") }))
    .filter((p) => p.text !== "");
}
