// The one password rule of every path that sets a password: length, never the email or name, and strength against
// common-password and word lists shipped with @zxcvbn-ts (English, French and the cross-language common lists).
import { createRequire } from "node:module";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { type FieldError, invalid } from "../../shared/app-errors";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
/** zxcvbn's score 3: about 10^8 guesses or more, "safely unguessable" against an online attack and a slow hash. */
const MIN_SCORE = 3;

export const PASSWORD_WEAKNESSES = [
  "password_too_short",
  "password_too_long",
  "password_contains_email",
  "password_contains_name",
  "password_too_common",
  "password_too_weak",
] as const;
export type PasswordWeaknessCode = (typeof PASSWORD_WEAKNESSES)[number];

/** Why a password is refused: `code` is translated by the browser (errors.codes.<code> in src/locales). */
export type PasswordWeakness = {
  code: PasswordWeaknessCode;
  /** English text for API clients. */
  message: string;
  params?: Record<string, string | number>;
};

const MESSAGES: Record<PasswordWeaknessCode, string> = {
  password_too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
  password_too_long: `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
  password_contains_email: "The password must not contain your email address.",
  password_contains_name: "The password must not contain your name.",
  password_too_common: "This password is too common: it is on lists of passwords attackers try first.",
  password_too_weak: "This password is too easy to guess. Add a few unusual words or make it longer.",
};

const weakness = (code: PasswordWeaknessCode): PasswordWeakness => ({
  code,
  message: MESSAGES[code],
  ...(code === "password_too_short" ? { params: { min: MIN_PASSWORD_LENGTH } } : {}),
  ...(code === "password_too_long" ? { params: { max: MAX_PASSWORD_LENGTH } } : {}),
});

// Building the matcher decompresses the dictionaries (about a second): once per process, on first use. The word
// lists themselves are loaded then too (synchronously, from their CommonJS builds), not when the server starts: they
// held ~18 MB of every server's memory, most of which never sets a password (decision 030).
const require = createRequire(import.meta.url);
let zxcvbn: ZxcvbnFactory | undefined;
function matcher(): ZxcvbnFactory {
  if (zxcvbn) return zxcvbn;
  const zxcvbnCommon = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  const zxcvbnEn = require("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
  const zxcvbnFr = require("@zxcvbn-ts/language-fr") as typeof import("@zxcvbn-ts/language-fr");
  zxcvbn = new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, ...zxcvbnFr.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return zxcvbn;
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

/** The pieces of the email and name a password must not contain (pieces of 3+ characters). */
function personalPieces(person: { email?: string; name?: string }) {
  const email = fold(person.email?.trim() ?? "");
  const local = email.split("@")[0] ?? "";
  const emailPieces = [email, local, ...local.split(/[^\p{L}\p{N}]+/u)].filter((p) => p.length >= 3);
  const name = fold(person.name?.trim() ?? "");
  const namePieces = [name, name.replace(/\s+/g, ""), ...name.split(/[^\p{L}\p{N}]+/u)].filter(
    (p) => p.length >= 3,
  );
  return { emailPieces, namePieces };
}

/**
 * Checks a new password for the person it belongs to; null when it may be used, else the first reason it may not.
 * Used by first-start setup, create-admin, user creation and password change; the reset and invitation paths must
 * call it too.
 */
export function checkPasswordStrength(
  password: string,
  person: { email?: string; name?: string },
): PasswordWeakness | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return weakness("password_too_short");
  if (password.length > MAX_PASSWORD_LENGTH) return weakness("password_too_long");
  const folded = fold(password);
  const { emailPieces, namePieces } = personalPieces(person);
  if (emailPieces.some((p) => folded.includes(p))) return weakness("password_contains_email");
  if (namePieces.some((p) => folded.includes(p))) return weakness("password_contains_name");
  const result = matcher().check(password, [...emailPieces, ...namePieces, "ubufatanye"]);
  if (result.score >= MIN_SCORE) return null;
  // Mostly a listed password, a keyboard row, a run or a repeat ("password1234", "azertyuiop12", "aaaaaaaaaaaa"):
  // say so, it is the most useful advice.
  const commonLength = result.sequence
    .filter((m) =>
      m.pattern === "dictionary"
        ? String(m.dictionaryName).startsWith("passwords")
        : m.pattern === "spatial" || m.pattern === "sequence" || m.pattern === "repeat",
    )
    .reduce((sum, m) => sum + m.token.length, 0);
  return weakness(commonLength * 2 >= password.length ? "password_too_common" : "password_too_weak");
}

/** The 422 for a refused password, with the field path the form shows it under. */
export function assertPasswordStrong(
  password: string,
  person: { email?: string; name?: string },
  path = "password",
): void {
  const refused = checkPasswordStrength(password, person);
  if (!refused) return;
  const error: FieldError = { path, in: "body", code: refused.code, message: refused.message };
  if (refused.params) error.params = refused.params;
  throw invalid([error], refused.message);
}
