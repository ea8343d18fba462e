// Which reminder a report calls for today (pure): N days before the due date, on the due date, and weekly while
// overdue (the day after, then every 7 days). A notice is named by a key so that it goes out once, and a day the
// job did not run is caught up the next time it does.
import { daysBetween } from "./periods";
import type { ReportOutcome } from "./timeliness";

export type ReminderKind = "before_due" | "due" | "overdue";
export type Reminder = { kind: ReminderKind; key: string; daysLeft: number; daysLate: number };

export function reminderFor(
  report: { obligationId: string; period: string },
  outcome: ReportOutcome,
  today: string,
  daysBefore: number,
): Reminder | null {
  const base = `${report.obligationId}:${report.period}`;
  if (outcome.state === "not_due") {
    const daysLeft = daysBetween(today, outcome.dueDate);
    if (daysLeft === 0) return { kind: "due", key: `${base}:due`, daysLeft, daysLate: 0 };
    if (daysBefore > 0 && daysLeft > 0 && daysLeft <= daysBefore)
      return { kind: "before_due", key: `${base}:before`, daysLeft, daysLate: 0 };
    return null;
  }
  if (outcome.state === "missing") {
    const week = Math.floor((outcome.daysLate - 1) / 7);
    return { kind: "overdue", key: `${base}:overdue:${week}`, daysLeft: 0, daysLate: outcome.daysLate };
  }
  return null;
}

/** The ISO week a day belongs to, e.g. "2026-W49": a body's digest goes out once a week. */
export function isoWeekOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
