// Cells of the one policy table that no module's scope test covers: every role and action on audit_activity and on
// the confidential incidents' resources.
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
    case_worker: false,
    incident_reviewer: false,
    monitor: false,
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

/**
 * Every cell of the incidents' resources, for a district-scoped grant: "in" = the actions allowed on a record in the
 * grant's district, "out" = those allowed on a record elsewhere (rules "anywhere"). r c u d = read create update delete.
 */
const INCIDENT_MATRIX: Record<string, Record<Role, { in: string; out: string }>> = {
  incident: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "rcu", out: "" },
    viewer: { in: "r", out: "" },
    case_worker: { in: "rcu", out: "" },
    incident_reviewer: { in: "r", out: "" },
    monitor: { in: "", out: "" },
  },
  incident_identity: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "rcud", out: "" },
    incident_reviewer: { in: "", out: "" },
    monitor: { in: "", out: "" },
  },
  incident_consent_override: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "c", out: "" },
    incident_reviewer: { in: "", out: "" },
    monitor: { in: "", out: "" },
  },
  incident_break_glass: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "", out: "" },
    incident_reviewer: { in: "c", out: "c" },
    monitor: { in: "", out: "" },
  },
  incident_statistics: {
    administrator: { in: "r", out: "r" },
    coordinator: { in: "r", out: "r" },
    district_officer: { in: "r", out: "" },
    partner_editor: { in: "r", out: "" },
    viewer: { in: "r", out: "" },
    case_worker: { in: "r", out: "" },
    incident_reviewer: { in: "r", out: "" },
    monitor: { in: "", out: "" },
  },
  referral: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "rc", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "rcu", out: "" },
    incident_reviewer: { in: "r", out: "" },
    monitor: { in: "", out: "" },
  },
  service_provider: {
    administrator: { in: "rcud", out: "rcud" },
    coordinator: { in: "rcu", out: "rcu" },
    district_officer: { in: "r", out: "r" },
    partner_editor: { in: "r", out: "r" },
    viewer: { in: "r", out: "r" },
    case_worker: { in: "ru", out: "r" },
    incident_reviewer: { in: "r", out: "r" },
    monitor: { in: "r", out: "r" },
  },
};

describe("the incidents' resources, every cell", () => {
  const district = "11111111-1111-4111-8111-111111111111";
  const inScope = { organisationIds: [], districtIds: [district] };
  const elsewhere = { organisationIds: [], districtIds: ["22222222-2222-4222-8222-222222222222"] };
  const letters = { read: "r", create: "c", update: "u", delete: "d" } as const;
  for (const [resource, byRole] of Object.entries(INCIDENT_MATRIX)) {
    it.each(ROLES)(`${resource}: %s`, (role) => {
      const who = actorWith(role, "district");
      const expected = byRole[role];
      for (const action of ACTIONS) {
        const r = resource as Parameters<typeof isAllowed>[1];
        expect(isAllowed(who, r, action, inScope), `${action} in scope`).toBe(
          expected.in.includes(letters[action]),
        );
        expect(isAllowed(who, r, action, elsewhere), `${action} elsewhere`).toBe(
          expected.out.includes(letters[action]),
        );
      }
      // A national grant is in scope everywhere: what it may do in its district, it may do anywhere.
      const national = actorWith(role, "national");
      for (const action of ACTIONS)
        expect(isAllowed(national, resource as Parameters<typeof isAllowed>[1], action, elsewhere)).toBe(
          expected.in.includes(letters[action]),
        );
    });
  }
});

/**
 * Every cell of the monitoring resources, for an organisation-scoped grant (the monitoring body, or the addressee):
 * "in" = allowed on a record of the grant's organisation, "out" = on another organisation's record.
 */
const MONITORING_MATRIX: Record<string, Record<Role, { in: string; out: string }>> = {
  occupancy: {
    administrator: { in: "rcud", out: "rcud" },
    coordinator: { in: "rcu", out: "rcu" },
    district_officer: { in: "r", out: "r" },
    partner_editor: { in: "r", out: "r" },
    viewer: { in: "r", out: "r" },
    case_worker: { in: "r", out: "r" },
    incident_reviewer: { in: "r", out: "r" },
    monitor: { in: "rcud", out: "rcud" },
  },
  monitoring_visit: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "", out: "" },
    incident_reviewer: { in: "", out: "" },
    monitor: { in: "rcud", out: "" },
  },
  recommendation: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "", out: "" },
    incident_reviewer: { in: "", out: "" },
    monitor: { in: "rcud", out: "" },
  },
  recommendation_response: {
    administrator: { in: "", out: "" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "rcud", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "", out: "" },
    incident_reviewer: { in: "", out: "" },
    monitor: { in: "", out: "" },
  },
  monitoring_plan: {
    administrator: { in: "r", out: "r" },
    coordinator: { in: "", out: "" },
    district_officer: { in: "", out: "" },
    partner_editor: { in: "", out: "" },
    viewer: { in: "", out: "" },
    case_worker: { in: "", out: "" },
    incident_reviewer: { in: "", out: "" },
    monitor: { in: "rcud", out: "" },
  },
};

describe("the monitoring resources, every cell", () => {
  const organisation = "11111111-1111-4111-8111-111111111111";
  const inScope = { organisationIds: [organisation], districtIds: [] };
  const elsewhere = { organisationIds: ["22222222-2222-4222-8222-222222222222"], districtIds: [] };
  const letters = { read: "r", create: "c", update: "u", delete: "d" } as const;
  for (const [resource, byRole] of Object.entries(MONITORING_MATRIX)) {
    it.each(ROLES)(`${resource}: %s`, (role) => {
      const who = actorWith(role, "organisation");
      const expected = byRole[role];
      for (const action of ACTIONS) {
        const r = resource as Parameters<typeof isAllowed>[1];
        expect(isAllowed(who, r, action, inScope), `${action} in scope`).toBe(
          expected.in.includes(letters[action]),
        );
        expect(isAllowed(who, r, action, elsewhere), `${action} elsewhere`).toBe(
          expected.out.includes(letters[action]),
        );
      }
    });
  }
});
