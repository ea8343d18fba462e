// Agreement use cases: check the caller's rights, change data in one transaction, write the audit entry.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Executor } from "../../db/client";
import {
  assertAllowed,
  assertAllowedOnResource,
  isAllowed,
  listScope,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
} from "../../kernel";
import { AppError, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parsePartialDate, partialDateRange } from "../../shared/partial-date";
import { todayInKigali } from "../../shared/today";
import { parseInput } from "../../shared/validation";
import type { Actor } from "../access/access.schema";
import { type AuditEntry, type AuditedChange, listHistory, recordChange, recordChanges } from "../audit";
import { findThemeCodes } from "../themes";
import { detectDocumentType, sanitiseFileName } from "./agreement-document-content";
import {
  type DocumentFile,
  deleteDocumentRow,
  insertDocument,
  selectDocumentFile,
  selectDocuments,
} from "./agreement-documents.store";
import { ownKeeper } from "./agreement-keeper";
import { canChangeStatus, STATUS_TRANSITIONS } from "./agreement-status";
import {
  type AgreementDetail,
  type AgreementDocument,
  type AgreementInput,
  AgreementInputSchema,
  type AgreementKeeperList,
  type AgreementKind,
  type AgreementList,
  type AgreementListQuery,
  AgreementPatchSchema,
  type AgreementValues,
  type AreaInput,
  type Commitment,
  type CommitmentInput,
  CommitmentInputSchema,
  CommitmentPatchSchema,
  type CooperationOverview,
  type DocumentKind,
  type Party,
  type PartyInput,
  type ProgressEntry,
  type ProgressEntryInput,
  ProgressEntryInputSchema,
  ProgressEntryPatchSchema,
  type StatusChangeInput,
  StatusChangeInputSchema,
} from "./agreements.schema";
import {
  type AgreementFields,
  type AgreementRecord,
  type AreaRow,
  type AreaTarget,
  type CommitmentFields,
  countAgreements,
  deleteAgreementRow,
  deleteCommitmentRow,
  deleteProgressEntryRow,
  insertAgreement,
  insertAgreementParts,
  insertAgreements,
  insertCommitment,
  insertCommitments,
  insertProgressEntries,
  insertProgressEntry,
  insertStatusChange,
  insertStatusChanges,
  nextCommitmentPosition,
  type PlaceFacts,
  recordToFields,
  refreshAgreementSearchText,
  refreshAgreementSearchTexts,
  replaceAreas,
  replaceParties,
  replaceThemes,
  selectAgreement,
  selectAgreementKeepers,
  selectAgreementRef,
  selectAgreementSummaries,
  selectAmendments,
  selectAmendsChain,
  selectAreas,
  selectAreasOf,
  selectCommitments,
  selectCommitmentsOf,
  selectOrganisationNames,
  selectOverdueProgress,
  selectPartiesOf,
  selectPlaceFacts,
  selectPlaceFactsStamped,
  selectProgress,
  selectProgressOf,
  selectRecentProgress,
  selectStatusChanges,
  selectThemesOf,
  toSummary,
  unlinkCommitmentFromProgress,
  updateAgreementRow,
  updateCommitmentRow,
  updateProgressEntryRow,
} from "./agreements.store";

const ENTITY = "agreement";
const COMMITMENT_ENTITY = "commitment";
const PROGRESS_ENTITY = "progress_entry";
const _THEME_ENTITY = "theme";
const DOCUMENT_ENTITY = "agreement_document";
const LABEL = "The agreement";

const OVERVIEW_EXPIRING_LIMIT = 20;
const OVERVIEW_OVERDUE_LIMIT = 50;
const OVERVIEW_RECENT_LIMIT = 20;

const todayOf = (ctx: ServiceContext): string => ctx.today ?? todayInKigali();

/** An agreement's scope: its parties' organisations and the districts its places lie in (sets add none). */
function scopeOf(
  parties: readonly { organisationId: string }[],
  areas: readonly { districtId: string | null }[],
): RecordScope {
  return {
    organisationIds: [...new Set(parties.map((p) => p.organisationId))],
    districtIds: [...new Set(areas.flatMap((a) => (a.districtId ? [a.districtId] : [])))],
  };
}

/** A short label for history lines. */
const excerpt = (text: string, length = 120) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

type Current = { record: AgreementRecord; parties: Party[]; themes: string[]; areas: AreaRow[] };

