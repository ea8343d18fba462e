// i18next with the three catalogs; the chosen language is kept in the browser and, when signed in, on the user.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "../locales/en.json";
import fr from "../locales/fr.json";
import rw from "../locales/rw.json";
import type { Locale } from "../modules/access/access.schema";

export const LANGUAGES: readonly Locale[] = ["rw", "en", "fr"];
const STORAGE_KEY = "ubufatanye.locale";

export function storedLocale(): Locale {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "fr" || saved === "rw") return saved;
  const browser = typeof navigator === "undefined" ? "" : navigator.language.slice(0, 2);
  return browser === "fr" ? "fr" : browser === "rw" ? "rw" : "en";
}

export function applyLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  void i18next.changeLanguage(locale);
}

export function initI18n(): typeof i18next {
  const locale = storedLocale();
  document.documentElement.lang = locale;
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr }, rw: { translation: rw } },
    lng: locale,
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
