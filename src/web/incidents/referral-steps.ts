// Which of a referral's next steps its page offers this reader. Where a referral may go, and which side takes each
// step, is the module's own rule (referral-status.ts, which the server applies); this picks the reader's side.
import type { ReferralStatus } from "../../modules/incidents/incidents.schema";
import {
  nextReferralSteps,
  type ReferralStep,
  referralStepNeedsReason,
  referralStepSide,
} from "../../modules/incidents/referral-status";

export type { ReferralStep };

/** `provider`: the reader answers for the provider; `referrer`: for the referring organisation. */
export function referralSteps(
  status: ReferralStatus,
  sides: { provider: boolean; referrer: boolean },
): ReferralStep[] {
  return nextReferralSteps(status).filter((step) =>
    referralStepSide(step) === "either" ? sides.provider || sides.referrer : sides.provider,
  );
}

/** A decline says why (the referring side must find another provider). */
export const stepNeedsReason = referralStepNeedsReason;
