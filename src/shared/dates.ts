// Dates for people in English, French and Kinyarwanda; Kinyarwanda names are ours (browsers' Intl has no "rw").

const RW_MONTHS = [
  "Mutarama",
  "Gashyantare",
  "Werurwe",
  "Mata",
  "Gicurasi",
  "Kamena",
  "Nyakanga",
  "Kanama",
  "Nzeri",
  "Ukwakira",
  "Ugushyingo",
  "Ukuboza",
] as const;

const RW_WEEKDAYS = [
  "Ku cyumweru",
  "Ku wa mbere",
  "Ku wa kabiri",
  "Ku wa gatatu",
  "Ku wa kane",
  "Ku wa gatanu",
  "Ku wa gatandatu",
] as const;

export type DateLocale = "en" | "fr" | "rw";

export const kinyarwandaMonthName = (monthIndex: number): string => RW_MONTHS[monthIndex] ?? "";
export const kinyarwandaWeekdayName = (dayIndex: number): string => RW_WEEKDAYS[dayIndex] ?? "";

const TIME_ZONE = "Africa/Kigali";

function kigaliParts(date: Date) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return {
    year: Number(get("year")),
    month: Number(get("month")) - 1,
    day: Number(get("day")),
    hour: get("hour"),
    minute: get("minute"),
    weekday: weekdays.indexOf(get("weekday")),
  };
}

/** "24 November 2026", "24 novembre 2026", "24 Ugushyingo 2026" (in Kigali time). */
export function formatDate(value: Date | string, locale: DateLocale): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (locale === "rw") {
    const p = kigaliParts(date);
    return `${p.day} ${kinyarwandaMonthName(p.month)} ${p.year}`;
  }
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-RW" : "en-GB", {
    timeZone: TIME_ZONE,
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(date);
}

/** Date and time, Kigali time: "24 November 2026, 14:05". */
export function formatDateTime(value: Date | string, locale: DateLocale): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const p = kigaliParts(date);
  return `${formatDate(date, locale)}, ${p.hour}:${p.minute}`;
}

/** "Ku wa kabiri, 24 Ugushyingo 2026" and the equivalents. */
export function formatLongDate(value: Date | string, locale: DateLocale): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (locale === "rw")
    return `${kinyarwandaWeekdayName(kigaliParts(date).weekday)}, ${formatDate(date, "rw")}`;
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-RW" : "en-GB", {
    timeZone: TIME_ZONE,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(date);
}

/** The twelve month names as dates are written in this language ("janvier", "Mutarama"). */
export function monthNames(locale: DateLocale): string[] {
  if (locale === "rw") return [...RW_MONTHS];
  const format = new Intl.DateTimeFormat(locale === "fr" ? "fr-RW" : "en-GB", {
    month: "long",
    timeZone: "UTC",
  });
  return Array.from({ length: 12 }, (_, i) => format.format(new Date(Date.UTC(2026, i, 15))));
}

/**
 * A calendar month written "2012-03" as its reader says it: "March 2012", "mars 2012", "Werurwe 2012"; short: "Mar 2012",
 * "mars 2012" (Kinyarwanda has no usual abbreviations: the name stays whole). Anything else is returned unchanged.
 */
export function formatMonth(month: string, locale: DateLocale, style: "long" | "short" = "long"): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const index = match ? Number(match[2]) - 1 : -1;
  if (!match || index < 0 || index > 11) return month;
  if (locale === "rw") return `${kinyarwandaMonthName(index)} ${match[1]}`;
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-RW" : "en-GB", {
    month: style,
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(Number(match[1]), index, 15)));
}