async function loadCurrent(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Current | null> {
  const record = await selectAgreement(db, id, options);
  if (!record) return null;
  const parties = (await selectPartiesOf(db, [id])).get(id) ?? [];
  const themes = (await selectThemesOf(db, [id])).get(id) ?? [];
  const areas = await selectAreas(db, id);
  return { record, parties, themes, areas };
}

/** Finds the agreement and checks the actor may do `action` on it: 404 when unreadable, 403 when read-only. */
async function loadAuthorised(
  db: Executor,
  actor: Actor,
  id: string,
  action: "update" | "delete",
): Promise<Current> {
  const current = await loadCurrent(db, id, { forUpdate: true });
  if (!current) throw notFound(LABEL);
  assertAllowed(actor, "agreement", action, scopeOf(current.parties, current.areas), LABEL);
  return current;
}

/** What the agreement's history shows of it: fields people read, parties and places by name. */
function historyView(
  record: AgreementRecord,
  parties: readonly Party[],
  themes: readonly string[],
  areas: readonly { label: string }[],
): Record<string, unknown> {
  return {
    title: record.title,
    reference: record.reference,
    kind: record.kind,
    purpose: record.purpose,
    status: record.status,
    signedOn: record.signedOn.text,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    renewalTerms: record.renewalTerms,
    followUpBody: record.followUpBody,
    amendsId: record.amendsId,
    keeperOrganisationId: record.keeperOrganisationId,
    // Structured, so that each reader sees the roles (and statuses below) in their own language.
    parties: parties.map((p) => ({ name: p.organisationName, role: p.role })),
    themes: [...themes],
    areas: areas.map((a) => a.label),
  };
}

async function loadDetail(db: Executor, actor: Actor, id: string, today: string): Promise<AgreementDetail> {
  const current = await loadCurrent(db, id);
  if (!current) throw notFound(LABEL);
  const { record, parties, themes, areas } = current;
  const amends = record.amendsId ? await selectAgreementRef(db, record.amendsId) : null;
  const amendments = await selectAmendments(db, id);
  const commitments = await selectCommitments(db, id);
  const progress = await selectProgress(db, id, today);
  const statusHistory = await selectStatusChanges(db, id);
  const documents = await selectDocuments(db, id);
  const scope = scopeOf(parties, areas);
  assertAllowed(actor, "agreement", "read", scope, LABEL);
  return {
    ...toSummary(record, parties, themes, progress.filter((p) => p.overdue).length, today),
    purpose: record.purpose,
    renewalTerms: record.renewalTerms,
    followUpBody: record.followUpBody,
    keeperOrganisationId: record.keeperOrganisationId,
    amends,
    amendments,
    areas: areas.map(({ districtId: _district, ...area }) => area),
    commitments,
    progress,
    statusHistory,
    documents,
    allowedTransitions: [...STATUS_TRANSITIONS[record.status]],
    canEdit: isAllowed(actor, "agreement", "update", scope),
    canDelete: isAllowed(actor, "agreement", "delete", scope),
    createdAt: record.createdAt,
  };
}

const toAreaTarget = (area: AreaInput): AreaTarget => ({
  placeId: area.placeId ?? null,
  placeSet: area.placeSet ?? null,
});

/** The whole agreement as it will be after a create or an update, checked against the database. */
type Proposed = {
  fields: AgreementFields;
  parties: PartyInput[];
  themes: string[];
  areas: AreaTarget[];
  /** Commitments whose responsible organisation must stay a party, with the path to report. */
  responsibles: { organisationId: string; path: string; label: string }[];
};

/**
 * Every rule that needs the database or more than one field: parties, keeper, amendments, validity,
 * themes, places. Returns all field errors at once, so that a form can show them together.
 */
async function checkProposed(
  db: Executor,
  proposed: Proposed,
  places: Map<string, PlaceFacts>,
  options: { selfId?: string; requireAmendsTarget: boolean },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const error = (path: string, message: string, code?: string) =>
    errors.push({ path, message, in: "body", ...(code ? { code } : {}) });
  const { fields, parties, themes, areas } = proposed;

  const seen = new Set<string>();
  parties.forEach((p, i) => {
    const key = `${p.organisationId}:${p.role}`;
    if (seen.has(key)) error(`parties.${i}`, "This organisation is already a party with this role.");
    seen.add(key);
  });
  const partyIds = new Set(parties.map((p) => p.organisationId));
  const names = await selectOrganisationNames(db, [...partyIds]);
  parties.forEach((p, i) => {
    if (!names.has(p.organisationId)) error(`parties.${i}.organisationId`, "No organisation has this id.");
  });
  if (partyIds.size < 2)
    error("parties", "An agreement has at least two different organisations as parties.");

  if (fields.keeperOrganisationId && !partyIds.has(fields.keeperOrganisationId)) {
    error(
      "keeperOrganisationId",
      "The institution keeping the register must be one of the parties.",
      "not_a_party",
    );
  }
  for (const r of proposed.responsibles) {
    if (!partyIds.has(r.organisationId)) {
      error(r.path, `The organisation responsible for "${excerpt(r.label, 60)}" must be one of the parties.`);
    }
  }

  if (fields.kind === "amendment" && !fields.amendsId && options.requireAmendsTarget) {
    error("amendsId", "An amendment names the agreement it amends.");
  }
  if (fields.amendsId) {
    if (fields.kind !== "amendment") {
      error("amendsId", 'Only an agreement of kind "amendment" amends another one.');
    } else if (fields.amendsId === options.selfId) {
      error("amendsId", "An agreement cannot amend itself.");
    } else {
      const chain = await selectAmendsChain(db, fields.amendsId);
      if (chain.length === 0) error("amendsId", "No agreement has this id.");
      else if (options.selfId && chain.includes(options.selfId)) {
        error("amendsId", "That agreement already amends this one, directly or through others.");
      }
    }
  }

  if (fields.validFrom && fields.validUntil && fields.validUntil < fields.validFrom) {
    error("validUntil", "The end of validity cannot be before its start.");
  }
  const signed = partialDateRange(parsePartialDate(fields.signedOnText));
  if (fields.validUntil && signed && fields.validUntil < signed.from) {
    error("validUntil", `The end of validity cannot be before the signature (${fields.signedOnText}).`);
  }

  const known = await findThemeCodes(db, themes);
  themes.forEach((code, i) => {
    if (!known.has(code)) error(`themes.${i}`, `There is no theme "${code}".`);
  });

  const areaKeys = new Set<string>();
  areas.forEach((a, i) => {
    const key = a.placeId ?? a.placeSet ?? "";
    if (areaKeys.has(key)) error(`areas.${i}`, "This area is already listed.");
    areaKeys.add(key);
    if (a.placeId && !places.has(a.placeId)) error(`areas.${i}.placeId`, "No place has this id.");
  });
  return errors;
}

function districtsOfTargets(areas: readonly AreaTarget[], places: Map<string, PlaceFacts>) {
  return areas.map((a) => ({ districtId: a.placeId ? (places.get(a.placeId)?.districtId ?? null) : null }));
}

export async function listAgreements(ctx: ServiceContext, query: AgreementListQuery): Promise<AgreementList> {
  // The register is readable by every role anywhere; a scope-limited policy would filter here.
  if (!listScope(ctx.actor, "agreement").all) return { items: [], total: 0 };
  const today = todayOf(ctx);
  if (!query.placeId) {
    const { items, total } = await selectAgreementSummaries(ctx.db, query, today, null);
    return { items, total };
  }
  // The place's facts come from a cache checked against the change counter the list query itself reads: one
  // round trip per page instead of two, and a page never filtered by facts older than the rows it shows.
  const placeId = query.placeId;
  const cache = placeFactsCaches.get(ctx.db) ?? new Map<string, StampedPlaceFacts>();
  placeFactsCaches.set(ctx.db, cache);
  let known = cache.get(placeId) ?? (await selectPlaceFactsStamped(ctx.db, placeId));
  let page = await selectAgreementSummaries(ctx.db, query, today, { placeId, facts: known.facts });
  if (page.stamp !== known.stamp) {
    const fresh = await selectPlaceFactsStamped(ctx.db, placeId);
    if (!isDeepStrictEqual(fresh.facts, known.facts)) {
      page = await selectAgreementSummaries(ctx.db, query, today, { placeId, facts: fresh.facts });
    }
    known = fresh;
  }
  if (cache.size >= PLACE_FACTS_CACHE_MAX && !cache.has(placeId)) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(placeId, known);
  return { items: page.items, total: page.total };
}

type StampedPlaceFacts = { facts: PlaceFacts | null; stamp: string };
const PLACE_FACTS_CACHE_MAX = 2_000;
const placeFactsCaches = new WeakMap<ServiceContext["db"], Map<string, StampedPlaceFacts>>();

export async function getAgreement(ctx: ServiceContext, id: string): Promise<AgreementDetail> {
  return loadDetail(ctx.db, ctx.actor, id, todayOf(ctx));
}

/** A new agreement's keeper: as given (null is none), or when left out the officer's own organisation. */
function keeperOf(actor: Actor, values: AgreementValues): string | null {
  if (values.keeperOrganisationId !== undefined) return values.keeperOrganisationId;
  if (actor.kind !== "user") return null;
  return ownKeeper(
    actor.organisationIds,
    values.parties.map((p) => p.organisationId),
  );
}

export async function listAgreementKeepers(ctx: ServiceContext): Promise<AgreementKeeperList> {
  if (!listScope(ctx.actor, "agreement").all) return { items: [] };
  return { items: await selectAgreementKeepers(ctx.db) };
}

export async function createAgreement(ctx: ServiceContext, input: AgreementInput): Promise<AgreementDetail> {
  const values = parseInput(AgreementInputSchema, input);
  const today = todayOf(ctx);
  const fields: AgreementFields = {
    title: values.title,
    reference: values.reference ?? null,
    kind: values.kind,
    purpose: values.purpose ?? null,
    status: values.status,
    signedOnText: values.signedOnText ?? null,
    validFrom: values.validFrom ?? null,
    validUntil: values.validUntil ?? null,
    renewalTerms: values.renewalTerms ?? null,
    followUpBody: values.followUpBody ?? null,
    amendsId: values.amendsId ?? null,
    keeperOrganisationId: keeperOf(ctx.actor, values),
  };
  const areas = values.areas.map(toAreaTarget);
  const proposed: Proposed = {
    fields,
    parties: values.parties,
    themes: values.themes,
    areas,
    responsibles: values.commitments.flatMap((c, i) =>
      c.responsibleOrganisationId
        ? [
            {
              organisationId: c.responsibleOrganisationId,
              path: `commitments.${i}.responsibleOrganisationId`,
              label: c.text,
            },
          ]
        : [],
    ),
  };
  return ctx.db.transaction(async (tx) => {
    const places = await selectPlaceFacts(
      tx,
      areas.flatMap((a) => (a.placeId ? [a.placeId] : [])),
    );
    // Partner staff may register only agreements their organisation is party to.
    assertAllowedOnResource(
      ctx.actor,
      "agreement",
      "create",
      scopeOf(values.parties, districtsOfTargets(areas, places)),
    );
    const errors = await checkProposed(tx, proposed, places, { requireAmendsTarget: true });
    if (errors.length > 0) throw invalid(errors);

    const created = await insertAgreement(tx, fields);
    await replaceParties(tx, created.id, values.parties);
    await replaceThemes(tx, created.id, [...new Set(values.themes)]);
    await replaceAreas(tx, created.id, areas);
    for (const [position, c] of values.commitments.entries()) {
      await insertCommitment(tx, created.id, position, {
        text: c.text,
        responsibleOrganisationId: c.responsibleOrganisationId ?? null,
        status: c.status,
        dueOn: c.dueOn ?? null,
      });
    }
    await insertStatusChange(tx, {
      agreementId: created.id,
      fromStatus: null,
      toStatus: fields.status,
      changedOn: today,
      // No reason of its own: readers see "Registered" in their language (the first step has no from-status).
      reason: null,
      changedByUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
      changedBy: ctx.actor.label,
    });
    await refreshAgreementSearchText(tx, created.id);

    const detail = await loadDetail(tx, ctx.actor, created.id, today);
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: created.id,
      entityLabel: created.title,
      before: null,
      after: {
        ...historyView(created, detail.parties, detail.themes, detail.areas),
        commitments: detail.commitments.map((c) => c.text),
      },
    });
    if (detail.amends) {
      // The amended agreement's history shows that an amendment now exists.
      await recordChange(tx, ctx.actor, {
        action: "update",
        entityType: ENTITY,
        entityId: detail.amends.id,
        entityLabel: detail.amends.title,
        before: { amendment: null },
        after: { amendment: { title: detail.title, status: detail.status } },
      });
    }
    for (const c of detail.commitments) {
      await recordChange(tx, ctx.actor, {
        action: "create",
        entityType: COMMITMENT_ENTITY,
        entityId: c.id,
        entityLabel: excerpt(c.text),
        before: null,
        after: { ...c, agreementId: created.id },
      });
    }
    return detail;
  });
}

