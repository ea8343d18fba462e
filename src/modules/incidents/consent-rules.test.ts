import { describe, expect, it } from "vitest";
import { type ConsentRecord, consentFor } from "./consent-rules";

const record = (over: Partial<ConsentRecord>): ConsentRecord => ({
  id: "c1",
  given: true,
  givenOn: "2026-03-01",
  givenBy: "person",
  purposes: ["referral", "statistics"],
  recordedAt: "2026-03-01T10:00:00Z",
  withdrawnOn: null,
  ...over,
});

describe("consentFor", () => {
  it("allows what an adult agreed to, from the day given", () => {
    expect(consentFor([record({})], "referral", "25-59", "2026-03-01")).toEqual({
      allowed: true,
      consentId: "c1",
    });
    expect(consentFor([record({})], "referral", "25-59", "2026-02-28")).toEqual({
      allowed: false,
      reason: "none",
    });
    expect(consentFor([record({})], "sharing", "25-59", "2026-03-02")).toEqual({
      allowed: false,
      reason: "none",
    });
  });

  it("counts a withdrawal from its day on, not before", () => {
    const withdrawn = [record({ withdrawnOn: "2026-04-10" })];
    expect(consentFor(withdrawn, "referral", "18-24", "2026-04-09")).toMatchObject({ allowed: true });
    expect(consentFor(withdrawn, "referral", "18-24", "2026-04-10")).toEqual({
      allowed: false,
      reason: "withdrawn",
    });
  });

  it("lets the latest record decide: a refusal after a consent, a new consent after a withdrawal", () => {
    const refusedLater = [record({}), record({ id: "c2", given: false, givenOn: "2026-05-01" })];
    expect(consentFor(refusedLater, "referral", "25-59", "2026-05-02")).toEqual({
      allowed: false,
      reason: "refused",
    });
    expect(consentFor(refusedLater, "referral", "25-59", "2026-04-30")).toMatchObject({ consentId: "c1" });
    const givenAgain = [record({ withdrawnOn: "2026-04-01" }), record({ id: "c3", givenOn: "2026-06-01" })];
    expect(consentFor(givenAgain, "referral", "25-59", "2026-06-01")).toEqual({
      allowed: true,
      consentId: "c3",
    });
  });

  it("asks a guardian's consent for a child under 16, not the child's own", () => {
    const own = [record({ givenBy: "person" })];
    expect(consentFor(own, "referral", "12-15", "2026-03-05")).toEqual({
      allowed: false,
      reason: "guardian_required",
    });
    expect(consentFor(own, "referral", "16-17", "2026-03-05")).toMatchObject({ allowed: true });
    const guardian = [...own, record({ id: "g1", givenBy: "guardian" })];
    expect(consentFor(guardian, "referral", "0-11", "2026-03-05")).toEqual({
      allowed: true,
      consentId: "g1",
    });
  });
});
