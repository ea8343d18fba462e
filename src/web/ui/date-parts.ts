// A date typed as day, month and year, the order the app writes dates in ("24 Ugushyingo 2026"), whatever the
// browser's own language: the value stays an ISO date ("2026-11-24") for the API.

export type DateParts = { day: string; month: string; year: string };

/** The parts of an ISO date; empty parts for anything else (an empty value). */
export function datePartsOf(value: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  if (!match) return { day: "", month: "", year: "" };
  const [, year = "", month = "", day = ""] = match;
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/**
 * The value the parts make: "" when all are empty, else "YYYY-MM-DD" as typed. A part missing or out of range
 * gives a value that is not a date (`-11-24`, `2026-02-31`), which the form's schema refuses at the field, so a
 * half-typed date is never quietly dropped.
 */
export function isoDateOf({ day, month, year }: DateParts): string {
  const d = day.trim();
  const m = month.trim();
  const y = year.trim();
  if (!d && !m && !y) return "";
  const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);
  return `${y}-${pad(m)}-${pad(d)}`;
}
