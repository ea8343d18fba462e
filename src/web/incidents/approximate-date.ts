// A date as precise as it is known (a day, a month, a year, or nothing), typed as day, month and year: the value is
// the API's approximate date ("2026-03-14", "2026-03", "2026" or ""). Someone who remembers only "March 2026" leaves
// the day empty rather than invent the 1st.
import { formatPartialDate } from "../../shared/partial-date";
import type { DateParts } from "../ui/date-parts";

/** The parts of an approximate date; empty parts for what is not known (or for anything else). */
export function approximateDatePartsOf(value: string | null | undefined): DateParts {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value ?? "");
  if (!match) return { day: "", month: "", year: "" };
  const [, year = "", month, day] = match;
  return { day: day ? String(Number(day)) : "", month: month ? String(Number(month)) : "", year };
}

/**
 * The value the parts make: "" when all are empty; the year, the year and month, or the whole day as typed. A day
 * without its month, or a month without its year, gives a value that is no date ("2026--14", "-03"), which the
 * schema refuses at the field, so what was typed is never quietly dropped.
 */
export function approximateDateOf({ day, month, year }: DateParts): string {
  const d = day.trim();
  const m = month.trim();
  const y = year.trim();
  if (!d && !m && !y) return "";
  const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);
  if (!d && !m) return y;
  if (!d) return `${y}-${pad(m)}`;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** "14 March 2026", "mars 2026", "Werurwe 2026", "2026"; null when not known. */
export function formatApproximateDate(
  value: string | null | undefined,
  locale: "en" | "fr" | "rw",
): string | null {
  const parts = approximateDatePartsOf(value);
  if (!parts.year) return null;
  return formatPartialDate(
    {
      text: value ?? null,
      year: Number(parts.year),
      month: parts.month ? Number(parts.month) : null,
      day: parts.day ? Number(parts.day) : null,
      precision: parts.day ? "day" : parts.month ? "month" : "year",
    },
    locale,
  );
}
