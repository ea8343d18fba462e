// Which next steps a referral's page offers: the provider answers (accept or decline) and reports progress, the
// referring side closes a referral it no longer needs. The server's transition rule decides; these are the buttons.
import type { ReferralStatus, ReferralTransition } from "../../modules/incidents/incidents.schema";

export type ReferralStep = ReferralTransition["status"];

/** Forward only (pending → accepted | declined → in progress → completed), never back. */
const PROVIDER_STEPS: Record<ReferralStatus, readonly ReferralStep[]> = {
  pending: ["accepted", "declined"],
  accepted: ["in_progress", "completed"],
  in_progress: ["completed"],
  declined: [],
  completed: [],
  closed: [],
};

/** The steps this reader may take: `provider` when they answer for the provider, `referrer` for the referring side. */
export function referralSteps(
  status: ReferralStatus,
  sides: { provider: boolean; referrer: boolean },
): ReferralStep[] {
  const steps: ReferralStep[] = sides.provider ? [...PROVIDER_STEPS[status]] : [];
  if (sides.referrer && status !== "closed") steps.push("closed");
  return steps;
}

/** A decline says why (the referring side must find another provider); other steps may. */
export const stepNeedsReason = (step: ReferralStep): boolean => step === "declined";
