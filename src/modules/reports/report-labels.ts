// Labels for documents written on the server, from the same catalogs as the browser app (src/locales).
import en from "../../locales/en.json";
import fr from "../../locales/fr.json";
import rw from "../../locales/rw.json";

export const REPORT_LANGUAGES = ["en", "fr", "rw"] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const CATALOGS: Record<ReportLanguage, unknown> = { en, fr, rw };

function lookup(catalog: unknown, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The plural forms i18next reads in the browser (`key_one`, `key_other`, French `key_many`), chosen by `count` with
 * the language's plural rules. Kinyarwanda has no rules of its own in Intl; its nouns change in the singular
 * (umunsi 1, iminsi 2) as English ones do, so it counts with English's.
 */
const PLURALS: Record<ReportLanguage, Intl.PluralRules> = {
  en: new Intl.PluralRules("en"),
  fr: new Intl.PluralRules("fr"),
  rw: new Intl.PluralRules("en"),
};

function lookupCounted(language: ReportLanguage, key: string, count: unknown): string | undefined {
  const catalog = CATALOGS[language];
  if (typeof count === "number") {
    const form =
      lookup(catalog, `${key}_${PLURALS[language].select(count)}`) ?? lookup(catalog, `${key}_other`);
    if (form !== undefined) return form;
  }
  return lookup(catalog, key);
}

/** A t() for one language: falls back to English, then to the key itself (a missing key shows, never crashes). */
export function reportLabels(language: ReportLanguage): Translate {
  return (key, values = {}) => {
    const text = lookupCounted(language, key, values.count) ?? lookupCounted("en", key, values.count) ?? key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ""));
  };
}
