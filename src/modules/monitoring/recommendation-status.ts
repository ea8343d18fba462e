// Rules of a recommendation's status: who may set which status, which day a change may carry, when it is overdue.
// Browser-safe: the recommendation page offers only what these rules allow.

export const RECOMMENDATION_STATUSES = [
  "not_answered",
  "accepted",
  "not_accepted",
  "in_progress",
  "partly_implemented",
  "implemented",
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** Who records a change: the monitoring body (any status) or the addressee's staff (their answer and progress). */
export type StatusSide = "monitor" | "addressee";

/**
 * The addressee answers (accepted / not accepted) and reports progress (in progress); whether a recommendation is
 * partly or fully implemented is the monitors' assessment, never the authority's own.
 */
const ADDRESSEE_STATUSES: readonly RecommendationStatus[] = ["accepted", "not_accepted", "in_progress"];

/** The statuses a side may record (going back to "not answered" is no answer: nobody records it). */
export function statusesFor(sides: readonly StatusSide[]): RecommendationStatus[] {
  return RECOMMENDATION_STATUSES.filter(
    (s) =>
      s !== "not_answered" &&
      (sides.includes("monitor") || (sides.includes("addressee") && ADDRESSEE_STATUSES.includes(s))),
  );
}

export const maySetStatus = (sides: readonly StatusSide[], status: RecommendationStatus): boolean =>
  statusesFor(sides).includes(status);

export type StatusDateProblem = "before_issued" | "before_previous" | "in_future";

/**
 * A change's day: not before the recommendation was issued, nor before its latest change (the history reads in
 * order), nor after today. Null when the day is fine.
 */
export function statusDateProblem(
  changedOn: string,
  facts: { issuedOn: string; previousChangeOn: string | null; today: string },
): StatusDateProblem | null {
  if (changedOn > facts.today) return "in_future";
  if (changedOn < facts.issuedOn) return "before_issued";
  if (facts.previousChangeOn !== null && changedOn < facts.previousChangeOn) return "before_previous";
  return null;
}

/** Statuses that end the wait: an implemented or refused recommendation is never overdue. */
export const SETTLED_STATUSES: readonly RecommendationStatus[] = ["implemented", "not_accepted"];

/** Overdue: its deadline has passed and it is neither implemented nor refused. */
export function isOverdue(
  recommendation: { deadline: string | null; status: RecommendationStatus },
  today: string,
): boolean {
  return (
    recommendation.deadline !== null &&
    recommendation.deadline < today &&
    !SETTLED_STATUSES.includes(recommendation.status)
  );
}
