// A language picked before signing in (sign-in, setup, invitation pages) wins over the account's stored one, once.
// Types only from the schema: this module is on every page's first load, which carries no zod.
import type { Locale } from "../modules/access/access.schema";

/** The part of the Web Storage API used here (sessionStorage in the browser: this tab only, gone when it closes). */
export type ChoiceStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const CHOSEN_KEY = "ubufatanye.locale-chosen-signed-out";

/** Remembers that the person picked this language while signed out, for the sign-in that follows. */
export function rememberSignedOutChoice(storage: ChoiceStorage, locale: Locale): void {
  storage.setItem(CHOSEN_KEY, locale);
}

/** The language picked while signed out, if any; read once, so it decides one sign-in only. */
export function takeSignedOutChoice(storage: ChoiceStorage): Locale | null {
  const saved = storage.getItem(CHOSEN_KEY);
  storage.removeItem(CHOSEN_KEY);
  return saved === "en" || saved === "fr" || saved === "rw" ? saved : null;
}

/**
 * Which language to show once signed in, and whether to save it on the account: what the person just chose beats
 * what the account remembers (and is saved, so the next sign-in agrees); without a choice the account's applies
 * (a shared office computer shows each person their own language, not the previous person's).
 */
export function settleLocale(
  accountLocale: Locale,
  chosen: Locale | null,
): { show: Locale; save: Locale | null } {
  if (chosen === null || chosen === accountLocale) return { show: accountLocale, save: null };
  return { show: chosen, save: chosen };
}
