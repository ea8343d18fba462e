// Timeliness and completeness, as DHIS2 defines them: a report is expected for every period an obligation runs
// (its body active); it is on time when first submitted by the due date (N days after the period ends), late
// after it, missing when the due date has passed without it. Reporting rate = submitted ÷ expected;
// timeliness = on time ÷ expected. Pure and browser-safe: the page explains the same rules it is computed by.
import { daysBetween, dueDate } from "./periods";

export const REPORT_STATES = ["on_time", "late", "missing", "not_due"] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** One obligation in one period, and what was done about it. */
export type ExpectedReport = {
  obligationId: string;
  organisationId: string;
  bodyId: string;
  period: string;
  dueDays: number;
  /** The day (Kigali) it was first submitted to this body; null if never. */
  firstSubmittedOn: string | null;
};

export type ReportOutcome = {
  state: ReportState;
  dueDate: string;
  /** Days after the due date: for a late report when it came, for a missing one as of today; else 0. */
  daysLate: number;
};

export function outcomeOf(report: ExpectedReport, today: string): ReportOutcome {
  const due = dueDate(report.period, report.dueDays);
  if (report.firstSubmittedOn) {
    const late = daysBetween(due, report.firstSubmittedOn);
    return late > 0
      ? { state: "late", dueDate: due, daysLate: late }
      : { state: "on_time", dueDate: due, daysLate: 0 };
  }
  if (today > due) return { state: "missing", dueDate: due, daysLate: daysBetween(due, today) };
  return { state: "not_due", dueDate: due, daysLate: 0 };
}

export type Tally = {
  /** Reports whose due date has passed, or that came in early: what the rates divide by. */
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  notDue: number;
  /** Submitted (on time or late) ÷ expected, 0–100 with one decimal; null when nothing was expected. */
  reportingRate: number | null;
  /** On time ÷ expected, 0–100 with one decimal; null when nothing was expected. */
  timeliness: number | null;
};

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/** Counts of each state, however they were counted (here from outcomes, or by SQL in timeliness.store.ts). */
export type StateCounts = { onTime: number; late: number; missing: number; notDue: number };

export function tallyOfCounts(counts: StateCounts): Tally {
  const { onTime, late, missing, notDue } = counts;
  const expected = onTime + late + missing;
  return {
    expected,
    onTime,
    late,
    missing,
    notDue,
    reportingRate: percent(onTime + late, expected),
    timeliness: percent(onTime, expected),
  };
}

export function tally(outcomes: readonly ReportOutcome[]): Tally {
  const counts: StateCounts = { onTime: 0, late: 0, missing: 0, notDue: 0 };
  for (const o of outcomes) {
    if (o.state === "on_time") counts.onTime++;
    else if (o.state === "late") counts.late++;
    else if (o.state === "missing") counts.missing++;
    else counts.notDue++;
  }
  return tallyOfCounts(counts);
}
