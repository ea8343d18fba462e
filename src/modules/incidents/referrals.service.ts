// Referrals of a person in an incident to a service provider: made by the reporting side with the person's consent
// (or a vital-interest override by a permitted role), answered and followed up by the provider's case workers,
// closed by either side. Every read is audited; no audit row, log line or email carries a name, a contact or a note.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import {
  type Actor,
  assertAllowed,
  inTransaction,
  isAllowed,
  listScope,
  preconditionFailed,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { AppError, conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange, recordRead } from "../audit";
import { queueMessage } from "../mail";
import { type ConsentRecord, type ConsentVerdict, consentFor } from "./consent-rules";
import { incidentScope, providerScope, referralScope } from "./incident-scope";
import { openText, sealText } from "./incident-seal";
import {
  FollowUpInputSchema,
  type Referral,
  ReferralInputSchema,
  ReferralListQuerySchema,
  type ReferralListSchema,
  type ReferralSummary,
  ReferralTransitionSchema,
} from "./incidents.schema";
import { referralReceivedMessage } from "./referral-notice";
import {
  acceptsFollowUps,
  canMoveReferral,
  nextReferralSteps,
  referralStepNeedsReason,
  referralStepSide,
  statusAfterFollowUp,
} from "./referral-status";
import {
  countReferrals,
  type IncidentFacts,
  insertFollowUp,
  insertReferral,
  type ReferralFilter,
  type ReferralRow,
  selectConsentRecords,
  selectFollowUps,
  selectIncidentFacts,
  selectPersonProfile,
  selectProviderForReferral,
  selectReferral,
  selectReferrals,
  selectSealedIdentity,
  updateIncidentStatus,
  updateReferralStatus,
} from "./referrals.store";

type ReferralList = z.infer<typeof ReferralListSchema>;

const ENTITY = "referral";
const LABEL = "The referral";

/** Where the provider's email links to: the configured public address (never a request's Host). */
export type ReferralLinks = { publicUrl: string };

/** How audit rows and the access log name a referral: the incident's reference and the person's code, no name. */
const referralLabel = (row: Pick<ReferralRow, "incidentReference" | "personCode">) =>
  `${row.incidentReference} ${row.personCode}`;

/**
 * What an audit row keeps of a referral: ids, codes, service, status and basis. The note and the reasons are sealed
 * columns: the row says only whether there is one, so no free text of a case reaches the append-only log.
 */
function auditSnapshot(row: ReferralRow): Record<string, unknown> {
  return {
    incidentId: row.incidentId,
    incidentReference: row.incidentReference,
    personId: row.personId,
    personCode: row.personCode,
    fromOrganisationId: row.fromOrganisationId,
    providerId: row.providerId,
    providerOrganisationId: row.providerOrganisationId,
    districtId: row.districtId,
    service: row.service,
    status: row.status,
    consentBasis: row.consentBasis,
    consentId: row.consentId,
    referredOn: row.referredOn,
    respondedAt: row.respondedAt,
    note: row.noteSealed === null ? null : "sealed",
    vitalInterestReason: row.vitalInterestReasonSealed === null ? null : "sealed",
    statusReason: row.statusReasonSealed === null ? null : "sealed",
  };
}

const bodyError = (
  path: string,
  message: string,
  code: string,
  params?: Record<string, string>,
): FieldError => ({ path, message, code, in: "body", ...(params ? { params } : {}) });

// ----- What a reader sees -----

function consentInForce(
  records: readonly ConsentRecord[],
  ageGroup: Referral["person"]["ageGroup"],
  day: string,
) {
  return {
    referral: consentFor(records, "referral", ageGroup, day).allowed,
    sharing: consentFor(records, "sharing", ageGroup, day).allowed,
    statistics: consentFor(records, "statistics", ageGroup, day).allowed,
  };
}

/**
 * The referral as this reader may see it: the person's profile always, their name and contact only with the identity
 * permission in the referral's scope (the `identity` key is absent otherwise, and the sealed row is not even read);
 * notes to every reader of the referral, except after the incident was anonymised (then the keys are absent).
 */
