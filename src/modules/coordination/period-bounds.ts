// The dates standing for an open end of a 3W period: a zod-free module, so the browser's 3W pages do not load zod.

export const OPEN_PERIOD_START = "1900-01-01";
export const OPEN_PERIOD_END = "2199-12-31";

/** How precisely a 3W file gives a date: a day, a month ("2024-03", "Mar 2024") or a year ("2024"). */
export const HXL_DATE_PRECISIONS = ["day", "month", "year"] as const;
export type HxlDatePrecision = (typeof HXL_DATE_PRECISIONS)[number];

/**
 * A 3W date as precisely as it is known, as an export writes it: "2024", "2024-03" or "2024-03-15". `iso` is either
 * end of the span the precision covers (2024-01-01 or 2024-12-31 for "2024"); the 3W import reads the value back
 * with the same precision.
 */
export function hxlDateValue(iso: string, precision: HxlDatePrecision): string {
  return iso.slice(0, precision === "year" ? 4 : precision === "month" ? 7 : 10);
}
