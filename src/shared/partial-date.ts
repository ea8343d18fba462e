// Dates as written in agreements: day, month or year precision, or none, always keeping the original text.
import { kinyarwandaMonthName } from "./dates";

export type DatePrecision = "day" | "month" | "year" | "none";

export type PartialDate = {
  /** Exactly as written in the source ("June /2022", "MoU signed on 3rd December 2020"), or null. */
  text: string | null;
  year: number | null;
  month: number | null;
  day: number | null;
  precision: DatePrecision;
};

const MONTHS: Record<string, number> = {};
const add = (names: string[], month: number) => {
  for (const n of names) MONTHS[n] = month;
};
// English, French and Kinyarwanda month names, with the usual abbreviations.
add(["january", "jan", "janvier", "janv", "mutarama"], 1);
add(["february", "feb", "fevrier", "fev", "fevr", "gashyantare"], 2);
add(["march", "mar", "mars", "werurwe"], 3);
add(["april", "apr", "avril", "avr", "mata"], 4);
add(["may", "mai", "gicurasi"], 5);
add(["june", "jun", "juin", "kamena"], 6);
add(["july", "jul", "juillet", "juil", "nyakanga"], 7);
add(["august", "aug", "aout", "kanama"], 8);
add(["september", "sep", "sept", "septembre", "nzeri", "nzeli"], 9);
add(["october", "oct", "octobre", "ukwakira"], 10);
add(["november", "nov", "novembre", "ugushyingo"], 11);
add(["december", "dec", "decembre", "ukuboza"], 12);

const MIN_YEAR = 1950;
const MAX_YEAR = 2100;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function valid(year: number, month: number | null, day: number | null): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  if (month === null) return day === null;
  if (month < 1 || month > 12) return false;
  return day === null || (day >= 1 && day <= daysInMonth(year, month));
}

const none = (text: string | null): PartialDate => ({
  text,
  year: null,
  month: null,
  day: null,
  precision: "none",
});

function build(text: string, year: number, month: number | null, day: number | null): PartialDate | null {
  if (!valid(year, month, day)) return null;
  return { text, year, month, day, precision: day !== null ? "day" : month !== null ? "month" : "year" };
}

type DateCandidate = { year: number; month: number | null; day: number | null };

/** Free text as the readers below see it: no accents, lower case, "3rd"/"1er" as the number alone. */
function plainText(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      // "3rd", "4 th" (a superscript lost its tag), "1er", "2e" → the number alone
      .replace(/\b(\d{1,2}) ?(?:st|nd|rd|th|er|e)\b/g, "$1")
  );
}

/** The dates the text seems to write, in the order they are tried; the first that exists is the one read. */
function* dateCandidates(plain: string): Generator<DateCandidate> {
  // 2022-06-30, 2022-06
  let m = /\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b/.exec(plain);
  if (m) yield { year: Number(m[1]), month: Number(m[2]), day: m[3] ? Number(m[3]) : null };
  // 30/09/2019, 28/6/2022, 30.09.2019, 30-09-2019
  const dmy = /\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b/.exec(plain);
  if (dmy) yield { year: Number(dmy[3]), month: Number(dmy[2]), day: Number(dmy[1]) };
  // 06/2022 (not the tail of an impossible day/month/year: "31/02/2022" keeps only its year)
  m = dmy ? null : /\b(\d{1,2})\s*[/.-]\s*(\d{4})\b/.exec(plain);
  if (m) yield { year: Number(m[2]), month: Number(m[1]), day: null };
  // 3rd December 2020, 3 décembre 2020, "June /2022", "January 2023", "December 3, 2020"
  const words = [...plain.matchAll(/[a-z]+|\d+/g)].map((w) => w[0]);
  for (let i = 0; i < words.length; i++) {
    const month = MONTHS[words[i] ?? ""];
    if (month === undefined) continue;
    const after = words.slice(i + 1, i + 4);
    const yearWord = after.find((w) => /^\d{4}$/.test(w));
    if (!yearWord) continue;
    const before = words[i - 1];
    const dayBefore = before && /^\d{1,2}$/.test(before) ? Number(before) : null;
    const next = words[i + 1];
    const dayAfter = next && /^\d{1,2}$/.test(next) && next !== yearWord ? Number(next) : null;
    yield { year: Number(yearWord), month, day: dayBefore ?? dayAfter };
  }
}

