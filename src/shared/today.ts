// Calendar days in Kigali time: what "today", "overdue" and "expiring within N days" are measured against.

const KIGALI_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Kigali" });

/** Today's date in Kigali as YYYY-MM-DD (en-CA formats dates that way). */
export function todayInKigali(now: Date = new Date()): string {
  return KIGALI_DAY.format(now);
}

/** The ISO date `days` days after `isoDate` (negative for before). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
