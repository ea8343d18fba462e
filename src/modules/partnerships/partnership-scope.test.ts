// Every cell of the partnership resource for an organisation-scoped grant, and which members' organisations keep it.
import { describe, expect, it } from "vitest";
import { ACTIONS, type Actor, isAllowed, ROLES, type Role } from "../../kernel";
import { partnershipScope } from "./partnership-scope";

const ORG = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const actorWith = (role: Role, scopeType: "national" | "organisation"): Actor => ({
  kind: "user",
  userId: `u-${role}`,
  label: role,
  grants: [{ role, scopeType, scopeId: scopeType === "national" ? null : ORG }],
  organisationIds: [],
});

/** "in": on a partnership the grant's organisation keeps; "out": on one it does not. */
const MATRIX: Record<Role, { in: string; out: string }> = {
  administrator: { in: "rcud", out: "rcud" },
  coordinator: { in: "rcud", out: "rcud" },
  district_officer: { in: "r", out: "r" },
  partner_editor: { in: "rcu", out: "r" },
  viewer: { in: "r", out: "r" },
  case_worker: { in: "r", out: "r" },
  incident_reviewer: { in: "r", out: "r" },
  monitor: { in: "r", out: "r" },
};
const letters = { read: "r", create: "c", update: "u", delete: "d" } as const;

describe("partnership policy, every cell", () => {
  it.each(ROLES)("%s", (role) => {
    const who = actorWith(role, "organisation");
    const kept = partnershipScope([{ organisationId: ORG, role: "member" }]);
    const other = partnershipScope([{ organisationId: OTHER, role: "lead" }]);
    for (const action of ACTIONS) {
      expect(isAllowed(who, "partnership", action, kept), `${action} in scope`).toBe(
        MATRIX[role].in.includes(letters[action]),
      );
      expect(isAllowed(who, "partnership", action, other), `${action} elsewhere`).toBe(
        MATRIX[role].out.includes(letters[action]),
      );
    }
  });
});

describe("partnershipScope", () => {
  it("is the lead, secretariat and members; a donor's or observer's organisation does not keep it", () => {
    expect(
      partnershipScope([
        { organisationId: "a", role: "lead" },
        { organisationId: "b", role: "secretariat" },
        { organisationId: "c", role: "member" },
        { organisationId: "d", role: "donor" },
        { organisationId: "e", role: "observer" },
      ]).organisationIds,
    ).toEqual(["a", "b", "c"]);
    const donorEditor = actorWith("partner_editor", "organisation");
    expect(
      isAllowed(
        donorEditor,
        "partnership",
        "update",
        partnershipScope([{ organisationId: ORG, role: "donor" }]),
      ),
    ).toBe(false);
  });
});
