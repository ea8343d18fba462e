// Which next steps a referral's page offers this reader: the provider's case workers answer (accept or decline) and
// report progress; either side closes a referral that is no longer needed. The server's transition rule decides;
// these are the buttons.
import type { ReferralStatus, ReferralTransition } from "../../modules/incidents/incidents.schema";

export type ReferralStep = ReferralTransition["status"];

// TODO(issue 17): the referrals branch brings this table as a browser-safe rule (referral-status.ts); use it once
// it is on main, so that the buttons and the server cannot disagree.
/** Forward only: pending → accepted | declined; accepted → in progress | completed; every referral can end closed. */
const NEXT: Record<ReferralStatus, readonly ReferralStep[]> = {
  pending: ["accepted", "declined", "closed"],
  accepted: ["in_progress", "completed", "closed"],
  in_progress: ["completed", "closed"],
  declined: ["closed"],
  completed: ["closed"],
  closed: [],
};

/** `provider`: the reader answers for the provider; `referrer`: for the referring organisation. */
export function referralSteps(
  status: ReferralStatus,
  sides: { provider: boolean; referrer: boolean },
): ReferralStep[] {
  return NEXT[status].filter((step) =>
    step === "closed" ? sides.provider || sides.referrer : sides.provider,
  );
}

/** A decline says why (the referring side must find another provider); other steps may. */
export const stepNeedsReason = (step: ReferralStep): boolean => step === "declined";
