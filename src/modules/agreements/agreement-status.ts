// The agreement lifecycle: which status may follow which, and what a reader should see today.
import type { AgreementStatus } from "./agreements.schema";

/** Allowed transitions. Creating a record may start in any status (registering an existing MoU). */
export const STATUS_TRANSITIONS: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ["negotiating", "awaiting_approval", "terminated"],
  negotiating: ["draft", "awaiting_approval", "terminated"],
  awaiting_approval: ["negotiating", "active", "terminated"],
  active: ["under_revision", "expired", "terminated"],
  under_revision: ["active", "awaiting_approval", "expired", "terminated"],
  // Renewal brings an expired agreement back, directly or through a revision.
  expired: ["active", "under_revision"],
  terminated: [],
};

export function canChangeStatus(from: AgreementStatus, to: AgreementStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/**
 * The status a reader should see on a given day: an active (or under revision) agreement whose
 * validity ended before that day is shown as expired, even before anyone records it.
 */
export function effectiveStatus(
  status: AgreementStatus,
  validUntil: string | null,
  today: string,
): AgreementStatus {
  if ((status === "active" || status === "under_revision") && validUntil !== null && validUntil < today) {
    return "expired";
  }
  return status;
}

/** Days from today until validity ends (negative when past), or null without an end date. */
export function daysUntil(validUntil: string | null, today: string): number | null {
  if (validUntil === null) return null;
  return Math.round((Date.parse(`${validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
