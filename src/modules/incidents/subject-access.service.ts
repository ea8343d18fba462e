// The data protection law's right of access (law No 058/2021): everything the register holds about one person,
// found by their pseudonymous code, and who accessed the records it sits in. Only for a reader who may see the
// person's identity (the case holders of the incident); the export itself is audited.
import { type ServiceContext, todayOf } from "../../kernel";
import { AppError, notFound } from "../../shared/app-errors";
import { listAccesses, recordRead } from "../audit";
import { incidentScope } from "./incident-scope";
import { openText } from "./incident-seal";
import type { SubjectAccessExport } from "./incidents.schema";
import { loadAuthorisedIncident, maySeeIdentity, presentPerson } from "./incidents.service";
import {
  incidentReference,
  organisationNames,
  selectConsents,
  selectIdentities,
  selectPersonByCode,
  selectReferralsOfPerson,
} from "./incidents.store";

export async function exportSubjectAccess(ctx: ServiceContext, code: string): Promise<SubjectAccessExport> {
  const person = await selectPersonByCode(ctx.db, code);
  if (!person) throw notFound("The person");
  const { row, breakGlassUntil } = await loadAuthorisedIncident(ctx, person.incidentId, "read").catch(() => {
    throw notFound("The person");
  });
  if (breakGlassUntil || !maySeeIdentity(ctx.actor, incidentScope(row), false))
    throw new AppError("forbidden", "Only those who hold the case may export a person's data.");
  const [consents, identities] = await Promise.all([
    selectConsents(ctx.db, [person.id]),
    selectIdentities(ctx.db, [person.id]),
  ]);
  const names = await organisationNames(ctx.db, [
    ...new Set(consents.flatMap((c) => c.sharedWithOrganisationIds)),
  ]);
  const referrals = await selectReferralsOfPerson(ctx.db, person.id);
  const accesses = [
    ...(await listAccesses(ctx.db, "incident", row.id)).map((a) => ({
      record: incidentReference(row),
      ...a,
    })),
    ...(
      await Promise.all(
        referrals.map(async (r) =>
          (await listAccesses(ctx.db, "referral", r.id)).map((a) => ({ record: `referral ${r.id}`, ...a })),
        ),
      )
    ).flat(),
  ].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  await recordRead(ctx, {
    entityType: "incident_person",
    entityId: person.id,
    entityLabel: person.code,
    reason: "subject_access",
  });
  return {
    generatedAt: new Date().toISOString(),
    person: presentPerson(person, consents, identities.get(person.id), true, names, todayOf(ctx)),
    incident: {
      reference: incidentReference(row),
      kind: row.kind,
      occurredOn: row.occurredOn,
      placeName: row.placeName,
      districtName: row.districtName,
      countryCode: row.countryCode,
      reportingOrganisationName: row.reportingOrganisationName,
      status: row.status,
      description: row.anonymisedAt ? null : openText("incident.description", row.id, row.descriptionSealed),
    },
    referrals: referrals.map((r) => ({
      id: r.id,
      service: r.service,
      status: r.status,
      referredOn: r.referred_on,
      providerName: r.provider_name,
      consentBasis: r.consent_basis,
    })),
    accesses: accesses.map((a) => ({
      record: a.record,
      at: a.occurredAt,
      actorLabel: a.actorLabel,
      action: a.action,
      reason: a.reason,
    })),
  };
}