/** One agreement of a bulk creation: the agreement, the progress entries to add to it, and an amendment of it. */
export type BulkAgreementInput = {
  agreement: AgreementInput;
  progress: ProgressEntryInput[];
  /** Created after the agreement, amending it (its amendsId is the new agreement's id). */
  amendment: Omit<AgreementInput, "amendsId"> | null;
};

/** The same items, one service call at a time: the reference createAgreementsInBulk is held to. */
export async function createAgreementsOneByOne(
  ctx: ServiceContext,
  items: readonly BulkAgreementInput[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const item of items) {
    const created = await createAgreement(ctx, item.agreement);
    for (const entry of item.progress) await addProgressEntry(ctx, created.id, entry);
    if (item.amendment) await createAgreement(ctx, { ...item.amendment, amendsId: created.id });
    ids.push(created.id);
  }
  return ids;
}

/** Field errors of item `index`, with paths that say which item and which part. */
const bulkErrors = (index: number, part: string, errors: readonly FieldError[]): FieldError[] =>
  errors.map((e) => ({ ...e, path: `${index}.${part}${e.path ? `.${e.path}` : ""}` }));

/**
 * What createAgreement, then addProgressEntry for each entry, then createAgreement for the amendment would do
 * for every item — same rules, same rows, same audit entries in the same order — in one transaction and a few
 * multi-row statements instead of some seventy queries per agreement. For imports of many rows.
 */