async function presentReferral(ctx: ServiceContext, row: ReferralRow): Promise<Referral> {
  const scope = referralScope(row);
  const seeIdentity = isAllowed(ctx.actor, "incident_identity", "read", scope);
  const providerSide = isAllowed(ctx.actor, "referral", "update", providerScope(row));
  const person = await selectPersonProfile(ctx.db, row.personId);
  if (!person) throw new Error(`referral ${row.id} names a person that does not exist`);
  const consents = await selectConsentRecords(ctx.db, row.personId);
  let identity: { name: string | null; contact: string | null } | undefined;
  if (seeIdentity) {
    const sealed = await selectSealedIdentity(ctx.db, row.personId);
    identity = {
      name: openText("incident_person_identity.name", row.personId, sealed?.nameSealed ?? null),
      contact: openText("incident_person_identity.contact", row.personId, sealed?.contactSealed ?? null),
    };
  }
  const open = !row.incidentAnonymised;
  const followUps = (await selectFollowUps(ctx.db, row.id)).map((f) => {
    const note = open ? openText("referral_follow_up.note", f.id, f.noteSealed) : null;
    return {
      id: f.id,
      on: f.on,
      ...(note === null ? {} : { note }),
      recordedBy: f.recordedBy,
      recordedAt: f.recordedAt,
    };
  });
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentReference: row.incidentReference,
    incidentKind: row.incidentKind,
    districtName: row.districtName,
    fromOrganisationId: row.fromOrganisationId,
    fromOrganisationName: row.fromOrganisationName,
    providerId: row.providerId,
    providerOrganisationId: row.providerOrganisationId,
    providerName: row.providerName,
    service: row.service,
    status: row.status,
    person: {
      id: person.id,
      code: person.code,
      role: person.role,
      perpetratorType: person.perpetratorType,
      sex: person.sex,
      ageGroup: person.ageGroup,
      nationality: person.nationality,
      disability: person.disability,
      ...(identity ? { identity } : {}),
      consentInForce: consentInForce(consents, person.ageGroup, todayOf(ctx)),
      version: person.version,
    },
    ...(open
      ? {
          note: openText("referral.note", row.id, row.noteSealed),
          vitalInterestReason: openText(
            "referral.vital_interest_reason",
            row.id,
            row.vitalInterestReasonSealed,
          ),
        }
      : {}),
    consentBasis: row.consentBasis,
    statusReason: open ? openText("referral.status_reason", row.id, row.statusReasonSealed) : null,
    referredOn: row.referredOn,
    respondedAt: row.respondedAt,
    followUps,
    can: {
      respond: providerSide && row.status === "pending",
      followUp: providerSide && acceptsFollowUps(row.status),
    },
    version: row.version,
  };
}

const toSummary = (row: ReferralRow): ReferralSummary => ({
  id: row.id,
  incidentId: row.incidentId,
  incidentReference: row.incidentReference,
  incidentKind: row.incidentKind,
  districtName: row.districtName,
  fromOrganisationName: row.fromOrganisationName,
  providerName: row.providerName,
  service: row.service,
  status: row.status,
  referredOn: row.referredOn,
  version: row.version,
  personCode: row.personCode,
});

/** The organisations a reader answers for: their own, and those of their organisation-scoped referral grants. */
function ownOrganisations(actor: Actor): string[] {
  if (actor.kind !== "user") return [];
  const scope = listScope(actor, ENTITY);
  return [...new Set([...actor.organisationIds, ...(scope.all ? [] : scope.organisationIds)])];
}

/** Only what the reader's grants reach: either side's organisation, or the incident's district. */
function scopeFilter(actor: Actor): ReferralFilter {
  const scope = listScope(actor, ENTITY);
  return scope.all ? {} : { scope };
}

// ----- Reading -----

/** One referral: 404 outside the reader's scope; the read is audited with codes, never names. */
export async function getReferral(ctx: ServiceContext, id: string): Promise<Referral> {
  const row = await selectReferral(ctx.db, id);
  if (!row) throw notFound(LABEL);
  assertAllowed(ctx.actor, ENTITY, "read", referralScope(row), LABEL);
  const referral = await presentReferral(ctx, row);
  await recordRead(ctx, { entityType: ENTITY, entityId: row.id, entityLabel: referralLabel(row) });
  return referral;
}

/** Audits one list read: which referrals were shown (ids only) and how they were asked for. */
async function recordListRead(
  ctx: ServiceContext,
  rows: readonly ReferralRow[],
  facts: Record<string, unknown>,
): Promise<void> {
  await recordChange(ctx.db, ctx.actor, {
    action: "read",
    entityType: "referral_list",
    entityId: "referrals",
    entityLabel: null,
    before: null,
    after: { ids: rows.map((r) => r.id), ...facts },
  });
}

