// A country's name in the reader's language, from the browser's own region names (no data to ship).
import type { UiLocale } from "./locale";

const cache = new Map<UiLocale, Intl.DisplayNames>();

function namesIn(locale: UiLocale): Intl.DisplayNames {
  let names = cache.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
    cache.set(locale, names);
  }
  return names;
}

/**
 * "Rwanda", "Pays-Bas": the name in the reader's language; browsers know few Kinyarwanda region names, so the
 * English one stands in where they have none, and the code itself only if even that is unknown.
 */
export function countryName(code: string, locale: UiLocale): string {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return code;
  return namesIn(locale).of(upper) ?? namesIn("en").of(upper) ?? upper;
}
