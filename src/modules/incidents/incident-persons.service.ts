// The persons in an incident (victims, alleged perpetrators, witnesses) and their consent records: added, changed and
// removed with the incident's rights, names and contacts only by those who hold the case, every write audited by
// code, never by name.
import type { Executor } from "../../db/client";
import {
  type Actor,
  addChild,
  type ChildDefinition,
  changeChild,
  inTransaction,
  isAllowed,
  type ParentRecord,
  removeChild,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { AppError, conflict, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { incidentScope } from "./incident-scope";
import {
  ConsentInputSchema,
  ConsentWithdrawalSchema,
  isUnder16,
  type Person,
  PersonInputSchema,
  PersonPatchSchema,
} from "./incidents.schema";
import {
  loadAuthorisedIncident,
  maySeeIdentity,
  newPersonValues,
  personSnapshot,
  presentPerson,
  writeIdentity,
} from "./incidents.service";
import {
  deletePersonRow,
  type IncidentRow,
  incidentReference,
  insertConsent,
  insertPersons,
  organisationNames,
  type PersonRow,
  personHasReferrals,
  selectConsents,
  selectIdentities,
  selectPerson,
  touchPerson,
  updatePersonRow,
  withdrawConsentRow,
} from "./incidents.store";

type IncidentParent = ParentRecord & { row: IncidentRow };

const personChild: ChildDefinition<IncidentParent, PersonRow> = {
  parentEntityType: "incident",
  entityType: "incident_person",
  notFoundLabel: "The person",
  parentKey: "incidentId",
  async loadParent(db, actor, id) {
    const { row } = await loadAuthorisedIncident({ db, actor }, id, "update");
    if (row.anonymisedAt !== null) throw conflict("This incident was anonymised: it can no longer change.");
    return { id: row.id, label: incidentReference(row), row };
  },
  loadChild: (db, parent, childId, options) => selectPerson(db, parent.id, childId, options),
  label: (p) => p.code,
  // Codes and profile only: the identity lives apart and never reaches the log.
  snapshot: (p) => personSnapshot(p),
  historyKey: "person",
  historyLine: (p) => ({ code: p.code, role: p.role }),
};

function assertIdentityWritable(actor: Actor, row: IncidentRow, path: string): void {
  if (isAllowed(actor, "incident_identity", "update", incidentScope(row))) return;
  const message = "Your role does not allow writing names or contacts.";
  throw new AppError("forbidden", message, [{ path, message, in: "body" }]);
}

async function presentOne(ctx: ServiceContext, row: IncidentRow, person: PersonRow): Promise<Person> {
  const withIdentity = maySeeIdentity(ctx.actor, incidentScope(row), false);
  const consents = await selectConsents(ctx.db, [person.id]);
  const identities = withIdentity ? await selectIdentities(ctx.db, [person.id]) : new Map();
  const names = await organisationNames(ctx.db, [
    ...new Set(consents.flatMap((c) => c.sharedWithOrganisationIds)),
  ]);
  return presentPerson(person, consents, identities.get(person.id), withIdentity, names, todayOf(ctx));
}

export async function addPerson(ctx: ServiceContext, incidentId: string, input: unknown): Promise<Person> {
  const values = parseInput(PersonInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    let parentRow: IncidentRow | null = null;
    const added = await addChild(tx, personChild, incidentId, async (inner, parent) => {
      parentRow = parent.row;
      const identity = values.identity;
      if (identity && ((identity.name ?? "") !== "" || (identity.contact ?? "") !== ""))
        assertIdentityWritable(inner.actor, parent.row, "identity");
      const row = newPersonValues(values);
      await insertPersons(inner.db, parent.id, [row]);
      if (identity) await writeIdentity(inner.db, row.id, identity);
      return row.id;
    });
    if (!parentRow) throw notFound("The incident");
    return presentOne(tx, parentRow, added);
  });
}

export async function updatePerson(
  ctx: ServiceContext,
  incidentId: string,
  personId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Person> {
  const changes = parseInput(PersonPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    let parentRow: IncidentRow | null = null;
    const updated = await changeChild(
      tx,
      personChild,
      incidentId,
      personId,
      expectedVersion,
      async (inner, current, parent) => {
        parentRow = parent.row;
        if (changes.identity !== undefined) assertIdentityWritable(inner.actor, parent.row, "identity");
        const role = changes.role ?? current.role;
        if (changes.perpetratorType && role !== "perpetrator")
          throw invalid([
            {
              path: "perpetratorType",
              message: "Only an alleged perpetrator has a perpetrator type.",
              in: "body",
            },
          ]);
        if (changes.identity !== undefined) await writeIdentity(inner.db, personId, changes.identity);
        return updatePersonRow(inner.db, personId, expectedVersion, {
          role,
          perpetratorType:
            role === "perpetrator" ? (changes.perpetratorType ?? current.perpetratorType ?? "unknown") : null,
          sex: changes.sex ?? current.sex,
          ageGroup: changes.ageGroup ?? current.ageGroup,
          nationality: changes.nationality !== undefined ? changes.nationality : current.nationality,
          disability: changes.disability ?? current.disability,
        });
      },
    );
    if (!parentRow) throw notFound("The incident");
    return presentOne(tx, parentRow, updated);
  });
}

/** Removes a person recorded by mistake, with their identity and consents; not one a referral was made for. */
export async function removePerson(
  ctx: ServiceContext,
  incidentId: string,
  personId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, personChild, incidentId, personId, expectedVersion, async (tx, current) => {
    if (await personHasReferrals(tx.db, current.id))
      throw conflict("A referral was made for this person: the person stays with the incident.");
    await deletePersonRow(tx.db, current.id);
    return true;
  });
}

