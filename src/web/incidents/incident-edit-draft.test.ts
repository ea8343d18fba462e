// The drafts of the incident page's correction forms: a saved incident's facts and persons, and what a correction sends.
import { describe, expect, it } from "vitest";
import type { Incident, Person } from "../../modules/incidents/incidents.schema";
import {
  incidentDraftOf,
  incidentPatchFrom,
  personDraftOf,
  personPatchOf,
  validateIncidentFacts,
  validatePersonDraft,
} from "./incident-draft";

const cso = "7e2f4a10-5b6c-4d7e-8f90-1a2b3c4d5e6f";
const musanze = "4d1c0a3e-1c2b-4f8e-9a51-0b6f2f1e7a01";
const prison = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

const person = (over: Partial<Person> = {}): Person => ({
  id: "p1",
  code: "P-7K3Q9M",
  role: "victim",
  perpetratorType: null,
  sex: "male",
  ageGroup: "25-59",
  nationality: "RW",
  disability: "unknown",
  identity: { name: "Canary Nkurunziza", contact: null },
  consents: [],
  consentInForce: { referral: false, sharing: false, statistics: false },
  version: 3,
  ...over,
});

// Only the fields the drafts read; the rest of an answer does not matter here.
const saved = {
  id: "i1",
  kind: "hindrance_to_justice",
  occurredOn: "2026-03",
  placeKind: "detention",
  placeId: prison,
  districtId: musanze,
  countryCode: null,
  description: "Held 11 days without a lawyer.",
  reportingOrganisationId: cso,
  trafficking: null,
  persons: [person()],
} as unknown as Incident;

describe("correcting a saved incident", () => {
  it("opens on the saved facts, the district of a place of detention picked, with no person rows", () => {
    expect(incidentDraftOf(saved)).toMatchObject({
      kind: "hindrance_to_justice",
      occurredOn: "2026-03",
      placeKind: "detention",
      districtId: musanze,
      placeId: prison,
      description: "Held 11 days without a lawyer.",
      persons: [],
    });
  });

  it("sends the facts without persons or reporting organisation, the place the kind asks for", () => {
    const draft = { ...incidentDraftOf(saved), occurredOn: "2026-03-04", placeKind: "district" as const };
    expect(validateIncidentFacts(draft)).toEqual([]);
    const patch = incidentPatchFrom(draft);
    expect(patch).toMatchObject({ occurredOn: "2026-03-04", placeKind: "district", placeId: musanze });
    expect(Object.keys(patch)).not.toContain("persons");
    expect(Object.keys(patch)).not.toContain("reportingOrganisationId");
  });

  it("keeps a trafficking case's details as they were when only the date is corrected, and drops them with the kind", () => {
    const trafficking = {
      exploitationTypes: ["ForcedLabour"],
      recruitmentMethods: ["AtWork"],
      controlMethods: ["PhysicalThreats"],
      events: [
        { type: "Recruitment", countryCode: "RW", districtId: musanze, date: "2026-01" },
        { type: "Exploitation", countryCode: "OM", districtId: null, date: null },
      ],
    };
    const abroad = {
      ...saved,
      kind: "trafficking",
      placeKind: "abroad",
      placeId: null,
      districtId: null,
      countryCode: "OM",
      trafficking,
    } as unknown as Incident;
    const draft = { ...incidentDraftOf(abroad), occurredOn: "2026-02" };
    expect(validateIncidentFacts(draft)).toEqual([]);
    expect(incidentPatchFrom(draft)).toMatchObject({
      occurredOn: "2026-02",
      placeKind: "abroad",
      placeId: null,
      countryCode: "OM",
      trafficking,
    });
    expect(incidentPatchFrom({ ...draft, kind: "human_rights_abuse" }).trafficking).toBeNull();
  });

  it("names an emptied description and a sector not chosen", () => {
    const draft = { ...incidentDraftOf(saved), description: " ", placeKind: "sector" as const, placeId: "" };
    expect(validateIncidentFacts(draft).map((e) => e.path)).toEqual(
      expect.arrayContaining(["description", "placeId"]),
    );
  });
});

describe("changing a saved person", () => {
  it("sends the profile, and the identity only when it changed and the user may write it", () => {
    const before = person();
    const draft = { ...personDraftOf(before), ageGroup: "18-24" as const };
    expect(personPatchOf(draft, before, true)).toEqual({
      role: "victim",
      perpetratorType: null,
      sex: "male",
      ageGroup: "18-24",
      nationality: "RW",
      disability: "unknown",
    });
    const renamed = { ...draft, contact: "+250 788 000 000" };
    expect(personPatchOf(renamed, before, true).identity).toEqual({
      name: "Canary Nkurunziza",
      contact: "+250 788 000 000",
    });
    // Without the permission the key is left out, whatever the draft holds.
    expect(Object.keys(personPatchOf(renamed, before, false))).not.toContain("identity");
  });

  it("drops the perpetrator type of anyone but an alleged perpetrator", () => {
    const draft = { ...personDraftOf(person()), perpetratorType: "state_agent" as const };
    expect(personPatchOf(draft, person(), false).perpetratorType).toBeNull();
    const paths = validatePersonDraft({ ...draft, nationality: "RWA" }, false).map((e) => e.path);
    expect([...new Set(paths)]).toEqual(["nationality"]);
  });
});