/**
 * Referrals the reader may see, newest first: received (addressed to their organisations), sent (made by them) or
 * all in their scope. Out-of-scope referrals are neither listed nor counted.
 */
export async function listReferrals(ctx: ServiceContext, query: unknown): Promise<ReferralList> {
  const q = parseInput(ReferralListQuerySchema, query, "query");
  const own = ownOrganisations(ctx.actor);
  const filter: ReferralFilter = {
    ...scopeFilter(ctx.actor),
    ...(q.status ? { status: q.status } : {}),
    ...(q.direction === "received" ? { receivedBy: own } : q.direction === "sent" ? { sentBy: own } : {}),
  };
  // One transaction: the list, its count and the audit row of the read agree, and the row carries the request's id.
  return inTransaction(ctx, async (tx) => {
    const rows = await selectReferrals(tx.db, filter, { limit: q.limit, offset: q.offset });
    const total = await countReferrals(tx.db, filter);
    await recordListRead(tx, rows, {
      direction: q.direction,
      status: q.status ?? null,
      offset: q.offset,
      total,
    });
    return { items: rows.map(toSummary), total };
  });
}

/**
 * The referrals of one incident that the reader may see: 404 when they may read neither the incident nor any of its
 * referrals (a provider's case worker sees the referrals addressed to them without reading the incident).
 */
export async function listIncidentReferrals(
  ctx: ServiceContext,
  incidentId: string,
): Promise<ReferralSummary[]> {
  return inTransaction(ctx, async (tx) => {
    const incident = await selectIncidentFacts(tx.db, incidentId);
    if (!incident) throw notFound("The incident");
    const rows = await selectReferrals(tx.db, { ...scopeFilter(tx.actor), incidentId });
    if (rows.length === 0 && !isAllowed(tx.actor, "incident", "read", incidentScope(incident)))
      throw notFound("The incident");
    await recordListRead(tx, rows, { incidentId, incidentReference: incident.reference });
    return rows.map(toSummary);
  });
}

// ----- Making a referral -----

function consentRefusal(verdict: Exclude<ConsentVerdict, { allowed: true }>, code: string): AppError {
  const why = {
    none: `No consent to referral is recorded for ${code}. Record the person's consent (given, how and when) first.`,
    refused: `${code} refused to be referred: their latest consent record for referral says no.`,
    withdrawn: `${code} withdrew their consent to referral; a withdrawal counts from its day on.`,
    guardian_required: `${code} is under 16: a parent or guardian must consent to the referral; the child's own consent is not enough.`,
  }[verdict.reason];
  return invalid(
    [bodyError("consent", why, `consent_${verdict.reason}`, { person: code })],
    "The person's consent does not allow this referral. Only a vital-interest override, with its reason, by a role allowed to make one, can refer without it.",
  );
}

const incidentNotFound = () =>
  new AppError("not_found", "The incident was not found.", [
    bodyError("incidentId", "No incident you may read has this id.", "unknown_incident"),
  ]);

/** The incident, locked, if this actor may refer from it: 404 when they may not read it, 403 when read-only. */
async function loadIncidentToReferFrom(tx: ServiceContext, incidentId: string): Promise<IncidentFacts> {
  const incident = await selectIncidentFacts(tx.db, incidentId, { forUpdate: true });
  if (!incident || !isAllowed(tx.actor, "incident", "read", incidentScope(incident)))
    throw incidentNotFound();
  if (!isAllowed(tx.actor, ENTITY, "create", incidentScope(incident)))
    throw new AppError("forbidden", "Your role does not allow referring anyone from this incident.");
  if (incident.anonymised)
    throw conflict(`${incident.reference} was anonymised: nobody in it can be referred any more.`);
  if (incident.status === "closed")
    throw conflict(`${incident.reference} is closed: reopen it to refer someone.`, [
      bodyError("incidentId", "This incident is closed.", "incident_closed"),
    ]);
  return incident;
}

/**
 * Refers a person of an incident to a provider for a service. Refused (422 `consent`) unless the person's consent in
 * force today allows referral, or the actor may override it on vital interest and gives the reason. The incident
 * moves from open to referred; the provider's address gets an email with no personal data, in the same transaction.
 */
