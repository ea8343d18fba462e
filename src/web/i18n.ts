// i18next with the three catalogs; the chosen language is kept in the browser and, when signed in, on the user.
// Each catalog is in two parts (catalog-parts.ts): the sign-in page's sections of all three languages come with the
// app's code (~4 KB each: the sign-in page waits for no further round trip, issue 20's first load); the rest of a
// language is a chunk of its own, fetched once the sign-in page shows, or at once when this browser was signed in last
// time. The service worker's shell holds every part.

import enFirst from "virtual:catalog-part/en/first";
import frFirst from "virtual:catalog-part/fr/first";
import rwFirst from "virtual:catalog-part/rw/first";
import i18next from "i18next";
import { useEffect, useSyncExternalStore } from "react";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../modules/access/access.schema";
import type { CatalogPart } from "./catalog-parts";

type Sections = { default: Record<string, unknown> };
// The first parts come with the app's code (~4 KB each): the sign-in page waits for no further round trip.
const PARTS: Record<Locale, Record<CatalogPart, () => Promise<Sections>>> = {
  en: {
    first: async () => ({ default: enFirst }),
    rest: () => import("virtual:catalog-part/en/rest"),
  },
  fr: {
    first: async () => ({ default: frFirst }),
    rest: () => import("virtual:catalog-part/fr/rest"),
  },
  rw: {
    first: async () => ({ default: rwFirst }),
    rest: () => import("virtual:catalog-part/rw/rest"),
  },
};

const loading = new Map<string, Promise<void>>();
const complete = new Set<Locale>();
const listeners = new Set<() => void>();

/** A part of the language's catalog, fetched once. Every catalog has every key (checked), so no fallback is loaded. */
function loadPart(locale: Locale, part: CatalogPart): Promise<void> {
  const key = `${locale}/${part}`;
  let promise = loading.get(key);
  if (!promise) {
    promise = PARTS[locale][part]().then((sections) => {
      i18next.addResourceBundle(locale, "translation", sections.default, true, true);
    });
    // A failed fetch (offline, a new build) may be tried again.
    promise.catch(() => loading.delete(key));
    loading.set(key, promise);
  }
  return promise;
}

/** The language's whole catalog; the pages other than sign-in render once it is here. */
export function loadWholeCatalog(locale: Locale = i18next.language as Locale): Promise<void> {
  return Promise.all([loadPart(locale, "first"), loadPart(locale, "rest")]).then(() => {
    if (complete.has(locale)) return;
    complete.add(locale);
    for (const listener of listeners) listener();
  });
}

/** True once the shown language's whole catalog is here; fetches it when it is not and it is `needed`. */
export function useWholeCatalog(needed: boolean): boolean {
  const locale = i18next.language as Locale;
  const ready = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => complete.has(locale),
  );
  useEffect(() => {
    if (!ready && needed) void loadWholeCatalog(locale).catch(() => undefined);
  }, [ready, needed]);
  return ready;
}

const SIGNED_IN_HINT = "ubufatanye.signedIn";

/** Remembered in this browser (no one's data, only that the last visit ended signed in): the next first load fetches the whole catalog at once. */
export function rememberSignedIn(signedIn: boolean): void {
  if (typeof localStorage === "undefined") return;
  if (signedIn) localStorage.setItem(SIGNED_IN_HINT, "1");
  else localStorage.removeItem(SIGNED_IN_HINT);
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
  await loadWholeCatalog(locale);
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
  const signedInBefore = localStorage.getItem(SIGNED_IN_HINT) === "1";
  await (signedInBefore ? loadWholeCatalog(locale) : loadPart(locale, "first"));
  await i18next.changeLanguage(locale);
  return i18next;
}
