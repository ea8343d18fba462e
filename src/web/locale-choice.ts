// A language picked before signing in (sign-in, setup, invitation pages) wins over the account's stored one, once; so
// does one picked while signed in whose saving on the account had not finished when the page was left (a reload or a
// typed address right after the switch cancels the request, and the next page would show the old language).
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
  return asLocale(saved);
}

const PENDING_KEY = "ubufatanye.locale-pending";

const asLocale = (value: unknown): Locale | null =>
  value === "en" || value === "fr" || value === "rw" ? value : null;

/** Remembers a signed-in user's switch until the account has saved it. */
export function rememberPendingChoice(storage: ChoiceStorage, userId: string, locale: Locale): void {
  storage.setItem(PENDING_KEY, JSON.stringify({ userId, locale }));
}

function readPending(storage: ChoiceStorage): { userId: string; locale: Locale } | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PENDING_KEY) ?? "null");
    if (typeof parsed !== "object" || parsed === null) return null;
    const { userId, locale } = parsed as Record<string, unknown>;
    const valid = asLocale(locale);
    return typeof userId === "string" && valid ? { userId, locale: valid } : null;
  } catch {
    return null;
  }
}

/** The account saved the switch: nothing is pending any more (unless a later switch is). */
export function forgetPendingChoice(storage: ChoiceStorage, userId: string, locale: Locale): void {
  const pending = readPending(storage);
  if (pending?.userId === userId && pending.locale === locale) storage.removeItem(PENDING_KEY);
}

/**
 * The switch this user made whose saving did not finish, if any, kept until a save succeeds (forgetPendingChoice):
 * a page that reads it and is left before its own save ends leaves it for the next. Another user's is dropped.
 */
export function pendingChoiceOf(storage: ChoiceStorage, userId: string): Locale | null {
  const pending = readPending(storage);
  if (pending?.userId === userId) return pending.locale;
  storage.removeItem(PENDING_KEY);
  return null;
}

/** The switch this user made whose saving did not finish, if any; read once. Another user's is dropped. */
export function takePendingChoice(storage: ChoiceStorage, userId: string): Locale | null {
  const pending = readPending(storage);
  storage.removeItem(PENDING_KEY);
  return pending?.userId === userId ? pending.locale : null;
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