async function loadPersonForConsent(
  db: Executor,
  actor: Actor,
  incidentId: string,
  personId: string,
): Promise<{ row: IncidentRow; person: PersonRow }> {
  const { row } = await loadAuthorisedIncident({ db, actor }, incidentId, "update");
  if (row.anonymisedAt !== null) throw conflict("This incident was anonymised: it can no longer change.");
  const person = await selectPerson(db, incidentId, personId, { forUpdate: true });
  if (!person) throw notFound("The person");
  return { row, person };
}

/**
 * Records a consent (or a refusal) as given: how, when, by whom, for what. Records are appended, never edited, so
 * what was allowed on a past day can always be shown. A child under 16 is answered for by a guardian.
 */
export async function recordConsent(
  ctx: ServiceContext,
  incidentId: string,
  personId: string,
  input: unknown,
): Promise<Person> {
  const values = parseInput(ConsentInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const { row, person } = await loadPersonForConsent(tx.db, tx.actor, incidentId, personId);
    if (values.givenOn > todayOf(tx))
      throw invalid([
        { path: "givenOn", message: "A consent cannot be recorded for a day still to come.", in: "body" },
      ]);
    if (values.given && isUnder16(person.ageGroup) && values.givenBy !== "guardian")
      throw invalid([
        {
          path: "givenBy",
          message:
            "This person is under 16: a parent or guardian gives the consent (law No 058/2021, article 9).",
          in: "body",
        },
      ]);
    const shared = await organisationNames(tx.db, values.sharedWithOrganisationIds);
    const unknown = values.sharedWithOrganisationIds.findIndex((id) => !shared.has(id));
    if (unknown >= 0)
      throw invalid([
        { path: `sharedWithOrganisationIds.${unknown}`, message: "No organisation has this id.", in: "body" },
      ]);
    const consentId = await insertConsent(tx.db, {
      personId,
      given: values.given,
      method: values.method,
      givenOn: values.givenOn,
      givenBy: values.givenBy,
      guardianRelation: values.givenBy === "guardian" ? (values.guardianRelation ?? null) : null,
      purposes: values.purposes,
      sharedWithOrganisationIds: values.sharedWithOrganisationIds,
      recordedBy: tx.actor.label,
      recordedByUserId: tx.actor.kind === "user" ? tx.actor.userId : null,
    });
    await touchPerson(tx.db, personId);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: "incident_consent",
      entityId: consentId,
      entityLabel: person.code,
      before: null,
      after: {
        incidentId,
        personCode: person.code,
        given: values.given,
        method: values.method,
        givenOn: values.givenOn,
        givenBy: values.givenBy,
        purposes: values.purposes,
        sharedWithOrganisationIds: values.sharedWithOrganisationIds,
      },
    });
    const updated = await selectPerson(tx.db, incidentId, personId);
    if (!updated) throw notFound("The person");
    return presentOne(tx, row, updated);
  });
}

/** Withdraws a consent from a day on (today or later; never before, which would undo what was done with it). */
export async function withdrawConsent(
  ctx: ServiceContext,
  incidentId: string,
  personId: string,
  consentId: string,
  input: unknown,
): Promise<Person> {
  const { withdrawnOn } = parseInput(ConsentWithdrawalSchema, input);
  return inTransaction(ctx, async (tx) => {
    const { row, person } = await loadPersonForConsent(tx.db, tx.actor, incidentId, personId);
    const today = todayOf(tx);
    if (withdrawnOn < today)
      throw invalid([
        {
          path: "withdrawnOn",
          message:
            "A withdrawal takes effect from the day it is made, not before: what was done with the consent stands.",
          in: "body",
        },
      ]);
    const consent = (await selectConsents(tx.db, [personId])).find((c) => c.id === consentId);
    if (!consent) throw notFound("The consent");
    if (!consent.given) throw conflict("This record is a refusal: there is nothing to withdraw.");
    if (!(await withdrawConsentRow(tx.db, personId, consentId, withdrawnOn)))
      throw conflict("This consent was already withdrawn.");
    await touchPerson(tx.db, personId);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: "incident_consent",
      entityId: consentId,
      entityLabel: person.code,
      before: { withdrawnOn: null },
      after: { withdrawnOn },
    });
    const updated = await selectPerson(tx.db, incidentId, personId);
    if (!updated) throw notFound("The person");
    return presentOne(tx, row, updated);
  });
}