export async function createReferral(
  ctx: ServiceContext,
  links: ReferralLinks,
  input: unknown,
): Promise<Referral> {
  const values = parseInput(ReferralInputSchema, input);
  const today = todayOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const incident = await loadIncidentToReferFrom(tx, values.incidentId);
    const person = await selectPersonProfile(tx.db, values.personId);
    if (!person || person.incidentId !== incident.id)
      throw invalid([
        bodyError(
          "personId",
          `No person with this id is in ${incident.reference}.`,
          "person_not_in_incident",
        ),
      ]);
    const provider = await selectProviderForReferral(tx.db, values.providerId);
    if (!provider)
      throw invalid([
        bodyError("providerId", `No service provider has the id ${values.providerId}.`, "unknown_provider", {
          provider: values.providerId,
        }),
      ]);
    if (!provider.services.includes(values.service))
      throw invalid([
        bodyError(
          "service",
          `${provider.organisationName} does not offer ${values.service} (it offers ${provider.services.join(", ")}).`,
          "service_not_offered",
          { service: values.service, provider: provider.organisationName },
        ),
      ]);
    if (!provider.acceptingReferrals)
      throw invalid([
        bodyError(
          "providerId",
          `${provider.organisationName} is not taking referrals at the moment.`,
          "provider_not_accepting",
          { provider: provider.organisationName },
        ),
      ]);

    const verdict = consentFor(
      await selectConsentRecords(tx.db, person.id),
      "referral",
      person.ageGroup,
      today,
    );
    const overrideReason = values.vitalInterestReason || null;
    if (!verdict.allowed && !overrideReason) throw consentRefusal(verdict, person.code);
    // With consent in force, a reason given anyway overrides nothing: the referral rests on the consent.
    const override = !verdict.allowed;
    if (override && !isAllowed(tx.actor, "incident_consent_override", "create", incidentScope(incident)))
      throw new AppError("forbidden", "Your role may not refer anyone without their consent.", [
        bodyError(
          "vitalInterestReason",
          "Only a case worker or an incident reviewer of this incident's organisation or district may refer on vital interest.",
          "override_not_allowed",
        ),
      ]);

    const id = randomUUID();
    await insertReferral(tx.db, {
      id,
      incidentId: incident.id,
      personId: person.id,
      fromOrganisationId: incident.reportingOrganisationId,
      providerId: provider.id,
      providerOrganisationId: provider.organisationId,
      districtId: incident.districtId,
      service: values.service,
      noteSealed: sealText("referral.note", id, values.note),
      consentBasis: override ? "vital_interest" : "consent",
      consentId: verdict.allowed ? verdict.consentId : null,
      vitalInterestReasonSealed: override
        ? sealText("referral.vital_interest_reason", id, overrideReason)
        : null,
      referredOn: today,
      referredBy: tx.actor.label,
    });
    if (incident.status === "open") {
      // Locked above: nobody changed it in between, so a miss here is a bug, not a race.
      if (!(await updateIncidentStatus(tx.db, incident.id, incident.version, "referred")))
        throw preconditionFailed(incident.version);
      await recordChange(tx.db, tx.actor, {
        action: "update",
        entityType: "incident",
        entityId: incident.id,
        entityLabel: incident.reference,
        before: { status: "open" },
        after: { status: "referred", referralId: id },
      });
    }
    const created = await selectReferral(tx.db, id);
    if (!created) throw new Error(`referral ${id} vanished inside its own transaction`);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: referralLabel(created),
      before: null,
      after: auditSnapshot(created),
    });
    if (provider.contactEmail)
      await queueMessage(
        tx.db,
        referralReceivedMessage({
          to: provider.contactEmail,
          service: values.service,
          fromOrganisationName: incident.reportingOrganisationName,
          providerName: provider.organisationName,
          referralId: id,
          siteUrl: links.publicUrl,
        }),
      );
    return presentReferral(tx, created);
  });
}

// ----- Answering and following up -----

/** The referral, locked, if the actor may read it (404 otherwise, never 403: that would confirm it exists). */
async function loadReferralForChange(tx: ServiceContext, id: string): Promise<ReferralRow> {
  const current = await selectReferral(tx.db, id, { forUpdate: true });
  if (!current) throw notFound(LABEL);
  assertAllowed(tx.actor, ENTITY, "read", referralScope(current), LABEL);
  return current;
}

/**
 * Moves a referral on (accept, decline, in progress, completed: the provider's case workers; close: either side),
 * at the version the client read. The row is locked first, so of two answers sent at once with the same If-Match one
 * wins and the other gets 412: one change, one audit entry.
 */
