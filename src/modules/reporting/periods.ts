// Reporting periods as text, DHIS2-style: "2026-03" (month), "2026-Q1" (quarter), "2026-H1" (half-year), "2026" (year).
// Pure and browser-safe: the form, the timeliness table and the reminders all read periods the same way.
import { z } from "zod";

export const PERIOD_TYPES = ["month", "quarter", "half_year", "year"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];
export const PeriodTypeSchema = z.enum(PERIOD_TYPES);

const PATTERNS: Record<PeriodType, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  half_year: /^(\d{4})-H([12])$/,
  year: /^(\d{4})$/,
};
/** Months in one period of each type. */
const MONTHS: Record<PeriodType, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

export type Period = { type: PeriodType; year: number /** 1-based index within the year */; index: number };

export const PeriodSchema = z
  .string()
  .max(8)
  .refine((text) => parsePeriod(text) !== null, {
    message: "Write the period as 2026-03 (month), 2026-Q1 (quarter), 2026-H1 (half-year) or 2026 (year).",
  });

export function parsePeriod(text: string): Period | null {
  for (const type of PERIOD_TYPES) {
    const m = PATTERNS[type].exec(text);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < 2000 || year > 2100) return null;
    return { type, year, index: type === "year" ? 1 : Number(m[2]) };
  }
  return null;
}

export function periodTypeOf(text: string): PeriodType {
  const period = parsePeriod(text);
  if (!period) throw new Error(`not a period: ${text}`);
  return period.type;
}

export function formatPeriod(period: Period): string {
  switch (period.type) {
    case "month":
      return `${period.year}-${String(period.index).padStart(2, "0")}`;
    case "quarter":
      return `${period.year}-Q${period.index}`;
    case "half_year":
      return `${period.year}-H${period.index}`;
    case "year":
      return String(period.year);
  }
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function must(text: string): Period {
  const period = parsePeriod(text);
  if (!period) throw new Error(`not a period: ${text}`);
  return period;
}

/** First day of the period (YYYY-MM-DD). */
export function periodStart(text: string): string {
  const p = must(text);
  return iso(p.year, (p.index - 1) * MONTHS[p.type] + 1, 1);
}

/** Last day of the period (YYYY-MM-DD). */
export function periodEnd(text: string): string {
  const p = must(text);
  const lastMonth = p.index * MONTHS[p.type];
  return iso(p.year, lastMonth, daysInMonth(p.year, lastMonth));
}

/** A date moved by whole days (YYYY-MM-DD in, YYYY-MM-DD out; calendar days, no time zone). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) + days * 86_400_000);
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const ms = (date: string) => {
    const [y, m, d] = date.split("-").map(Number);
    return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** The day a report for this period is due: N days after the period ends (DHIS2's "days after period end"). */
export function dueDate(period: string, dueDays: number): string {
  return addDays(periodEnd(period), dueDays);
}

/** The period of this type that holds the date. */
export function periodOfDate(type: PeriodType, date: string): string {
  const [y, m] = date.split("-").map(Number);
  const year = y ?? 0;
  const month = m ?? 1;
  return formatPeriod({ type, year, index: Math.floor((month - 1) / MONTHS[type]) + 1 });
}

export function nextPeriod(text: string): string {
  const p = must(text);
  const perYear = 12 / MONTHS[p.type];
  return formatPeriod(
    p.index < perYear ? { ...p, index: p.index + 1 } : { type: p.type, year: p.year + 1, index: 1 },
  );
}

export function previousPeriod(text: string): string {
  const p = must(text);
  const perYear = 12 / MONTHS[p.type];
  return formatPeriod(
    p.index > 1 ? { ...p, index: p.index - 1 } : { type: p.type, year: p.year - 1, index: perYear },
  );
}

/** Compare two periods of the same type (negative, zero, positive). */
export function comparePeriods(a: string, b: string): number {
  return periodStart(a).localeCompare(periodStart(b));
}

/** Every period from `first` to `last` inclusive (same type), oldest first; empty when last is before first. */
export function periodsFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let p = first; comparePeriods(p, last) <= 0; p = nextPeriod(p)) out.push(p);
  return out;
}

/** The last `count` periods of this type that have ended by `today`, oldest first. */
export function lastEndedPeriods(type: PeriodType, today: string, count: number): string[] {
  let p = previousPeriod(periodOfDate(type, today));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.unshift(p);
    p = previousPeriod(p);
  }
  return out;
}

/** Does the date (YYYY-MM-DD) fall within the period? */
export function dateInPeriod(date: string, period: string): boolean {
  return date >= periodStart(period) && date <= periodEnd(period);
}