export async function createAgreementsInBulk(
  ctx: ServiceContext,
  items: readonly BulkAgreementInput[],
): Promise<string[]> {
  const today = todayOf(ctx);
  const userId = ctx.actor.kind === "user" ? ctx.actor.userId : null;
  type Prepared = {
    values: ReturnType<typeof AgreementInputSchema.parse>;
    fields: AgreementFields;
    areas: AreaTarget[];
    proposed: Proposed;
  };
  const prepare = (input: AgreementInput): Prepared => {
    const values = parseInput(AgreementInputSchema, input);
    const fields: AgreementFields = {
      title: values.title,
      reference: values.reference ?? null,
      kind: values.kind,
      purpose: values.purpose ?? null,
      status: values.status,
      signedOnText: values.signedOnText ?? null,
      validFrom: values.validFrom ?? null,
      validUntil: values.validUntil ?? null,
      renewalTerms: values.renewalTerms ?? null,
      followUpBody: values.followUpBody ?? null,
      amendsId: values.amendsId ?? null,
      keeperOrganisationId: keeperOf(ctx.actor, values),
    };
    const areas = values.areas.map(toAreaTarget);
    const responsibles = values.commitments.flatMap((c, i) =>
      c.responsibleOrganisationId
        ? [
            {
              organisationId: c.responsibleOrganisationId,
              path: `commitments.${i}.responsibleOrganisationId`,
              label: c.text,
            },
          ]
        : [],
    );
    return {
      values,
      fields,
      areas,
      proposed: { fields, parties: values.parties, themes: values.themes, areas, responsibles },
    };
  };
  /** Parses one part of item `index`, telling which item and part a field error is in. */
  const parsed = <T>(index: number, part: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof AppError && error.kind === "validation")
        throw invalid(bulkErrors(index, part, error.errors));
      throw error;
    }
  };
  const prepared = items.map((item, i) => ({
    main: parsed(i, "agreement", () => prepare(item.agreement)),
    progress: item.progress.map((p, j) =>
      parsed(i, `progress.${j}`, () => parseInput(ProgressEntryInputSchema, p)),
    ),
    amendment: item.amendment
      ? parsed(i, "amendment", () => prepare({ ...item.amendment, amendsId: null } as AgreementInput))
      : null,
  }));

  return ctx.db.transaction(async (tx) => {
    const placeIds = prepared.flatMap((p) =>
      [p.main, ...(p.amendment ? [p.amendment] : [])].flatMap((a) =>
        a.areas.flatMap((x) => (x.placeId ? [x.placeId] : [])),
      ),
    );
    const places = await selectPlaceFacts(tx, [...new Set(placeIds)]);
    const errors: FieldError[] = [];
    for (const [i, p] of prepared.entries()) {
      for (const [part, a] of [
        ["agreement", p.main],
        ["amendment", p.amendment],
      ] as const) {
        if (!a) continue;
        const scope = scopeOf(a.values.parties, districtsOfTargets(a.areas, places));
        assertAllowedOnResource(ctx.actor, "agreement", "create", scope);
        // Adding progress to an agreement is an update of it, one by one as here.
        if (part === "agreement" && p.progress.length > 0)
          assertAllowedOnResource(ctx.actor, "agreement", "update", scope);
        // The amendment's target is the agreement created just before it: it needs no lookup.
        const found = await checkProposed(tx, a.proposed, places, {
          requireAmendsTarget: part === "agreement",
        });
        errors.push(...bulkErrors(i, part, found));
      }
      for (const [j, entry] of p.progress.entries()) {
        if (entry.commitmentIds.length > 0)
          errors.push(
            ...bulkErrors(i, `progress.${j}`, [
              {
                path: "commitmentIds",
                message: "A new agreement's progress cannot link commitments yet.",
                in: "body",
              },
            ]),
          );
        if (entry.done && entry.kind !== "planned")
          errors.push(...bulkErrors(i, `progress.${j}`, [DONE_ONLY_PLANNED]));
      }
    }
    const progressPlaces = await selectPlaceFacts(tx, [
      ...new Set(prepared.flatMap((p) => p.progress.flatMap((e) => e.placeIds))),
    ]);
    for (const [i, p] of prepared.entries())
      for (const [j, entry] of p.progress.entries())
        entry.placeIds.forEach((pid, k) => {
          if (!progressPlaces.has(pid))
            errors.push({
              path: `${i}.progress.${j}.placeIds.${k}`,
              message: "No place has this id.",
              in: "body",
            });
        });
    if (errors.length > 0) throw invalid(errors);

    const created = await insertAgreements(
      tx,
      prepared.map((p) => p.main.fields),
    );
    const amendmentFields = prepared.flatMap((p, i) => {
      const target = created[i];
      return p.amendment && target ? [{ ...p.amendment.fields, amendsId: target.id }] : [];
    });
    const amendments = await insertAgreements(tx, amendmentFields);
    const amendmentOf = new Map<number, AgreementRecord>();
    let next = 0;
    for (const [i, p] of prepared.entries()) {
      const record = p.amendment ? amendments[next++] : undefined;
      if (record) amendmentOf.set(i, record);
    }
    const all = prepared.flatMap((p, i) => {
      const record = created[i] as AgreementRecord;
      const amendment = amendmentOf.get(i);
      return [
        { record, prepared: p.main },
        ...(amendment && p.amendment ? [{ record: amendment, prepared: p.amendment }] : []),
      ];
    });
    await insertAgreementParts(
      tx,
      all.map(({ record, prepared: a }) => ({
        agreementId: record.id,
        parties: a.values.parties,
        themes: [...new Set(a.values.themes)],
        areas: a.areas,
      })),
    );
    await insertCommitments(
      tx,
      all.flatMap(({ record, prepared: a }) =>
        a.values.commitments.map((c, position) => ({
          agreementId: record.id,
          position,
          text: c.text,
          responsibleOrganisationId: c.responsibleOrganisationId ?? null,
          status: c.status,
          dueOn: c.dueOn ?? null,
        })),
      ),
    );
    await insertStatusChanges(
      tx,
      all.map(({ record }) => ({
        agreementId: record.id,
        fromStatus: null,
        toStatus: record.status,
        changedOn: today,
        reason: null,
        changedByUserId: userId,
        changedBy: ctx.actor.label,
      })),
    );
    const progressIds = await insertProgressEntries(
      tx,
      prepared.flatMap((p, i) =>
        p.progress.map((values) => ({
          agreementId: (created[i] as AgreementRecord).id,
          createdBy: ctx.actor.label,
          kind: values.kind,
          text: values.text,
          entryDate: values.entryDate ?? today,
          dueOn: values.dueOn ?? null,
          done: values.done,
          commitmentIds: [],
          placeIds: [...new Set(values.placeIds)],
        })),
      ),
    );
    await refreshAgreementSearchTexts(
      tx,
      all.map(({ record }) => record.id),
    );

    // The audit log reads as if each agreement, its progress and its amendment had been added one by one.
    const changes: AuditedChange[] = [];
    type Written = { parties: Party[]; themes: string[]; areas: AreaRow[]; commitments: Commitment[] };
    const createdEntries = (record: AgreementRecord, detail: Written): AuditedChange[] => [
      {
        action: "create",
        entityType: ENTITY,
        entityId: record.id,
        entityLabel: record.title,
        before: null,
        after: {
          ...historyView(record, detail.parties, detail.themes, detail.areas),
          commitments: detail.commitments.map((c) => c.text),
        },
      },
      ...detail.commitments.map(
        (c): AuditedChange => ({
          action: "create",
          entityType: COMMITMENT_ENTITY,
          entityId: c.id,
          entityLabel: excerpt(c.text),
          before: null,
          after: { ...c, agreementId: record.id },
        }),
      ),
    ];
    // What loadDetail would give for each, read for all of them at once.
    const allIds = all.map(({ record }) => record.id);
    const partiesOf = await selectPartiesOf(tx, allIds);
    const themesOf = await selectThemesOf(tx, allIds);
    const areasOf = await selectAreasOf(tx, allIds);
    const commitmentsOf = await selectCommitmentsOf(tx, allIds);
    const progressOf = await selectProgressOf(tx, allIds, today);
    const detailOf = (id: string) => ({
      parties: partiesOf.get(id) ?? [],
      themes: themesOf.get(id) ?? [],
      areas: areasOf.get(id) ?? [],
      commitments: commitmentsOf.get(id) ?? [],
      progress: progressOf.get(id) ?? [],
    });
    let progressAt = 0;
    for (const [i, p] of prepared.entries()) {
      const record = created[i] as AgreementRecord;
      const detail = detailOf(record.id);
      changes.push(...createdEntries(record, detail));
      for (const _ of p.progress) {
        const entryId = progressIds[progressAt++];
        const entry = detail.progress.find((e) => e.id === entryId);
        if (!entry) throw new Error("progress entry vanished inside its transaction");
        changes.push(
          {
            action: "create",
            entityType: PROGRESS_ENTITY,
            entityId: entry.id,
            entityLabel: excerpt(entry.text),
            before: null,
            after: { ...entry, overdue: undefined, agreementId: record.id },
          },
          {
            action: "update",
            entityType: ENTITY,
            entityId: record.id,
            entityLabel: record.title,
            before: { progress: null },
            after: { progress: progressLine(entry) },
          },
        );
      }
      const amendment = amendmentOf.get(i);
      if (amendment) {
        changes.push(...createdEntries(amendment, detailOf(amendment.id)), {
          action: "update",
          entityType: ENTITY,
          entityId: record.id,
          entityLabel: record.title,
          before: { amendment: null },
          after: { amendment: { title: amendment.title, status: amendment.status } },
        });
      }
    }
    await recordChanges(tx, ctx.actor, changes);
    return created.map((r) => r.id);
  });
}

