// i18next with the three catalogs; the chosen language is kept in the browser and, when signed in, on the user.
// Each catalog is a chunk of its own, fetched when its language is first shown: the first load carries one of the
// three (~33 KB gzip each, issue 20's first-load budget), not all of them. The service worker's shell holds all three.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../modules/access/access.schema";

type Catalog = typeof import("../locales/en.json");
const CATALOGS: Record<Locale, () => Promise<{ default: Catalog }>> = {
  en: () => import("../locales/en.json"),
  fr: () => import("../locales/fr.json"),
  rw: () => import("../locales/rw.json"),
};

/** The language's catalog, fetched once. Every catalog has every key (checked), so no fallback is loaded. */
async function loadCatalog(locale: Locale): Promise<void> {
  if (i18next.hasResourceBundle(locale, "translation")) return;
  i18next.addResourceBundle(locale, "translation", (await CATALOGS[locale]()).default);
}

export const LANGUAGES: readonly Locale[] = ["rw", "en", "fr"];
const STORAGE_KEY = "ubufatanye.locale";

export function storedLocale(): Locale {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "fr" || saved === "rw") return saved;
  const browser = typeof navigator === "undefined" ? "" : navigator.language.slice(0, 2);
  return browser === "fr" ? "fr" : browser === "rw" ? "rw" : "en";
}

/** Shows the language once its catalog is here (at once when it was shown before), without remembering it. */
export async function showLanguage(locale: Locale): Promise<void> {
  await loadCatalog(locale);
  document.documentElement.lang = locale;
  await i18next.changeLanguage(locale);
}

/** Shows the language and remembers it in this browser. */
export async function applyLocale(locale: Locale): Promise<void> {
  localStorage.setItem(STORAGE_KEY, locale);
  await showLanguage(locale);
}

/** Ready when the stored language's catalog is: the app renders then, with no key shown untranslated. */
export async function initI18n(): Promise<typeof i18next> {
  const locale = storedLocale();
  document.documentElement.lang = locale;
  await i18next.use(initReactI18next).init({
    resources: {},
    partialBundledLanguages: true,
    lng: locale,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await loadCatalog(locale);
  await i18next.changeLanguage(locale);
  return i18next;
}
