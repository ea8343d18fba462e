// Per-account sign-in throttle: how long an account refuses sign-in after a run of failed attempts.

/** Failures allowed before the first lock. */
export const FREE_SIGN_IN_FAILURES = 5;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 30 * 60;
/** A run of failures is forgotten a day after its last failure. */
export const FORGET_SIGN_IN_FAILURES_AFTER_SECONDS = 24 * 60 * 60;

/**
 * The lock after this many consecutive failures: none for the first four, one minute at the fifth, then doubling
 * at each further failure (2, 4, 8, 16 minutes), capped at 30 minutes. Failures during a lock are not counted
 * (the attempt is refused before the password is checked), so a guesser gets about 5 + 48 guesses a day.
 */
export function signInLockSeconds(consecutiveFailures: number): number {
  if (consecutiveFailures < FREE_SIGN_IN_FAILURES) return 0;
  const doublings = consecutiveFailures - FREE_SIGN_IN_FAILURES;
  // 2^15 minutes is far past the cap: stop doubling before the number grows without bound.
  return Math.min(FIRST_LOCK_SECONDS * 2 ** Math.min(doublings, 15), MAX_LOCK_SECONDS);
}

/** The key of an account in the throttle: the email as typed, trimmed and lower-cased. */
export const throttleKey = (email: string) => email.trim().toLowerCase();