const keep = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);

export async function updateAgreement(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<AgreementDetail> {
  const changes = parseInput(AgreementPatchSchema, patch);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, id, "update");
    const { record } = current;
    if (record.version !== expectedVersion) throw preconditionFailed(record.version);

    const base = recordToFields(record);
    const fields: AgreementFields = {
      title: keep(changes.title, base.title),
      reference: keep(changes.reference, base.reference),
      kind: keep<AgreementKind>(changes.kind, base.kind),
      purpose: keep(changes.purpose, base.purpose),
      status: base.status,
      signedOnText: keep(changes.signedOnText, base.signedOnText),
      validFrom: keep(changes.validFrom, base.validFrom),
      validUntil: keep(changes.validUntil, base.validUntil),
      renewalTerms: keep(changes.renewalTerms, base.renewalTerms),
      followUpBody: keep(changes.followUpBody, base.followUpBody),
      amendsId: keep(changes.amendsId, base.amendsId),
      keeperOrganisationId: keep(changes.keeperOrganisationId, base.keeperOrganisationId),
    };
    const parties =
      changes.parties ?? current.parties.map((p) => ({ organisationId: p.organisationId, role: p.role }));
    const themes = changes.themes ?? current.themes;
    const areas = changes.areas ? changes.areas.map(toAreaTarget) : current.areas.map(toAreaTarget);
    const commitments = await selectCommitments(tx, id);
    const places = await selectPlaceFacts(
      tx,
      areas.flatMap((a) => (a.placeId ? [a.placeId] : [])),
    );
    // Nobody moves an agreement out of their own reach: the new scope must allow the change too.
    if (changes.parties || changes.areas) {
      assertAllowed(
        ctx.actor,
        "agreement",
        "update",
        scopeOf(parties, districtsOfTargets(areas, places)),
        LABEL,
      );
    }
    const errors = await checkProposed(
      tx,
      {
        fields,
        parties,
        themes,
        areas,
        responsibles: commitments.flatMap((c) =>
          c.responsibleOrganisationId
            ? [{ organisationId: c.responsibleOrganisationId, path: "parties", label: c.text }]
            : [],
        ),
      },
      places,
      {
        selfId: id,
        // An amendment whose amended agreement was deleted may still be edited; only a change of kind
        // or target has to name one.
        requireAmendsTarget: changes.kind !== undefined || changes.amendsId !== undefined,
      },
    );
    if (errors.length > 0) throw invalid(errors);

    const updated = await updateAgreementRow(tx, id, expectedVersion, fields);
    if (!updated) throw preconditionFailed(record.version);
    if (changes.parties) await replaceParties(tx, id, changes.parties);
    if (changes.themes) await replaceThemes(tx, id, [...new Set(changes.themes)]);
    if (changes.areas) await replaceAreas(tx, id, areas);
    await refreshAgreementSearchText(tx, id);

    const detail = await loadDetail(tx, ctx.actor, id, today);
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: detail.title,
      before: historyView(record, current.parties, current.themes, current.areas),
      after: historyView(updated, detail.parties, detail.themes, detail.areas),
    });
    return detail;
  });
}

