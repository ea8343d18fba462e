// The agenda a meeting starts with, from what the district's records say about the quarter: open action items of
// the last meeting, late and missing reports, hindrances raised, agreements about to expire, facilities without a
// legal-aid partner. Pure: the service gathers the facts, this orders and words them as items.
import { periodEnd, periodOfDate, periodStart, periodsFrom } from "../reporting";
import type { AgendaItem, AgendaSource } from "./meetings.schema";

export type AgendaFacts = {
  openActionItems: Extract<AgendaSource, { kind: "action_item" }>[];
  reports: Extract<AgendaSource, { kind: "report" }>[];
  hindrances: Extract<AgendaSource, { kind: "hindrance" }>[];
  expiringAgreements: Extract<AgendaSource, { kind: "agreement" }>[];
  gaps: Extract<AgendaSource, { kind: "gap" }>[];
};

const byText = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" });

/** Items in the order the committee takes them: follow-up first, then this quarter's reporting, then the 3W. */
export function generateAgenda(facts: AgendaFacts, newId: () => string): AgendaItem[] {
  const item = (section: AgendaItem["section"], source: AgendaSource): AgendaItem => ({
    id: newId(),
    section,
    source,
    text: null,
  });
  return [
    ...[...facts.openActionItems]
      .sort(
        (a, b) =>
          (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999") || byText(a.ownerName, b.ownerName),
      )
      .map((s) => item("follow_up", s)),
    // Missing before late, the longest overdue first: the committee chases those.
    ...[...facts.reports]
      .sort(
        (a, b) =>
          (a.state === b.state ? 0 : a.state === "missing" ? -1 : 1) ||
          b.daysLate - a.daysLate ||
          byText(a.organisationName, b.organisationName) ||
          byText(a.bodyName, b.bodyName) ||
          a.period.localeCompare(b.period),
      )
      .map((s) => item("late_reports", s)),
    ...[...facts.hindrances]
      .sort((a, b) => a.hindranceKind.localeCompare(b.hindranceKind) || byText(a.placeName, b.placeName))
      .map((s) => item("hindrances", s)),
    ...[...facts.expiringAgreements]
      .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || byText(a.title, b.title))
      .map((s) => item("expiring_agreements", s)),
    ...[...facts.gaps].sort((a, b) => byText(a.placeName, b.placeName)).map((s) => item("gaps", s)),
  ];
}

/** The organisations an agenda names (late reporters, owners of followed-up items): who may read the meeting. */
export function organisationsNamed(agenda: readonly AgendaItem[]): string[] {
  const ids = new Set<string>();
  for (const { source } of agenda) {
    if (source?.kind === "report") ids.add(source.organisationId);
    if (source?.kind === "action_item") ids.add(source.ownerOrganisationId);
  }
  return [...ids];
}

/** Every reporting period that ends within the quarter: its months, the quarter, and a half-year or year ending with it. */
export function periodsEndingIn(quarter: string): string[] {
  const first = periodStart(quarter);
  const last = periodEnd(quarter);
  const months = periodsFrom(periodOfDate("month", first), periodOfDate("month", last));
  const longer = (["half_year", "year"] as const)
    .map((type) => periodOfDate(type, last))
    .filter((p) => periodEnd(p) === last);
  return [...months, quarter, ...longer];
}
