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

/** A t() for one language: falls back to English, then to the key itself (a missing key shows, never crashes). */
export function reportLabels(language: ReportLanguage): Translate {
  return (key, values = {}) => {
    const text = lookup(CATALOGS[language], key) ?? lookup(CATALOGS.en, key) ?? key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ""));
  };
}