export async function changeAgreementStatus(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  input: StatusChangeInput,
): Promise<AgreementDetail> {
  const values = parseInput(StatusChangeInputSchema, input);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    if (record.version !== expectedVersion) throw preconditionFailed(record.version);
    if (!canChangeStatus(record.status, values.status)) {
      const allowed = STATUS_TRANSITIONS[record.status];
      throw invalid([
        {
          path: "status",
          message:
            `An agreement cannot go from ${record.status} to ${values.status}. ` +
            (allowed.length > 0
              ? `From ${record.status} it may go to: ${allowed.join(", ")}.`
              : `${record.status} is final.`),
          code: "transition_not_allowed",
          in: "body",
        },
      ]);
    }
    const changedOn = values.changedOn ?? today;
    const updated = await updateAgreementRow(tx, id, expectedVersion, {
      ...recordToFields(record),
      status: values.status,
    });
    if (!updated) throw preconditionFailed(record.version);
    await insertStatusChange(tx, {
      agreementId: id,
      fromStatus: record.status,
      toStatus: values.status,
      changedOn,
      reason: values.reason,
      changedByUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
      changedBy: ctx.actor.label,
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { status: record.status },
      after: { status: values.status, statusReason: values.reason, statusChangedOn: changedOn },
    });
    return loadDetail(tx, ctx.actor, id, today);
  });
}

export async function deleteAgreement(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  const today = todayOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, id, "delete");
    const { record } = current;
    if (record.version !== expectedVersion) throw preconditionFailed(record.version);
    const commitments = await selectCommitments(tx, id);
    const progress = await selectProgress(tx, id, today);
    const amendments = await selectAmendments(tx, id);
    if (!(await deleteAgreementRow(tx, id, expectedVersion))) throw preconditionFailed(record.version);
    // The cascade removes commitments and progress, and the amendments lose their link: each in its history.
    for (const c of commitments) {
      await recordChange(tx, ctx.actor, {
        action: "delete",
        entityType: COMMITMENT_ENTITY,
        entityId: c.id,
        entityLabel: excerpt(c.text),
        before: { ...c, agreementId: id },
        after: null,
      });
    }
    for (const p of progress) {
      await recordChange(tx, ctx.actor, {
        action: "delete",
        entityType: PROGRESS_ENTITY,
        entityId: p.id,
        entityLabel: excerpt(p.text),
        before: { ...p, agreementId: id },
        after: null,
      });
    }
    for (const a of amendments) {
      await recordChange(tx, ctx.actor, {
        action: "update",
        entityType: ENTITY,
        entityId: a.id,
        entityLabel: a.title,
        before: { amendsId: id, amends: record.title },
        after: { amendsId: null, amends: null },
      });
    }
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: historyView(record, current.parties, current.themes, current.areas),
      after: null,
    });
  });
}

export async function getAgreementHistory(ctx: ServiceContext, id: string): Promise<AuditEntry[]> {
  // History stays readable after deletion for those who could read the record (everyone, today).
  assertAllowed(ctx.actor, "agreement", "read", { organisationIds: [], districtIds: [] }, LABEL);
  const entries = await listHistory(ctx.db, ENTITY, id);
  if (entries.length === 0 && !(await selectAgreement(ctx.db, id))) throw notFound(LABEL);
  return entries;
}

// Commitments: edited with the agreement's rights, each with its own version.

/** What the agreement's history keeps of a commitment: structured, so each reader sees the status in their language. */
function commitmentLine(c: Pick<Commitment, "text" | "status">) {
  return { text: excerpt(c.text), status: c.status };
}

async function assertResponsibleIsParty(db: Executor, agreementId: string, organisationId: string | null) {
  if (!organisationId) return;
  const parties = (await selectPartiesOf(db, [agreementId])).get(agreementId) ?? [];
  if (!parties.some((p) => p.organisationId === organisationId)) {
    throw invalid([
      {
        path: "responsibleOrganisationId",
        message: "The responsible organisation must be one of the agreement's parties.",
        in: "body",
      },
    ]);
  }
}

