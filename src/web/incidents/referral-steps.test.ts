import { describe, expect, it } from "vitest";
import { REFERRAL_STATUSES } from "../../modules/incidents/incidents.schema";
import { referralSteps } from "./referral-steps";

const provider = { provider: true, referrer: false };
const referrer = { provider: false, referrer: true };

describe("a referral's next steps", () => {
  it("lets the provider answer a pending referral and then move it forward only", () => {
    expect(referralSteps("pending", provider)).toEqual(["accepted", "declined"]);
    expect(referralSteps("accepted", provider)).toEqual(["in_progress", "completed"]);
    expect(referralSteps("in_progress", provider)).toEqual(["completed"]);
    for (const done of ["declined", "completed", "closed"] as const)
      expect(referralSteps(done, provider)).toEqual([]);
  });

  it("lets the referring side close it until it is closed, and a reader with neither side nothing", () => {
    expect(referralSteps("pending", referrer)).toEqual(["closed"]);
    expect(referralSteps("declined", referrer)).toEqual(["closed"]);
    expect(referralSteps("closed", referrer)).toEqual([]);
    for (const status of REFERRAL_STATUSES)
      expect(referralSteps(status, { provider: false, referrer: false })).toEqual([]);
  });
});