export async function changeReferralStatus(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  input: unknown,
): Promise<Referral> {
  const change = parseInput(ReferralTransitionSchema, input);
  return inTransaction(ctx, async (tx) => {
    const current = await loadReferralForChange(tx, id);
    const side = referralStepSide(change.status);
    const mayAct =
      side === "provider"
        ? isAllowed(tx.actor, ENTITY, "update", providerScope(current))
        : isAllowed(tx.actor, ENTITY, "update", referralScope(current));
    if (!mayAct)
      throw new AppError(
        "forbidden",
        side === "provider"
          ? `Only ${current.providerName}'s case workers answer this referral and record its progress.`
          : "Your role does not allow closing this referral.",
        [bodyError("status", "Your role may not take this step.", "step_not_allowed")],
      );
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!canMoveReferral(current.status, change.status)) {
      const open = nextReferralSteps(current.status);
      throw conflict(
        `A referral that is ${current.status} cannot become ${change.status}${open.length > 0 ? ` (it can become ${open.join(" or ")})` : ""}.`,
        [
          bodyError("status", `Not a next step from ${current.status}.`, "transition_not_allowed", {
            from: current.status,
            to: change.status,
          }),
        ],
      );
    }
    const reason = change.reason || null;
    if (referralStepNeedsReason(change.status) && !reason)
      throw invalid([
        bodyError(
          "reason",
          "Say why the referral is declined: the referring organisation has to find another provider.",
          "reason_required",
        ),
      ]);
    const answered = change.status === "accepted" || change.status === "declined";
    const written = await updateReferralStatus(tx.db, id, expectedVersion, {
      status: change.status,
      statusReasonSealed: sealText("referral.status_reason", id, reason),
      ...(answered ? { respondedAt: new Date() } : {}),
    });
    if (!written) throw preconditionFailed(current.version);
    const updated = await selectReferral(tx.db, id);
    if (!updated) throw new Error(`referral ${id} vanished inside its own transaction`);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: referralLabel(updated),
      before: auditSnapshot(current),
      after: auditSnapshot(updated),
    });
    return presentReferral(tx, updated);
  });
}

/**
 * Logs a follow-up (a date and a sealed note) while the provider works on the referral; the first follow-up of an
 * accepted referral moves it to in progress. The provider's case workers only.
 */
export async function addReferralFollowUp(
  ctx: ServiceContext,
  id: string,
  input: unknown,
): Promise<Referral> {
  const values = parseInput(FollowUpInputSchema, input);
  const today = todayOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const current = await loadReferralForChange(tx, id);
    if (!isAllowed(tx.actor, ENTITY, "update", providerScope(current)))
      throw new AppError(
        "forbidden",
        `Only ${current.providerName}'s case workers record follow-ups of this referral.`,
      );
    if (!acceptsFollowUps(current.status))
      throw conflict(
        `Follow-ups are recorded while a referral is accepted or in progress; this one is ${current.status}.`,
      );
    if (values.on > today)
      throw invalid([bodyError("on", "A follow-up cannot be dated after today.", "date_in_future")]);
    if (values.on < current.referredOn)
      throw invalid([
        bodyError(
          "on",
          `A follow-up cannot be dated before the referral (${current.referredOn}).`,
          "date_before_referral",
          { referredOn: current.referredOn },
        ),
      ]);
    const followUpsBefore = (await selectFollowUps(tx.db, id)).length;
    const followUpId = randomUUID();
    await insertFollowUp(tx.db, {
      id: followUpId,
      referralId: id,
      on: values.on,
      noteSealed: sealText("referral_follow_up.note", followUpId, values.note),
      recordedBy: tx.actor.label,
    });
    // The referral's version moves with every follow-up: a page holding the old one reloads before answering.
    if (
      !(await updateReferralStatus(tx.db, id, current.version, {
        status: statusAfterFollowUp(current.status),
      }))
    )
      throw preconditionFailed(current.version);
    const updated = await selectReferral(tx.db, id);
    if (!updated) throw new Error(`referral ${id} vanished inside its own transaction`);
    const label = referralLabel(updated);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: "referral_follow_up",
      entityId: followUpId,
      entityLabel: label,
      before: null,
      after: { referralId: id, on: values.on, note: "sealed" },
    });
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: label,
      before: { ...auditSnapshot(current), followUps: followUpsBefore },
      after: { ...auditSnapshot(updated), followUps: followUpsBefore + 1 },
    });
    return presentReferral(tx, updated);
  });
}