export async function addCommitment(
  ctx: ServiceContext,
  id: string,
  input: CommitmentInput,
): Promise<Commitment> {
  const values = parseInput(CommitmentInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const fields: CommitmentFields = {
      text: values.text,
      responsibleOrganisationId: values.responsibleOrganisationId ?? null,
      status: values.status,
      dueOn: values.dueOn ?? null,
    };
    await assertResponsibleIsParty(tx, id, fields.responsibleOrganisationId);
    const commitmentId = await insertCommitment(tx, id, await nextCommitmentPosition(tx, id), fields);
    await refreshAgreementSearchText(tx, id);
    const [created] = await selectCommitments(tx, id, { id: commitmentId });
    if (!created) throw new Error("commitment vanished inside its transaction");
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: COMMITMENT_ENTITY,
      entityId: created.id,
      entityLabel: excerpt(created.text),
      before: null,
      after: { ...created, agreementId: id },
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { commitment: null },
      after: { commitment: commitmentLine(created) },
    });
    return created;
  });
}

export async function updateCommitment(
  ctx: ServiceContext,
  id: string,
  commitmentId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Commitment> {
  const changes = parseInput(CommitmentPatchSchema, patch);
  return ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const [current] = await selectCommitments(tx, id, { id: commitmentId, forUpdate: true });
    if (!current) throw notFound("The commitment");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const fields: CommitmentFields = {
      text: keep(changes.text, current.text),
      responsibleOrganisationId: keep(changes.responsibleOrganisationId, current.responsibleOrganisationId),
      status: keep(changes.status, current.status),
      dueOn: keep(changes.dueOn, current.dueOn),
    };
    if (changes.responsibleOrganisationId !== undefined) {
      await assertResponsibleIsParty(tx, id, fields.responsibleOrganisationId);
    }
    if (!(await updateCommitmentRow(tx, commitmentId, expectedVersion, fields)))
      throw preconditionFailed(current.version);
    if (fields.text !== current.text) await refreshAgreementSearchText(tx, id);
    const [updated] = await selectCommitments(tx, id, { id: commitmentId });
    if (!updated) throw new Error("commitment vanished inside its transaction");
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: COMMITMENT_ENTITY,
      entityId: commitmentId,
      entityLabel: excerpt(updated.text),
      before: current,
      after: updated,
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { commitment: commitmentLine(current) },
      after: { commitment: commitmentLine(updated) },
    });
    return updated;
  });
}

export async function removeCommitment(
  ctx: ServiceContext,
  id: string,
  commitmentId: string,
  expectedVersion: number,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const [current] = await selectCommitments(tx, id, { id: commitmentId, forUpdate: true });
    if (!current) throw notFound("The commitment");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await deleteCommitmentRow(tx, commitmentId, expectedVersion)))
      throw preconditionFailed(current.version);
    await unlinkCommitmentFromProgress(tx, id, commitmentId);
    await refreshAgreementSearchText(tx, id);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: COMMITMENT_ENTITY,
      entityId: commitmentId,
      entityLabel: excerpt(current.text),
      before: { ...current, agreementId: id },
      after: null,
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { commitment: commitmentLine(current) },
      after: { commitment: null },
    });
  });
}

// Progress entries: dated notes on the agreement, optionally linked to its commitments and to places.

/** What the agreement's history keeps of a progress entry (structured, like commitmentLine). */
function progressLine(p: Pick<ProgressEntry, "kind" | "text" | "dueOn" | "done">) {
  return p.kind === "planned"
    ? { kind: p.kind, text: excerpt(p.text), dueOn: p.dueOn, done: p.done }
    : { kind: p.kind, text: excerpt(p.text) };
}

/** Links must point at this agreement's commitments and at places that exist. */
async function checkProgressLinks(
  db: Executor,
  agreementId: string,
  links: { commitmentIds?: readonly string[]; placeIds?: readonly string[] },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (links.commitmentIds && links.commitmentIds.length > 0) {
    const own = new Set((await selectCommitments(db, agreementId)).map((c) => c.id));
    links.commitmentIds.forEach((cid, i) => {
      if (!own.has(cid))
        errors.push({
          path: `commitmentIds.${i}`,
          message: "This agreement has no such commitment.",
          in: "body",
        });
    });
  }
  if (links.placeIds && links.placeIds.length > 0) {
    const places = await selectPlaceFacts(db, links.placeIds);
    links.placeIds.forEach((pid, i) => {
      if (!places.has(pid))
        errors.push({ path: `placeIds.${i}`, message: "No place has this id.", in: "body" });
    });
  }
  return errors;
}

const DONE_ONLY_PLANNED: FieldError = {
  path: "done",
  message: "Only planned entries are marked done.",
  in: "body",
};

export async function addProgressEntry(
  ctx: ServiceContext,
  id: string,
  input: ProgressEntryInput,
): Promise<ProgressEntry> {
  const values = parseInput(ProgressEntryInputSchema, input);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const errors = await checkProgressLinks(tx, id, values);
    if (values.done && values.kind !== "planned") errors.push(DONE_ONLY_PLANNED);
    if (errors.length > 0) throw invalid(errors);
    const entryId = await insertProgressEntry(tx, id, ctx.actor.label, {
      kind: values.kind,
      text: values.text,
      entryDate: values.entryDate ?? today,
      dueOn: values.dueOn ?? null,
      done: values.done,
      commitmentIds: [...new Set(values.commitmentIds)],
      placeIds: [...new Set(values.placeIds)],
    });
    await refreshAgreementSearchText(tx, id);
    const [created] = await selectProgress(tx, id, today, { id: entryId });
    if (!created) throw new Error("progress entry vanished inside its transaction");
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: PROGRESS_ENTITY,
      entityId: entryId,
      entityLabel: excerpt(created.text),
      before: null,
      after: { ...created, overdue: undefined, agreementId: id },
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { progress: null },
      after: { progress: progressLine(created) },
    });
    return created;
  });
}

