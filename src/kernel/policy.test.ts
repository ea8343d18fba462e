// Cells of the one policy table that no module's scope test covers: every role and action on audit_activity.
import { describe, expect, it } from "vitest";
import { ACTIONS, type Actor, isAllowed, listScope, ROLES, type Role } from ".";

const actorWith = (role: Role, scopeType: "national" | "district" | "organisation"): Actor => ({
  kind: "user",
  userId: `u-${role}`,
  label: role,
  grants: [
    {
      role,
      scopeType,
      scopeId: scopeType === "national" ? null : "11111111-1111-4111-8111-111111111111",
    },
  ],
  organisationIds: [],
});

describe("audit_activity (breach report, break-the-glass list)", () => {
  const readers: Record<Role, boolean> = {
    administrator: true,
    coordinator: false,
    district_officer: false,
    partner_editor: false,
    viewer: false,
  };

  it.each(ROLES)("%s: read only if administrator, never create, update or delete", (role) => {
    for (const scopeType of ["national", "district", "organisation"] as const) {
      const who = actorWith(role, scopeType);
      for (const action of ACTIONS) {
        expect(isAllowed(who, "audit_activity", action), `${scopeType} ${action}`).toBe(
          action === "read" && readers[role],
        );
      }
      expect(listScope(who, "audit_activity").all, scopeType).toBe(readers[role]);
    }
  });

  it("the system actor (CLI) may read it", () => {
    expect(isAllowed({ kind: "system", label: "cli" }, "audit_activity", "read")).toBe(true);
  });
});
