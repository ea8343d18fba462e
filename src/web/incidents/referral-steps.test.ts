import { describe, expect, it } from "vitest";
import { REFERRAL_STATUSES } from "../../modules/incidents/incidents.schema";
import { referralSteps } from "./referral-steps";

const provider = { provider: true, referrer: false };
const referrer = { provider: false, referrer: true };

describe("a referral's next steps", () => {
  it("lets the provider answer a pending referral, then move it forward only, and close it", () => {
    expect(referralSteps("pending", provider)).toEqual(["accepted", "declined", "closed"]);
    expect(referralSteps("accepted", provider)).toEqual(["in_progress", "completed", "closed"]);
    expect(referralSteps("in_progress", provider)).toEqual(["completed", "closed"]);
    expect(referralSteps("completed", provider)).toEqual(["closed"]);
    expect(referralSteps("closed", provider)).toEqual([]);
  });

  it("lets the referring side only close it, and a reader on neither side nothing", () => {
    expect(referralSteps("pending", referrer)).toEqual(["closed"]);
    expect(referralSteps("declined", referrer)).toEqual(["closed"]);
    expect(referralSteps("in_progress", referrer)).toEqual(["closed"]);
    expect(referralSteps("closed", referrer)).toEqual([]);
    for (const status of REFERRAL_STATUSES)
      expect(referralSteps(status, { provider: false, referrer: false })).toEqual([]);
  });
});
