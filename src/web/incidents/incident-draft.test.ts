import { describe, expect, it } from "vitest";
import {
  emptyEvent,
  emptyIncidentDraft,
  emptyPerson,
  errorsNotBesideAField,
  type IncidentDraft,
  incidentInputFrom,
  validateIncidentDraft,
} from "./incident-draft";

const cso = "7e2f4a10-5b6c-4d7e-8f90-1a2b3c4d5e6f";
const musanze = "4d1c0a3e-1c2b-4f8e-9a51-0b6f2f1e7a01";
const sector = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

const hindrance = (): IncidentDraft => ({
  ...emptyIncidentDraft(cso),
  kind: "hindrance_to_justice",
  occurredOn: "2026-03",
  placeKind: "district",
  districtId: musanze,
  description: "  Held at the station for 9 days without a lawyer.  ",
  persons: [{ ...emptyPerson(), name: "Canary Mukamana", contact: "+250 788 000 000", ageGroup: "25-59" }],
});

describe("the incident form's draft", () => {
  it("sends the district itself as the place of a district, trimmed texts and the schema's defaults", () => {
    const input = incidentInputFrom(hindrance(), true);
    expect(input).toMatchObject({
      kind: "hindrance_to_justice",
      occurredOn: "2026-03",
      placeKind: "district",
      placeId: musanze,
      countryCode: null,
      description: "Held at the station for 9 days without a lawyer.",
      trafficking: null,
    });
    expect(input.persons[0]?.identity).toEqual({ name: "Canary Mukamana", contact: "+250 788 000 000" });
  });

  it("leaves the identity key out for a user who may not record names, and for a person without one", () => {
    const withoutPermission = incidentInputFrom(hindrance(), false);
    expect(withoutPermission.persons[0]).not.toHaveProperty("identity");
    const nameless = incidentInputFrom({ ...hindrance(), persons: [emptyPerson("witness")] }, true);
    expect(nameless.persons[0]).not.toHaveProperty("identity");
  });

  it("keeps trafficking details only for a trafficking case, and a district only for events in Rwanda", () => {
    const draft: IncidentDraft = {
      ...hindrance(),
      kind: "trafficking",
      exploitationTypes: ["ForcedLabour"],
      controlMethods: ["WithholdsDocuments", "DebtBondage"],
      events: [
        { ...emptyEvent("Recruitment"), districtId: musanze, date: "2025-11" },
        { ...emptyEvent("Exploitation"), countryCode: "om", districtId: musanze },
      ],
    };
    expect(incidentInputFrom(draft, true).trafficking).toEqual({
      exploitationTypes: ["ForcedLabour"],
      recruitmentMethods: [],
      controlMethods: ["WithholdsDocuments", "DebtBondage"],
      events: [
        { type: "Recruitment", countryCode: "RW", districtId: musanze, date: "2025-11" },
        { type: "Exploitation", countryCode: "OM", districtId: null, date: null },
      ],
    });
    // Chosen, then the kind changed: nothing of it is sent.
    expect(incidentInputFrom({ ...draft, kind: "human_rights_abuse" }, true).trafficking).toBeNull();
  });

  it("names the fields to fix with the server's paths", () => {
    const paths = (d: IncidentDraft) => validateIncidentDraft(d, true).map((e) => e.path);
    expect(paths(emptyIncidentDraft(cso))).toEqual(
      expect.arrayContaining(["kind", "description", "placeId"]),
    );
    expect(paths({ ...hindrance(), placeKind: "sector", placeId: "" })).toEqual(["placeId"]);
    expect(paths({ ...hindrance(), placeKind: "sector", placeId: sector })).toEqual([]);
    expect(paths({ ...hindrance(), placeKind: "abroad" })).toEqual(["countryCode"]);
    expect(paths({ ...hindrance(), occurredOn: "2026--14" })).toEqual(["occurredOn"]);
    const tooLong = { ...hindrance(), persons: [{ ...emptyPerson(), name: "x".repeat(201) }] };
    expect(paths(tooLong)).toEqual(["persons.0.identity.name"]);
    expect(validateIncidentDraft(hindrance(), true)).toEqual([]);
  });

  it("lists on top only the errors no field shows", () => {
    const errors = [
      { path: "placeId", message: "" },
      { path: "persons.1.identity", message: "" },
      { path: "trafficking.events.0.districtId", message: "" },
      { path: "persons", message: "" },
      { path: "submissionId", message: "" },
      { path: "status", message: "" },
    ];
    expect(errorsNotBesideAField(errors, true).map((e) => e.path)).toEqual(["persons", "status"]);
    expect(errorsNotBesideAField(errors, false).map((e) => e.path)).toEqual([
      "persons.1.identity",
      "persons",
      "status",
    ]);
  });
});