/**
 * Reads the date out of free text. Numeric dates are day/month/year, as written in Rwanda.
 * Text with no recognisable date keeps precision "none" (e.g. "Letter of Agreement (LOA)").
 */
export function parsePartialDate(input: string | null | undefined): PartialDate {
  const text = input?.trim() ? input.trim() : null;
  if (!text) return none(null);
  const plain = plainText(text);
  for (const c of dateCandidates(plain)) {
    const r = build(text, c.year, c.month, c.day);
    if (r) return r;
  }
  // A bare year: "2022", "signed in 2019"
  const years = [...plain.matchAll(/\b(\d{4})\b/g)].map((y) => Number(y[1]));
  const year = years.find((y) => y >= MIN_YEAR && y <= MAX_YEAR);
  if (year !== undefined) return { text, year, month: null, day: null, precision: "year" };
  return none(text);
}

/** A day written in full that does not exist: "31/02/2023" has no such day, "12/25/2020" no month 25. */
export type ImpossibleDate = { year: number; month: number; day: number; fault: "day" | "month" };

/**
 * The day the text writes in full but that does not exist, when it comes before any date that does (so that
 * `parsePartialDate` reads something coarser, or nothing): the form says so instead of quietly keeping the year.
 * A month and year alone ("2019-22" may be a span of years) is not reported.
 */
export function impossibleDateIn(input: string | null | undefined): ImpossibleDate | null {
  const text = input?.trim();
  if (!text) return null;
  for (const c of dateCandidates(plainText(text))) {
    if (valid(c.year, c.month, c.day)) return null;
    if (c.day === null || c.month === null || c.year < MIN_YEAR || c.year > MAX_YEAR) continue;
    if (c.month < 1 || c.month > 12) return { year: c.year, month: c.month, day: c.day, fault: "month" };
    return { year: c.year, month: c.month, day: c.day, fault: "day" };
  }
  return null;
}

/** A sortable key: earlier dates first, then coarser precision before finer; undated last. */
export function partialDateSortKey(date: PartialDate): string {
  if (date.year === null) return "9999-99-99";
  const mm = date.month === null ? "00" : String(date.month).padStart(2, "0");
  const dd = date.day === null ? "00" : String(date.day).padStart(2, "0");
  return `${date.year}-${mm}-${dd}`;
}

/** The first and last day the partial date may mean, as ISO dates (for filters and expiry). */
export function partialDateRange(date: PartialDate): { from: string; to: string } | null {
  if (date.year === null) return null;
  const y = date.year;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (date.month === null) return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (date.day === null)
    return {
      from: `${y}-${pad(date.month)}-01`,
      to: `${y}-${pad(date.month)}-${pad(daysInMonth(y, date.month))}`,
    };
  const d = `${y}-${pad(date.month)}-${pad(date.day)}`;
  return { from: d, to: d };
}

/** "30 September 2019", "septembre 2019", "Nzeri 2019", "2019"; undated → null (show the text instead). */
export function formatPartialDate(date: PartialDate, locale: "en" | "fr" | "rw"): string | null {
  if (date.year === null) return null;
  if (date.month === null) return String(date.year);
  const monthName =
    locale === "rw"
      ? kinyarwandaMonthName(date.month - 1)
      : new Intl.DateTimeFormat(locale === "fr" ? "fr" : "en-GB", { month: "long", timeZone: "UTC" }).format(
          new Date(Date.UTC(2000, date.month - 1, 1)),
        );
  return date.day === null ? `${monthName} ${date.year}` : `${date.day} ${monthName} ${date.year}`;
}
