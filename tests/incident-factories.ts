// Incidents, their persons, identities and consent records written straight into their tables (sealed columns through
// sealText, as the incidents service will), so that referral tests need not wait for the incidents service; and the
// districts and users those tests act in.
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../src/db/client";
import type { Grant } from "../src/kernel";
import { sealText } from "../src/modules/incidents/incident-seal";
import type {
  AgeGroup,
  ConsentPurpose,
  IncidentKind,
  IncidentStatus,
  PersonRole,
} from "../src/modules/incidents/incidents.schema";
import {
  incidentConsentTable,
  incidentPersonIdentityTable,
  incidentPersonTable,
  incidentTable,
} from "../src/modules/incidents/incidents.table";
import { placeTable } from "../src/modules/places/places.table";

export type ConsentFixture = {
  given?: boolean;
  givenOn: string;
  givenBy?: "person" | "guardian";
  purposes?: ConsentPurpose[];
  withdrawnOn?: string | null;
};

export type PersonFixture = {
  role?: PersonRole;
  ageGroup?: AgeGroup;
  sex?: "female" | "male" | "other" | "unknown";
  identity?: { name: string | null; contact: string | null };
  consents?: ConsentFixture[];
};

export type IncidentFixture = { id: string; persons: { id: string; code: string }[] };

/** A pseudonymous person code as the register writes them: P- and six letters or digits. */
const personCode = () => `P-${randomBytes(4).toString("hex").slice(0, 6).toUpperCase()}`;

/** The ids of these districts, by name (Musanze, Huye …), in the order given. */
export async function districtIds(db: Executor, ...names: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: placeTable.id, name: placeTable.name })
    .from(placeTable)
    .where(and(eq(placeTable.kind, "district"), inArray(placeTable.name, names)));
  return names.map((name) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`no district named ${name}`);
    return row.id;
  });
}

export async function addConsentFixture(
  db: Executor,
  personId: string,
  consent: ConsentFixture,
): Promise<string> {
  const [row] = await db
    .insert(incidentConsentTable)
    .values({
      personId,
      given: consent.given ?? true,
      method: "written",
      givenOn: consent.givenOn,
      givenBy: consent.givenBy ?? "person",
      guardianRelation: consent.givenBy === "guardian" ? "mother" : null,
      purposes: consent.purposes ?? ["referral"],
      recordedBy: "test",
      withdrawnOn: consent.withdrawnOn ?? null,
    })
    .returning({ id: incidentConsentTable.id });
  if (!row) throw new Error("consent insert returned no row");
  return row.id;
}

/** An incident in a district (or abroad when districtId is null), with its persons, identities and consents. */
export async function createIncidentFixture(
  db: Executor,
  options: {
    reportingOrganisationId: string;
    districtId: string | null;
    kind?: IncidentKind;
    status?: IncidentStatus;
    description?: string;
    persons?: PersonFixture[];
  },
): Promise<IncidentFixture> {
  const status = options.status ?? "open";
  const [incident] = await db
    .insert(incidentTable)
    .values({
      kind: options.kind ?? "trafficking",
      placeKind: options.districtId ? "district" : "unknown",
      placeId: options.districtId,
      districtId: options.districtId,
      reportingOrganisationId: options.reportingOrganisationId,
      status,
      closedOn: status === "closed" ? "2026-01-01" : null,
      closureReason: status === "closed" ? "resolved" : null,
    })
    .returning({ id: incidentTable.id });
  if (!incident) throw new Error("incident insert returned no row");
  await db
    .update(incidentTable)
    .set({ descriptionSealed: sealText("incident.description", incident.id, options.description ?? "") })
    .where(eq(incidentTable.id, incident.id));
  const persons: IncidentFixture["persons"] = [];
  for (const p of options.persons ?? [{}]) {
    const code = personCode();
    const [person] = await db
      .insert(incidentPersonTable)
      .values({
        incidentId: incident.id,
        code,
        role: p.role ?? "victim",
        sex: p.sex ?? "female",
        ageGroup: p.ageGroup ?? "18-24",
        nationality: "RW",
        disability: "none",
      })
      .returning({ id: incidentPersonTable.id });
    if (!person) throw new Error("person insert returned no row");
    if (p.identity)
      await db.insert(incidentPersonIdentityTable).values({
        personId: person.id,
        nameSealed: sealText("incident_person_identity.name", person.id, p.identity.name),
        contactSealed: sealText("incident_person_identity.contact", person.id, p.identity.contact),
      });
    for (const consent of p.consents ?? []) await addConsentFixture(db, person.id, consent);
    persons.push({ id: person.id, code });
  }
  return { id: incident.id, persons };
}

export const orgGrant = (role: Grant["role"], organisationId: string): Grant => ({
  role,
  scopeType: "organisation",
  scopeId: organisationId,
});

export const districtGrant = (role: Grant["role"], districtId: string): Grant => ({
  role,
  scopeType: "district",
  scopeId: districtId,
});
