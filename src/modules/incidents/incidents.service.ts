// Confidential incidents: record one with the persons in it, read it (every read audited), change its facts and
// status, and open one outside one's scope in an emergency (break-the-glass). Names and contacts are loaded only
// for a reader with the identity permission; free texts are sealed at rest.
import { createHash, randomUUID } from "node:crypto";
import type { Executor } from "../../db/client";
import {
  type Action,
  type Actor,
  assertAllowed,
  assertAllowedOnResource,
  assertChangeStaysInScope,
  assertVersion,
  inTransaction,
  isAllowed,
  listScope,
  nowOf,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { AppError, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { activeBreakGlass, openBreakGlass } from "../access";
import { listAccesses, recordChange, recordRead } from "../audit";
import { consentFor } from "./consent-rules";
import { incidentScope } from "./incident-scope";
import { openText, sealText } from "./incident-seal";
import {
  type AccessLogEntry,
  type Incident,
  IncidentInputSchema,
  type IncidentList,
  type IncidentListQuery,
  IncidentPatchSchema,
  type LinkableSubmissions,
  type LinkedSubmission,
  type Person,
  type PersonInput,
} from "./incidents.schema";
import {
  type ConsentRow,
  type IncidentRow,
  type IncidentValues,
  incidentReference,
  insertIncident,
  insertPersons,
  type LinkedSubmissionRow,
  organisationExists,
  organisationNames,
  type PersonRow,
  selectAttachments,
  selectConsents,
  selectIdentities,
  selectIncident,
  selectIncidents,
  selectLinkedSubmission,
  selectPersons,
  selectPlaceFacts,
  selectSubmissionsOfOrganisation,
  submissionOrganisation,
  summaryOf,
  updateIncidentRow,
  upsertIdentity,
} from "./incidents.store";
import { newPersonCode } from "./person-code";
import { selectOpenReferralCounts, selectReferralIdsOfIncident } from "./referrals.store";

export const ENTITY = "incident";
export const INCIDENT_LABEL = "The incident";

/** How the reader reached the record: through a grant, or through an open break-the-glass exception. */
export type IncidentAccess = { row: IncidentRow; breakGlassUntil: Date | null };

/**
 * Loads an incident and checks the actor may do `action` on it: 404 outside scope (never 403, which would confirm
 * that it exists). A read may also go through an open break-the-glass exception of this user for this incident.
 */
export async function loadAuthorisedIncident(
  ctx: ServiceContext,
  id: string,
  action: Action,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentAccess> {
  const row = await selectIncident(ctx.db, id, { forUpdate: options.forUpdate ?? action !== "read" });
  if (!row) throw notFound(INCIDENT_LABEL);
  const scope = incidentScope(row);
  if (action === "read" && !isAllowed(ctx.actor, ENTITY, "read", scope) && ctx.actor.kind === "user") {
    const exception = await activeBreakGlass(ctx.db, {
      userId: ctx.actor.userId,
      entityType: ENTITY,
      entityId: id,
      now: nowOf(ctx),
    });
    if (exception) return { row, breakGlassUntil: new Date(exception.expiresAt) };
  }
  assertAllowed(ctx.actor, ENTITY, action, scope, INCIDENT_LABEL);
  return { row, breakGlassUntil: null };
}

/** May this reader see names and contacts here? With the permission in scope, or through break-the-glass. */
export const maySeeIdentity = (actor: Actor, scope: RecordScope, breakGlass: boolean) =>
  breakGlass || isAllowed(actor, "incident_identity", "read", scope);

/** A person as a reader sees them: the identity key only when `withIdentity`, consent as recorded. */
export function presentPerson(
  row: PersonRow,
  consents: readonly ConsentRow[],
  identity: { nameSealed: string | null; contactSealed: string | null } | undefined | null,
  withIdentity: boolean,
  sharedNames: ReadonlyMap<string, string>,
  today: string,
): Person {
  const mine = consents.filter((c) => c.personId === row.id);
  const records = mine.map((c) => ({ ...c, recordedAt: c.recordedAt.toISOString() }));
  const inForce = (purpose: "referral" | "sharing" | "statistics") =>
    consentFor(records, purpose, row.ageGroup, today).allowed;
  const person: Person = {
    id: row.id,
    code: row.code,
    role: row.role,
    perpetratorType: row.perpetratorType,
    sex: row.sex,
    ageGroup: row.ageGroup,
    nationality: row.nationality,
    disability: row.disability,
    consents: records.map((c) => ({
      id: c.id,
      given: c.given,
      method: c.method,
      givenOn: c.givenOn,
      givenBy: c.givenBy,
      guardianRelation: c.guardianRelation,
      purposes: c.purposes,
      sharedWith: c.sharedWithOrganisationIds.map((id) => ({ id, name: sharedNames.get(id) ?? id })),
      recordedBy: c.recordedBy,
      withdrawnOn: c.withdrawnOn,
    })),
    consentInForce: {
      referral: inForce("referral"),
      sharing: inForce("sharing"),
      statistics: inForce("statistics"),
    },
    version: row.version,
  };
  if (withIdentity) {
    person.identity = {
      name: openText("incident_person_identity.name", row.id, identity?.nameSealed ?? null),
      contact: openText("incident_person_identity.contact", row.id, identity?.contactSealed ?? null),
    };
  }
  return person;
}

async function present(ctx: ServiceContext, access: IncidentAccess): Promise<Incident> {
  const { row, breakGlassUntil } = access;
  const scope = incidentScope(row);
  const withIdentity = maySeeIdentity(ctx.actor, scope, breakGlassUntil !== null);
  const persons = await selectPersons(ctx.db, row.id);
  const ids = persons.map((p) => p.id);
  const [consents, identities, attachments, openReferrals, submission] = await Promise.all([
    selectConsents(ctx.db, ids),
    withIdentity ? selectIdentities(ctx.db, ids) : Promise.resolve(new Map()),
    selectAttachments(ctx.db, row.id),
    selectOpenReferralCounts(ctx.db, [row.id]),
    row.submissionId ? selectLinkedSubmission(ctx.db, row.submissionId) : Promise.resolve(null),
  ]);
  const sharedNames = await organisationNames(ctx.db, [
    ...new Set(consents.flatMap((c) => c.sharedWithOrganisationIds)),
  ]);
  const today = todayOf(ctx);
  const incident: Incident = {
    ...summaryOf(row),
    victims: persons.filter((p) => p.role === "victim").length,
    openReferrals: openReferrals.get(row.id) ?? 0,
    placeId: row.placeId,
    closureReason: row.closureReason,
    closedOn: row.closedOn,
    legalHold: row.legalHold,
    submissionId: row.submissionId,
    submission: submission ? linkedSubmission(ctx.actor, submission) : null,
    trafficking: row.trafficking,
    persons: persons.map((p) =>
      presentPerson(p, consents, identities.get(p.id), withIdentity, sharedNames, today),
    ),
    attachments,
    can: {
      update: breakGlassUntil === null && isAllowed(ctx.actor, ENTITY, "update", scope),
      seeIdentity: withIdentity,
      refer: breakGlassUntil === null && isAllowed(ctx.actor, "referral", "create", scope),
      overrideConsent: isAllowed(ctx.actor, "incident_consent_override", "create", scope),
      readAccessLog: breakGlassUntil === null,
    },
    breakGlassUntil: breakGlassUntil?.toISOString() ?? null,
  };
  if (row.anonymisedAt === null)
    incident.description = openText("incident.description", row.id, row.descriptionSealed) ?? "";
  return incident;
}

/** A periodic report as an incident shows it; a link to the report itself only for those who may open it. */
function linkedSubmission(actor: Actor, s: LinkedSubmissionRow): LinkedSubmission {
  const scope = { organisationIds: [s.organisationId], districtIds: [] };
  return {
    id: s.id,
    period: s.period,
    status: s.status,
    canRead:
      isAllowed(actor, "submission", "read", scope) || isAllowed(actor, "submission_review", "read", scope),
  };
}

/**
 * The reporting organisation's periodic reports an incident may be linked to, for those who record or correct its
 * incidents: an organisation's staff for their own, a district's case workers for any reporting in their district
 * (the incident's own check then places it). Periods and states only, never a report's content.
 */
export async function listLinkableSubmissions(
  ctx: ServiceContext,
  organisationId: string,
): Promise<LinkableSubmissions> {
  const scope = listScope(ctx.actor, ENTITY, "create");
  const may = scope.all || scope.organisationIds.includes(organisationId) || scope.districtIds.length > 0;
  if (!may) throw new AppError("forbidden", "Your role does not allow this action.");
  if (!(await organisationExists(ctx.db, organisationId)))
    throw invalid([{ path: "organisationId", message: "No organisation has this id.", in: "query" }]);
  const rows = await selectSubmissionsOfOrganisation(ctx.db, organisationId);
  return { items: rows.map((r) => linkedSubmission(ctx.actor, r)) };
}

/** What an incident's audit entries keep: facts, never the description, a name or a contact. */
const sealedFingerprint = (sealed: string) => createHash("sha256").update(sealed).digest("hex").slice(0, 12);

export function incidentSnapshot(row: IncidentRow): Record<string, unknown> {
  return {
    kind: row.kind,
    occurredOn: row.occurredOn,
    placeKind: row.placeKind,
    placeId: row.placeId,
    districtId: row.districtId,
    countryCode: row.countryCode,
    reportingOrganisationId: row.reportingOrganisationId,
    submissionId: row.submissionId,
    trafficking: row.trafficking,
    status: row.status,
    closureReason: row.closureReason,
    closedOn: row.closedOn,
    legalHold: row.legalHold,
    // Never the text: a fingerprint of its sealed form, so a change of the description alone is an audited change
    // too. The sealed form is re-made only when the text changes, and its random nonce makes the fingerprint say
    // nothing of the text.
    description: row.descriptionSealed === null ? null : `sealed ${sealedFingerprint(row.descriptionSealed)}`,
    version: row.version,
  };
}

async function audit(
  db: Executor,
  actor: Actor,
  action: "create" | "update",
  before: IncidentRow | null,
  after: IncidentRow,
): Promise<void> {
  await recordChange(db, actor, {
    action,
    entityType: ENTITY,
    entityId: after.id,
    entityLabel: incidentReference(after),
    before: before ? incidentSnapshot(before) : null,
    after: incidentSnapshot(after),
  });
}

export async function listIncidents(ctx: ServiceContext, query: IncidentListQuery): Promise<IncidentList> {
  const list = await selectIncidents(ctx.db, query, listScope(ctx.actor, ENTITY));
  // A search is a read too (who looked for what, and which records it showed): one row, ids only.
  await recordRead(ctx, {
    entityType: "incident_list",
    entityId: "search",
    entityLabel: `${list.items.length} of ${list.total}`,
    reason: JSON.stringify({
      filters: { kind: query.kind, status: query.status, districtId: query.districtId, offset: query.offset },
      shown: list.items.map((item) => item.reference),
    }),
  });
  return list;
}

export async function getIncident(ctx: ServiceContext, id: string): Promise<Incident> {
  const access = await loadAuthorisedIncident(ctx, id, "read");
  const incident = await present(ctx, access);
  await recordRead(ctx, {
    entityType: ENTITY,
    entityId: id,
    entityLabel: incident.reference,
    ...(access.breakGlassUntil ? { reason: "break_glass" } : {}),
  });
  return incident;
}

type PlaceResolution = { placeId: string | null; districtId: string | null; countryCode: string | null };

const PLACE_KIND_OF: Record<string, string> = {
  sector: "sector",
  district: "district",
  detention: "place_of_detention",
};

async function resolvePlace(
  db: Executor,
  input: { placeKind: string; placeId?: string | null; countryCode?: string | null },
): Promise<PlaceResolution> {
  if (input.placeKind === "abroad")
    return { placeId: null, districtId: null, countryCode: input.countryCode ?? null };
  if (input.placeKind === "unknown") return { placeId: null, districtId: null, countryCode: null };
  const facts = input.placeId ? await selectPlaceFacts(db, input.placeId) : null;
  if (!facts || facts.kind !== PLACE_KIND_OF[input.placeKind])
    throw invalid([
      {
        path: "placeId",
        message: `No ${input.placeKind.replace("detention", "place of detention")} has this id.`,
        in: "body",
      },
    ]);
  return { placeId: facts.id, districtId: facts.districtId, countryCode: null };
}

/** 403 naming each identity field the actor may not write here (the whole request is refused, nothing written). */
function assertIdentityWritable(actor: Actor, scope: RecordScope, paths: string[]): void {
  if (paths.length === 0 || isAllowed(actor, "incident_identity", "create", scope)) return;
  throw new AppError(
    "forbidden",
    "Your role does not allow writing names or contacts.",
    paths.map((path) => ({
      path,
      message: "Your role does not allow writing names or contacts.",
      in: "body" as const,
    })),
  );
}

const hasIdentity = (p: { identity?: { name?: string | null; contact?: string | null } | undefined }) =>
  Boolean(p.identity && ((p.identity.name ?? "") !== "" || (p.identity.contact ?? "") !== ""));

export function newPersonValues(input: PersonInput): Omit<PersonRow, "version" | "incidentId"> {
  return {
    id: randomUUID(),
    code: newPersonCode(),
    role: input.role,
    perpetratorType: input.role === "perpetrator" ? (input.perpetratorType ?? "unknown") : null,
    sex: input.sex,
    ageGroup: input.ageGroup,
    nationality: input.nationality ?? null,
    disability: input.disability,
  };
}

export async function writeIdentity(
  db: Executor,
  personId: string,
  identity: PersonInput["identity"],
): Promise<void> {
  await upsertIdentity(db, {
    personId,
    nameSealed: sealText("incident_person_identity.name", personId, identity?.name ?? null),
    contactSealed: sealText("incident_person_identity.contact", personId, identity?.contact ?? null),
  });
}

export async function createIncident(ctx: ServiceContext, input: unknown): Promise<Incident> {
  const values = parseInput(IncidentInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const place = await resolvePlace(tx.db, values);
    const scope = incidentScope({
      reportingOrganisationId: values.reportingOrganisationId,
      districtId: place.districtId,
    });
    assertAllowedOnResource(tx.actor, ENTITY, "create", scope);
    assertIdentityWritable(
      tx.actor,
      scope,
      values.persons.flatMap((p, n) => (hasIdentity(p) ? [`persons.${n}.identity`] : [])),
    );
    const errors: FieldError[] = [];
    if (!(await organisationExists(tx.db, values.reportingOrganisationId)))
      errors.push({ path: "reportingOrganisationId", message: "No organisation has this id.", in: "body" });
    if (values.submissionId) {
      const owner = await submissionOrganisation(tx.db, values.submissionId);
      if (owner !== values.reportingOrganisationId)
        errors.push({
          path: "submissionId",
          message: "Link a periodic report of the reporting organisation.",
          in: "body",
        });
    }
    if (errors.length > 0) throw invalid(errors);
    const id = randomUUID();
    const row: IncidentValues = {
      id,
      kind: values.kind,
      occurredOn: values.occurredOn ?? null,
      placeKind: values.placeKind,
      ...place,
      descriptionSealed: sealText("incident.description", id, values.description),
      reportingOrganisationId: values.reportingOrganisationId,
      submissionId: values.submissionId ?? null,
      trafficking: values.kind === "trafficking" ? (values.trafficking ?? emptyTrafficking()) : null,
      status: "open",
      closureReason: null,
      closedOn: null,
      legalHold: false,
    };
    await insertIncident(tx.db, row);
    const persons = values.persons.map((p) => ({ input: p, row: newPersonValues(p) }));
    await insertPersons(
      tx.db,
      id,
      persons.map((p) => p.row),
    );
    for (const p of persons) if (hasIdentity(p.input)) await writeIdentity(tx.db, p.row.id, p.input.identity);
    const created = await selectIncident(tx.db, id);
    if (!created) throw new Error("the incident vanished inside its own transaction");
    await audit(tx.db, tx.actor, "create", null, created);
    for (const p of persons)
      await recordChange(tx.db, tx.actor, {
        action: "create",
        entityType: "incident_person",
        entityId: p.row.id,
        entityLabel: p.row.code,
        before: null,
        after: { ...personSnapshot(p.row), incidentId: id },
      });
    return present(tx, { row: created, breakGlassUntil: null });
  });
}

const emptyTrafficking = () => ({
  exploitationTypes: [],
  recruitmentMethods: [],
  controlMethods: [],
  events: [],
});

export const personSnapshot = (p: Omit<PersonRow, "version" | "incidentId"> & { version?: number }) => ({
  code: p.code,
  role: p.role,
  perpetratorType: p.perpetratorType,
  sex: p.sex,
  ageGroup: p.ageGroup,
  nationality: p.nationality,
  disability: p.disability,
});

/** Case holders (those who may write names) decide legal holds: a hold keeps a closed case from anonymisation. */
const mayHoldCase = (actor: Actor, scope: RecordScope) =>
  isAllowed(actor, "incident_identity", "update", scope);

export async function updateIncident(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Incident> {
  const changes = parseInput(IncidentPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const { row: current } = await loadAuthorisedIncident(tx, id, "update");
    assertVersion(current, expectedVersion);
    if (current.anonymisedAt !== null)
      throw new AppError("conflict", "This incident was anonymised: it can no longer change.");
    if (
      changes.legalHold !== undefined &&
      changes.legalHold !== current.legalHold &&
      !mayHoldCase(tx.actor, incidentScope(current))
    )
      throw new AppError("forbidden", "Your role does not allow placing or lifting a legal hold.", [
        {
          path: "legalHold",
          message: "Your role does not allow placing or lifting a legal hold.",
          in: "body",
        },
      ]);
    const kind = changes.kind ?? current.kind;
    const placeInput = {
      placeKind: changes.placeKind ?? current.placeKind,
      placeId: changes.placeId !== undefined ? changes.placeId : current.placeId,
      countryCode: changes.countryCode !== undefined ? changes.countryCode : current.countryCode,
    };
    const placeChanged =
      changes.placeKind !== undefined || changes.placeId !== undefined || changes.countryCode !== undefined;
    const place = placeChanged
      ? await resolvePlace(tx.db, placeInput)
      : { placeId: current.placeId, districtId: current.districtId, countryCode: current.countryCode };
    const reportingOrganisationId = changes.reportingOrganisationId ?? current.reportingOrganisationId;
    if (changes.reportingOrganisationId && !(await organisationExists(tx.db, reportingOrganisationId)))
      throw invalid([
        { path: "reportingOrganisationId", message: "No organisation has this id.", in: "body" },
      ]);
    assertChangeStaysInScope(
      tx.actor,
      ENTITY,
      incidentScope(current),
      incidentScope({ reportingOrganisationId, districtId: place.districtId }),
    );
    const status = closingStatus(current, changes);
    const next: Omit<IncidentValues, "id"> = {
      kind,
      occurredOn: changes.occurredOn !== undefined ? changes.occurredOn : current.occurredOn,
      placeKind: placeInput.placeKind,
      ...place,
      // Sealed anew only when the text changed: a form that sends the same text back changes nothing.
      descriptionSealed:
        changes.description !== undefined &&
        changes.description !== (openText("incident.description", id, current.descriptionSealed) ?? "")
          ? sealText("incident.description", id, changes.description)
          : current.descriptionSealed,
      reportingOrganisationId,
      submissionId: changes.submissionId !== undefined ? changes.submissionId : current.submissionId,
      trafficking:
        kind !== "trafficking"
          ? null
          : changes.trafficking !== undefined
            ? (changes.trafficking ?? emptyTrafficking())
            : (current.trafficking ?? emptyTrafficking()),
      ...status,
      closedOn: status.status === "closed" ? (current.closedOn ?? todayOf(tx)) : null,
      legalHold: changes.legalHold ?? current.legalHold,
    };
    if (changes.submissionId) {
      const owner = await submissionOrganisation(tx.db, changes.submissionId);
      if (owner !== reportingOrganisationId)
        throw invalid([
          {
            path: "submissionId",
            message: "Link a periodic report of the reporting organisation.",
            in: "body",
          },
        ]);
    }
    if (!(await updateIncidentRow(tx.db, id, expectedVersion, next)))
      throw preconditionFailed(current.version);
    const updated = await selectIncident(tx.db, id);
    if (!updated) throw notFound(INCIDENT_LABEL);
    await audit(tx.db, tx.actor, "update", current, updated);
    return present(tx, { row: updated, breakGlassUntil: null });
  });
}

/** Closing needs a reason; reopening a closed incident makes it open (or referred, when it was). */
function closingStatus(
  current: IncidentRow,
  changes: { status?: "open" | "closed"; closureReason?: IncidentRow["closureReason"] },
): Pick<IncidentValues, "status" | "closureReason"> {
  if (changes.status === "closed") {
    const reason = changes.closureReason ?? current.closureReason;
    if (!reason)
      throw invalid([{ path: "closureReason", message: "Say why the incident is closed.", in: "body" }]);
    return { status: "closed", closureReason: reason };
  }
  if (changes.status === "open")
    return { status: current.status === "closed" ? "open" : current.status, closureReason: null };
  return { status: current.status, closureReason: current.closureReason };
}

/**
 * Who read or changed this incident and the referrals made from it, newest first: the incident's own rows (its
 * persons, consent and files write their history line on it) and each referral's reads and answers.
 */
export async function getIncidentAccessLog(ctx: ServiceContext, id: string): Promise<AccessLogEntry[]> {
  const { row, breakGlassUntil } = await loadAuthorisedIncident(ctx, id, "read");
  if (breakGlassUntil)
    throw new AppError("forbidden", "Emergency access opens the record, not its access log.");
  const referralIds = await selectReferralIdsOfIncident(ctx.db, row.id);
  const logs = await Promise.all([
    listAccesses(ctx.db, ENTITY, row.id).then((list) =>
      list.map((e) => ({ e, type: ENTITY, entityId: row.id })),
    ),
    ...referralIds.map((referralId) =>
      listAccesses(ctx.db, "referral", referralId).then((list) =>
        list.map((e) => ({ e, type: "referral", entityId: referralId })),
      ),
    ),
  ]);
  await recordRead(ctx, {
    entityType: "incident_access_log",
    entityId: row.id,
    entityLabel: incidentReference(row),
  });
  return logs
    .flat()
    .sort((a, b) => b.e.occurredAt.localeCompare(a.e.occurredAt) || b.e.id - a.e.id)
    .map(({ e, type, entityId }) => ({
      at: e.occurredAt,
      actorLabel: e.actorLabel,
      action: e.action,
      entityType: type,
      entityId,
      requestId: e.requestId ?? null,
      reason: e.reason ?? null,
    }));
}

/**
 * Break-the-glass: an incident reviewer opens one incident outside their scope, with a reason, for three hours.
 * 404 for anyone else (the incident's existence is not confirmed), 409 when the reader can already open it.
 */
export async function breakGlassIncident(ctx: ServiceContext, id: string, input: unknown): Promise<Incident> {
  return inTransaction(ctx, async (tx) => {
    const row = await selectIncident(tx.db, id);
    if (!row || !isAllowed(tx.actor, "incident_break_glass", "create")) throw notFound(INCIDENT_LABEL);
    if (isAllowed(tx.actor, ENTITY, "read", incidentScope(row)))
      throw new AppError("conflict", "You can already open this incident: no emergency access is needed.");
    const opened = await openBreakGlass(tx, { entityType: ENTITY, entityId: id, ...asReason(input) });
    const incident = await present(tx, { row, breakGlassUntil: new Date(opened.expiresAt) });
    await recordRead(tx, {
      entityType: ENTITY,
      entityId: id,
      entityLabel: incident.reference,
      reason: "break_glass",
    });
    return incident;
  });
}

const asReason = (input: unknown): { reason: string } => {
  const reason = typeof input === "object" && input !== null && "reason" in input ? input.reason : undefined;
  return { reason: typeof reason === "string" ? reason : "" };
};
