import { describe, expect, it } from "vitest";
import type { Grant } from "../../kernel/actor.schema";
import { maySomewhere } from "./incident-access";

const musanze = "4d1c0a3e-1c2b-4f8e-9a51-0b6f2f1e7a01";
const cso = "7e2f4a10-5b6c-4d7e-8f90-1a2b3c4d5e6f";

describe("what a user may do somewhere", () => {
  it("follows the policy table for each role, whatever the grant's scope", () => {
    const caseWorker: Grant[] = [{ role: "case_worker", scopeType: "organisation", scopeId: cso }];
    const reviewer: Grant[] = [{ role: "incident_reviewer", scopeType: "district", scopeId: musanze }];
    const officer: Grant[] = [{ role: "district_officer", scopeType: "district", scopeId: musanze }];
    const admin: Grant[] = [{ role: "administrator", scopeType: "national", scopeId: null }];

    expect(maySomewhere(caseWorker, "incident", "create")).toBe(true);
    expect(maySomewhere(caseWorker, "incident_identity", "create")).toBe(true);
    expect(maySomewhere(caseWorker, "referral", "read")).toBe(true);

    expect(maySomewhere(reviewer, "incident", "read")).toBe(true);
    expect(maySomewhere(reviewer, "incident", "create")).toBe(false);
    expect(maySomewhere(reviewer, "incident_identity", "read")).toBe(false);
    expect(maySomewhere(reviewer, "incident_break_glass", "create")).toBe(true);

    // A district officer and an administrator count incidents but never open one.
    expect(maySomewhere(officer, "incident", "read")).toBe(false);
    expect(maySomewhere(officer, "incident_statistics", "read")).toBe(true);
    expect(maySomewhere(admin, "incident", "read")).toBe(false);
    expect(maySomewhere(admin, "service_provider", "create")).toBe(true);

    expect(maySomewhere([], "incident_statistics", "read")).toBe(false);
  });
});
