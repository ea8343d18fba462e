// Where a referral may go next and which side moves it there: forward only, never back, and every referral can end
// closed. Browser-safe (the referral page offers these steps as buttons).
import type { ReferralStatus } from "./incidents.schema";

/** A status a transition can lead to (never back to pending). */
export type ReferralStep = Exclude<ReferralStatus, "pending">;

/**
 * The forward moves. Two choices beyond the line:
 * - accepted → completed: a one-off service (a medical examination) is done without an "in progress" step;
 * - closed from every other status, declined included: the referring side closes a referral it no longer needs (the
 *   person withdrew their consent, found help elsewhere) or acknowledges a decline, so every referral can end closed.
 */
const NEXT: Record<ReferralStatus, readonly ReferralStep[]> = {
  pending: ["accepted", "declined", "closed"],
  accepted: ["in_progress", "completed", "closed"],
  in_progress: ["completed", "closed"],
  declined: ["closed"],
  completed: ["closed"],
  closed: [],
};

/** The steps open from a status, in the order a page offers them. */
export const nextReferralSteps = (from: ReferralStatus): readonly ReferralStep[] => NEXT[from];

export const canMoveReferral = (from: ReferralStatus, to: ReferralStep): boolean => NEXT[from].includes(to);

/**
 * Who may take a step: answering and reporting progress is the provider's (its case workers); closing is either
 * side's, the referring organisation's or the provider's.
 */
export const referralStepSide = (to: ReferralStep): "provider" | "either" =>
  to === "closed" ? "either" : "provider";

/** A decline says why: the referring side has to find another provider. */
export const referralStepNeedsReason = (to: ReferralStep): boolean => to === "declined";

/** Follow-ups are logged while the provider works on the referral. */
export const acceptsFollowUps = (status: ReferralStatus): boolean =>
  status === "accepted" || status === "in_progress";

/** The first follow-up of an accepted referral shows that work began: it moves to in progress. */
export const statusAfterFollowUp = (status: ReferralStatus): ReferralStatus =>
  status === "accepted" ? "in_progress" : status;

/** Still waiting for the provider or being worked on: what counts as an open referral. */
export const isOpenReferral = (status: ReferralStatus): boolean =>
  status === "pending" || status === "accepted" || status === "in_progress";
