// Every cell of the policy table's district_meeting and meeting_action_item rows, through the scopes a meeting and
// its action items have.
import { describe, expect, it } from "vitest";
import { ACTIONS, type Actor, isAllowed, type Role } from "../../kernel";
import { actionItemScope, meetingScope } from "./meeting-scope";

const MUSANZE = "11111111-1111-4111-8111-111111111111";
const HUYE = "22222222-2222-4222-8222-222222222222";
const JADF_ORG = "33333333-3333-4333-8333-333333333333";
const LATE_ORG = "44444444-4444-4444-8444-444444444444";
const OTHER_ORG = "55555555-5555-4555-8555-555555555555";

const meeting = meetingScope({
  districtId: MUSANZE,
  bodyOrganisationId: JADF_ORG,
  organisationIds: [LATE_ORG],
});

function actor(
  role: Role,
  scopeType: "national" | "district" | "organisation",
  scopeId: string | null,
): Actor {
  return {
    kind: "user",
    userId: "u",
    label: "Test",
    organisationIds: [],
    grants: [{ role, scopeType, scopeId }],
  };
}

const cases: [string, Actor, Record<(typeof ACTIONS)[number], boolean>][] = [
  [
    "administrator",
    actor("administrator", "national", null),
    { read: true, create: true, update: true, delete: true },
  ],
  [
    "coordinator",
    actor("coordinator", "national", null),
    { read: true, create: true, update: true, delete: true },
  ],
  [
    "Musanze officer",
    actor("district_officer", "district", MUSANZE),
    { read: true, create: true, update: true, delete: true },
  ],
  [
    "Huye officer",
    actor("district_officer", "district", HUYE),
    { read: false, create: false, update: false, delete: false },
  ],
  [
    "editor of the late organisation",
    actor("partner_editor", "organisation", LATE_ORG),
    { read: true, create: false, update: false, delete: false },
  ],
  [
    "editor of the JADF",
    actor("partner_editor", "organisation", JADF_ORG),
    { read: true, create: false, update: false, delete: false },
  ],
  [
    "editor of another organisation",
    actor("partner_editor", "organisation", OTHER_ORG),
    { read: false, create: false, update: false, delete: false },
  ],
  ["viewer", actor("viewer", "national", null), { read: false, create: false, update: false, delete: false }],
];

describe("who may do what with a district meeting", () => {
  it.each(cases)("%s", (_name, who, expected) => {
    for (const action of ACTIONS)
      expect(isAllowed(who, "district_meeting", action, meeting), action).toBe(expected[action]);
  });
});

// An action item of that meeting owned by the late organisation: its status, changed on its own.
const item = actionItemScope({ districtId: MUSANZE }, { ownerOrganisationId: LATE_ORG });
const none = { read: false, create: false, update: false, delete: false };
const statusCases: [string, Actor, Record<(typeof ACTIONS)[number], boolean>][] = [
  ["administrator", actor("administrator", "national", null), { ...none, update: true }],
  ["coordinator", actor("coordinator", "national", null), { ...none, update: true }],
  ["Musanze officer", actor("district_officer", "district", MUSANZE), { ...none, update: true }],
  ["Huye officer", actor("district_officer", "district", HUYE), none],
  [
    "editor of the owner organisation",
    actor("partner_editor", "organisation", LATE_ORG),
    { ...none, update: true },
  ],
  ["editor of the JADF", actor("partner_editor", "organisation", JADF_ORG), none],
  ["editor of another organisation", actor("partner_editor", "organisation", OTHER_ORG), none],
  ["viewer", actor("viewer", "national", null), none],
];

describe("who may change the status of a meeting's action item", () => {
  it.each(statusCases)("%s", (_name, who, expected) => {
    for (const action of ACTIONS)
      expect(isAllowed(who, "meeting_action_item", action, item), action).toBe(expected[action]);
  });
});
