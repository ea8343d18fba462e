// The referral transition table, every cell: forward moves only, closing from anywhere but closed.
import { describe, expect, it } from "vitest";
import { REFERRAL_STATUSES, type ReferralStatus } from "./incidents.schema";
import {
  acceptsFollowUps,
  canMoveReferral,
  isOpenReferral,
  nextReferralSteps,
  type ReferralStep,
  referralStepNeedsReason,
  referralStepSide,
  statusAfterFollowUp,
} from "./referral-status";

const STEPS = REFERRAL_STATUSES.filter((s): s is ReferralStep => s !== "pending");

/** Rows: from; columns: to (accepted, declined, in_progress, completed, closed). */
const TABLE: Record<ReferralStatus, string> = {
  //          acc dec inp com clo
  pending: "   Y   Y   .   .   Y",
  accepted: "  .   .   Y   Y   Y",
  declined: "  .   .   .   .   Y",
  in_progress: ".  .   .   Y   Y",
  completed: " .   .   .   .   Y",
  closed: "    .   .   .   .   .",
};

describe("referral transitions", () => {
  for (const from of REFERRAL_STATUSES) {
    const row = (TABLE[from].match(/[Y.]/g) ?? []).map((c) => c === "Y");
    for (const [i, to] of STEPS.entries()) {
      it(`${from} → ${to}: ${row[i] ? "allowed" : "refused"}`, () => {
        expect(canMoveReferral(from, to)).toBe(row[i]);
        expect(nextReferralSteps(from).includes(to)).toBe(row[i]);
      });
    }
  }

  it("never goes back: no step leads to a status listed before it in the life of a referral", () => {
    const order: Record<ReferralStatus, number> = {
      pending: 0,
      accepted: 1,
      declined: 1,
      in_progress: 2,
      completed: 3,
      closed: 4,
    };
    for (const from of REFERRAL_STATUSES)
      for (const to of nextReferralSteps(from)) expect(order[to]).toBeGreaterThan(order[from]);
  });

  it("lets only the provider answer and report progress; either side closes", () => {
    expect(STEPS.map((s) => [s, referralStepSide(s)])).toEqual([
      ["accepted", "provider"],
      ["declined", "provider"],
      ["in_progress", "provider"],
      ["completed", "provider"],
      ["closed", "either"],
    ]);
  });

  it("asks a reason for a decline only", () => {
    expect(STEPS.filter(referralStepNeedsReason)).toEqual(["declined"]);
  });

  it("takes follow-ups while accepted or in progress, the first one moving an accepted referral on", () => {
    expect(REFERRAL_STATUSES.filter(acceptsFollowUps)).toEqual(["accepted", "in_progress"]);
    expect(statusAfterFollowUp("accepted")).toBe("in_progress");
    expect(statusAfterFollowUp("in_progress")).toBe("in_progress");
    expect(REFERRAL_STATUSES.filter(isOpenReferral)).toEqual(["pending", "accepted", "in_progress"]);
  });
});