export async function updateProgressEntry(
  ctx: ServiceContext,
  id: string,
  entryId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ProgressEntry> {
  const changes = parseInput(ProgressEntryPatchSchema, patch);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const [current] = await selectProgress(tx, id, today, { id: entryId, forUpdate: true });
    if (!current) throw notFound("The progress entry");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const errors = await checkProgressLinks(tx, id, changes);
    if (current.kind !== "planned") {
      if (changes.dueOn)
        errors.push({ path: "dueOn", message: "Only planned entries have a due date.", in: "body" });
      if (changes.done) errors.push(DONE_ONLY_PLANNED);
    }
    if (errors.length > 0) throw invalid(errors);
    const ok = await updateProgressEntryRow(tx, entryId, expectedVersion, {
      text: keep(changes.text, current.text),
      entryDate: keep(changes.entryDate, current.entryDate),
      dueOn: keep(changes.dueOn, current.dueOn),
      done: keep(changes.done, current.done),
      commitmentIds: changes.commitmentIds ? [...new Set(changes.commitmentIds)] : current.commitmentIds,
      placeIds: changes.placeIds ? [...new Set(changes.placeIds)] : current.placeIds,
    });
    if (!ok) throw preconditionFailed(current.version);
    if (changes.text !== undefined && changes.text !== current.text) await refreshAgreementSearchText(tx, id);
    const [updated] = await selectProgress(tx, id, today, { id: entryId });
    if (!updated) throw new Error("progress entry vanished inside its transaction");
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: PROGRESS_ENTITY,
      entityId: entryId,
      entityLabel: excerpt(updated.text),
      before: { ...current, overdue: undefined },
      after: { ...updated, overdue: undefined },
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { progress: progressLine(current) },
      after: { progress: progressLine(updated) },
    });
    return updated;
  });
}

export async function removeProgressEntry(
  ctx: ServiceContext,
  id: string,
  entryId: string,
  expectedVersion: number,
): Promise<void> {
  const today = todayOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const [current] = await selectProgress(tx, id, today, { id: entryId, forUpdate: true });
    if (!current) throw notFound("The progress entry");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await deleteProgressEntryRow(tx, entryId, expectedVersion)))
      throw preconditionFailed(current.version);
    await refreshAgreementSearchText(tx, id);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: PROGRESS_ENTITY,
      entityId: entryId,
      entityLabel: excerpt(current.text),
      before: { ...current, overdue: undefined, agreementId: id },
      after: null,
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { progress: progressLine(current) },
      after: { progress: null },
    });
  });
}

export async function getCooperationOverview(
  ctx: ServiceContext,
  query: { expiringWithinDays: number },
): Promise<CooperationOverview> {
  const today = todayOf(ctx);
  if (!listScope(ctx.actor, "agreement").all) {
    return {
      today,
      total: 0,
      byStatus: [],
      byKind: [],
      byTheme: [],
      expiringSoon: [],
      overduePlanned: [],
      recentProgress: [],
    };
  }
  const counts = await countAgreements(ctx.db, today);
  const expiring = await selectAgreementSummaries(
    ctx.db,
    {
      sort: "expiry",
      limit: OVERVIEW_EXPIRING_LIMIT,
      offset: 0,
      expiringWithinDays: query.expiringWithinDays,
    },
    today,
    null,
  );
  return {
    today,
    ...counts,
    expiringSoon: expiring.items,
    overduePlanned: await selectOverdueProgress(ctx.db, today, OVERVIEW_OVERDUE_LIMIT),
    recentProgress: await selectRecentProgress(ctx.db, today, OVERVIEW_RECENT_LIMIT),
  };
}

// Documents: files kept with the agreement, added and removed with its update right, read with its read right.

function documentLine(d: Pick<AgreementDocument, "kind" | "fileName" | "sizeBytes">) {
  return { kind: d.kind, fileName: d.fileName, sizeBytes: d.sizeBytes };
}

export type DocumentUpload = { kind: DocumentKind; fileName: string; bytes: Uint8Array };

/** Stores a file after reading its type from its bytes; nothing is written when it is refused. */
export async function addAgreementDocument(
  ctx: ServiceContext,
  id: string,
  upload: DocumentUpload,
): Promise<AgreementDocument> {
  return ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const contentType = await detectDocumentType(upload.bytes);
    const created = await insertDocument(tx, id, {
      kind: upload.kind,
      fileName: sanitiseFileName(upload.fileName, contentType),
      contentType,
      sha256: createHash("sha256").update(upload.bytes).digest("hex"),
      data: upload.bytes,
      uploadedBy: ctx.actor.label,
      uploadedByUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    });
    // Metadata only: the bytes stay out of the audit log.
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: DOCUMENT_ENTITY,
      entityId: created.id,
      entityLabel: created.fileName,
      before: null,
      after: { ...created, agreementId: id },
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { document: null },
      after: { document: documentLine(created) },
    });
    return created;
  });
}

/** The file with its bytes, for download: 404 when the agreement is outside the caller's reach. */
export async function getAgreementDocumentFile(
  ctx: ServiceContext,
  id: string,
  documentId: string,
): Promise<DocumentFile> {
  const current = await loadCurrent(ctx.db, id);
  if (!current) throw notFound(LABEL);
  assertAllowed(ctx.actor, "agreement", "read", scopeOf(current.parties, current.areas), LABEL);
  const file = await selectDocumentFile(ctx.db, id, documentId);
  if (!file) throw notFound("The document");
  return file;
}

export async function removeAgreementDocument(
  ctx: ServiceContext,
  id: string,
  documentId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { record } = await loadAuthorised(tx, ctx.actor, id, "update");
    const removed = await deleteDocumentRow(tx, id, documentId);
    if (!removed) throw notFound("The document");
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: DOCUMENT_ENTITY,
      entityId: documentId,
      entityLabel: removed.fileName,
      before: { ...removed, agreementId: id },
      after: null,
    });
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: record.title,
      before: { document: documentLine(removed) },
      after: { document: null },
    });
  });
}
