// Dates as written in agreements: day, month or year precision, a vague span (part of a year, a week, a range of
// years), or none, always keeping the original text. See docs/decisions/026-vague-dates.md.
import { kinyarwandaMonthName } from "./dates";

export const DATE_PRECISIONS = ["day", "week", "month", "part_of_year", "year", "years", "none"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
/** Precisions whose span is read again from the text: the stored fields keep only their first year. */
export const VAGUE_PRECISIONS = ["week", "part_of_year", "years"] as const;
export type VaguePrecision = (typeof VAGUE_PRECISIONS)[number];
export const isVaguePrecision = (p: DatePrecision): p is VaguePrecision =>
  (VAGUE_PRECISIONS as readonly string[]).includes(p);

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

const pad2 = (n: number) => String(n).padStart(2, "0");
const isoDay = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;
const lastDayOf = (y: number, m: number) => isoDay(y, m, daysInMonth(y, m));

/** A vague date: its precision and the first and last day it can mean (ISO). */
type VagueReading = { precision: VaguePrecision; year: number; from: string; to: string };

/** Months of a part of a year, by the words that name it. Early/mid/late are thirds: Jan–Apr, May–Aug, Sep–Dec. */
const PARTS: [RegExp, number, number][] = [
  [
    /\b(?:early|beginning of|start of|(?:au |en )?debut(?: de| d'| d)?|mu ntangiriro(?: z[a']| y[a'])?|intangiriro z[a'])/,
    1,
    4,
  ],
  [/\b(?:mid|middle of|(?:au )?milieu(?: de| d'| d)?|(?:a la )?mi|hagati(?: mu| muri| y[a'])?)/, 5, 8],
  [/\b(?:late|end of|(?:a la |en )?fin(?: de| d'| d)?|mu mpera(?: z[a'])?|impera z[a'])/, 9, 12],
  [
    /\b(?:q1|t1|first quarter(?: of)?|1 trimestre(?: de)?|premier trimestre(?: de)?|igihembwe cya mbere(?: cya)?)/,
    1,
    3,
  ],
  [
    /\b(?:q2|t2|second quarter(?: of)?|2 trimestre(?: de)?|deuxieme trimestre(?: de)?|igihembwe cya kabiri(?: cya)?)/,
    4,
    6,
  ],
  [
    /\b(?:q3|t3|third quarter(?: of)?|3 trimestre(?: de)?|troisieme trimestre(?: de)?|igihembwe cya gatatu(?: cya)?)/,
    7,
    9,
  ],
  [
    /\b(?:q4|t4|fourth quarter(?: of)?|4 trimestre(?: de)?|quatrieme trimestre(?: de)?|igihembwe cya kane(?: cya)?)/,
    10,
    12,
  ],
  [/\b(?:h1|first half(?: of)?|1 semestre(?: de)?|premier semestre(?: de)?)/, 1, 6],
  [/\b(?:h2|second half(?: of)?|2 semestre(?: de)?|(?:deuxieme|second) semestre(?: de)?)/, 7, 12],
];
/** Words that may stand between the part and its year: "early in 2019", "fin de l'année 2019", "mu mwaka wa 2019". */
const FILLER = String.raw`(?:[\s,-]+|\b(?:the|in|of|year|l|annee|an|mu|muri|mwaka|wa)\b|')*`;

/** "the week of 3 October 2010", "semaine du 3 octobre 2010", "icyumweru cyo ku wa 3 Ukwakira 2010". */
const WEEK =
  /\b(?:(?:the )?week (?:of|beginning|starting)(?: on)?|semaine du|cyumweru (?:cyo ku|cya|gitangira ku)(?: wa)?)\s+(.*)$/;

/** "2016/2017", "2016-2017", "2016–17", "2016 to 2017", "de 2016 à 2017", "2016 kugeza 2017": at most ten years. */
const YEARS =
  /\b(\d{4})\s*(\/|-|–|—|\bto\b|\ba\b|\bau\b|\bkugeza\b(?: mu| muri)?)\s*(\d{4}|\d{2})\b(?![/.-]\d)/;

function readVague(plain: string): VagueReading | null {
  const week = WEEK.exec(plain);
  if (week?.[1]) {
    for (const c of dateCandidates(week[1])) {
      if (!valid(c.year, c.month, c.day)) continue;
      if (c.month === null || c.day === null) break;
      const end = new Date(Date.UTC(c.year, c.month - 1, c.day + 6));
      const to = end.toISOString().slice(0, 10);
      return { precision: "week", year: c.year, from: isoDay(c.year, c.month, c.day), to };
    }
  }
  const years = YEARS.exec(plain);
  if (years?.[1] && years[2] && years[3]) {
    const first = Number(years[1]);
    const written = years[3];
    // "2011-12" is December 2011 (ISO), not two years; "2011–12" with a dash of ranges, or "2011/12", is both years.
    const monthLike = written.length === 2 && years[2] === "-" && Number(written) <= 12;
    const last = written.length === 2 ? Math.floor(first / 100) * 100 + Number(written) : Number(written);
    if (
      !monthLike &&
      last > first &&
      last - first <= 10 &&
      valid(first, null, null) &&
      valid(last, null, null)
    )
      return { precision: "years", year: first, from: `${first}-01-01`, to: `${last}-12-31` };
  }
  for (const [words, firstMonth, lastMonth] of PARTS) {
    const m = new RegExp(`${words.source}${FILLER}(\\d{4})\\b`).exec(plain);
    const year = m?.[1] ? Number(m[1]) : null;
    if (year === null || !valid(year, null, null)) continue;
    return {
      precision: "part_of_year",
      year,
      from: isoDay(year, firstMonth, 1),
      to: lastDayOf(year, lastMonth),
    };
  }
  return null;
}

/**
 * Reads the date out of free text. Numeric dates are day/month/year, as written in Rwanda.
 * A week, a part of a year or a span of years keeps that precision, never a day it was not: only its first year is
 * stored in `year`, and `partialDateRange` gives its first and last day.
 * Text with no recognisable date keeps precision "none" (e.g. "Letter of Agreement (LOA)").
 */
export function parsePartialDate(input: string | null | undefined): PartialDate {
  const text = input?.trim() ? input.trim() : null;
  if (!text) return none(null);
  const plain = plainText(text);
  // A week names a day it is not: read before the day it names.
  const vague = readVague(plain);
  if (vague?.precision === "week")
    return { text, year: vague.year, month: null, day: null, precision: "week" };
  for (const c of dateCandidates(plain)) {
    const r = build(text, c.year, c.month, c.day);
    if (r) return r;
  }
  if (vague) return { text, year: vague.year, month: null, day: null, precision: vague.precision };
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

/** A sortable key by the first day the date can mean: earlier first, then coarser before finer; undated last. */
export function partialDateSortKey(date: PartialDate): string {
  if (date.year === null) return "9999-99-99";
  if (isVaguePrecision(date.precision)) {
    const range = partialDateRange(date);
    if (range && date.precision === "week") return range.from;
    // A part of a year sorts like its first month, a span of years like its first year.
    if (range && date.precision === "part_of_year") return `${range.from.slice(0, 7)}-00`;
    return `${date.year}-00-00`;
  }
  const mm = date.month === null ? "00" : String(date.month).padStart(2, "0");
  const dd = date.day === null ? "00" : String(date.day).padStart(2, "0");
  return `${date.year}-${mm}-${dd}`;
}

/** The first and last day the partial date may mean, as ISO dates (for filters and expiry). */
export function partialDateRange(date: PartialDate): { from: string; to: string } | null {
  if (date.year === null) return null;
  const y = date.year;
  if (isVaguePrecision(date.precision)) {
    // The span is in the text only (the fields keep the first year): read it again, the same way it was stored.
    const vague = date.text ? readVague(plainText(date.text)) : null;
    if (vague && vague.precision === date.precision) return { from: vague.from, to: vague.to };
    return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
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

/**
 * "30 September 2019", "septembre 2019", "Nzeri 2019", "2019"; undated → null (show the text instead).
 * A vague date is its span: "3 October 2010 – 9 October 2010", "January 2019 – April 2019", "2016 – 2017".
 */
export function formatPartialDate(date: PartialDate, locale: "en" | "fr" | "rw"): string | null {
  if (date.year === null) return null;
  if (isVaguePrecision(date.precision)) {
    const range = partialDateRange(date);
    if (!range) return null;
    const [fy, fm, fd] = range.from.split("-").map(Number);
    const [ty, tm, td] = range.to.split("-").map(Number);
    if (fy === undefined || fm === undefined || fd === undefined) return null;
    if (ty === undefined || tm === undefined || td === undefined) return null;
    const at = (year: number, month: number | null, day: number | null) =>
      formatPartialDate({ text: null, year, month, day, precision: day !== null ? "day" : "month" }, locale);
    if (date.precision === "years") return `${fy} – ${ty}`;
    if (date.precision === "week") return `${at(fy, fm, fd)} – ${at(ty, tm, td)}`;
    return `${at(fy, fm, null)} – ${at(ty, tm, null)}`;
  }
  if (date.month === null) return String(date.year);
  const monthName =
    locale === "rw"
      ? kinyarwandaMonthName(date.month - 1)
      : new Intl.DateTimeFormat(locale === "fr" ? "fr" : "en-GB", { month: "long", timeZone: "UTC" }).format(
          new Date(Date.UTC(2000, date.month - 1, 1)),
        );
  return date.day === null ? `${monthName} ${date.year}` : `${date.day} ${monthName} ${date.year}`;
}
