import { describe, expect, it } from "vitest";
import type { Consent } from "../../modules/incidents/incidents.schema";
import { consentStands, lacksGuardianConsent } from "./person-consent";

const consent = (over: Partial<Consent>): Consent => ({
  id: "c1",
  given: true,
  method: "oral",
  givenOn: "2026-03-01",
  givenBy: "person",
  guardianRelation: null,
  purposes: ["referral"],
  sharedWith: [],
  recordedBy: "Claudine",
  withdrawnOn: null,
  ...over,
});

describe("consent on the incident page", () => {
  it("a consent stands from its day until the day it is withdrawn", () => {
    const c = consent({ withdrawnOn: "2026-04-10" });
    expect(consentStands(c, "2026-02-28")).toBe(false);
    expect(consentStands(c, "2026-03-01")).toBe(true);
    expect(consentStands(c, "2026-04-09")).toBe(true);
    expect(consentStands(c, "2026-04-10")).toBe(false);
    expect(consentStands(consent({ given: false }), "2026-03-05")).toBe(false);
  });

  it("warns for a child under 16 whose only consent is their own, refused or withdrawn", () => {
    const day = "2026-03-05";
    expect(lacksGuardianConsent({ ageGroup: "12-15", consents: [] }, day)).toBe(true);
    expect(lacksGuardianConsent({ ageGroup: "0-11", consents: [consent({})] }, day)).toBe(true);
    const guardian = consent({ givenBy: "guardian", guardianRelation: "mother" });
    expect(lacksGuardianConsent({ ageGroup: "12-15", consents: [guardian] }, day)).toBe(false);
    expect(
      lacksGuardianConsent(
        { ageGroup: "12-15", consents: [{ ...guardian, withdrawnOn: "2026-03-04" }] },
        day,
      ),
    ).toBe(true);
    expect(lacksGuardianConsent({ ageGroup: "12-15", consents: [{ ...guardian, given: false }] }, day)).toBe(
      true,
    );
    // From 16 on the person answers for themselves: no warning, whatever the records.
    expect(lacksGuardianConsent({ ageGroup: "16-17", consents: [] }, day)).toBe(false);
  });
});
