import { isDeepStrictEqual } from "node:util";
import {
  assertAllowed,
  assertChangeStaysInScope,
  inTransaction,
  listScope,
  preconditionFailed,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { type AuditEntry, listHistory, recordChange } from "../audit";
import {
  COMMITMENT_ENTITY,
  checkProposed,
  districtsOfTargets,
  ENTITY,
  excerpt,
  historyView,
  keep,
  LABEL,
  loadAuthorised,
  loadDetail,
  PROGRESS_ENTITY,
  scopeOf,
  toAreaTarget,
} from "./agreement-detail.service";
import {
  countAgreements,
  type PlaceInside,
  selectAgreementSummaries,
  selectPlaceFactsStamped,
} from "./agreement-list.store";
import { selectOtherFieldsOf } from "./agreement-other-fields.store";
import { refreshAgreementSearchText } from "./agreement-search.store";
import { canChangeStatus, STATUS_TRANSITIONS } from "./agreement-status";
import {
  type AgreementDetail,
  type AgreementKeeperList,
  type AgreementKind,
  type AgreementList,
  type AgreementListQuery,
  AgreementPatchSchema,
  type CooperationOverview,
  type StatusChangeInput,
  StatusChangeInputSchema,
} from "./agreements.schema";
import {
  type AgreementFields,
  type AgreementPartySet,
  deleteAgreementRow,
  insertStatusChange,
  type PlaceFacts,
  recordToFields,
  replaceAreas,
  replaceParties,
  replaceThemes,
  selectAgreement,
  selectAgreementKeepers,
  selectAmendments,
  selectPartySetsOf,
  selectPlaceFacts,
  updateAgreementRow,
} from "./agreements.store";
import { selectCommitments, selectCommitmentsOf } from "./commitments.store";
import {
  selectOverdueProgress,
  selectProgress,
  selectProgressOf,
  selectRecentProgress,
} from "./progress-entries.store";

const OVERVIEW_EXPIRING_LIMIT = 20;
const OVERVIEW_OVERDUE_LIMIT = 50;
const OVERVIEW_RECENT_LIMIT = 20;

export async function listAgreements(ctx: ServiceContext, query: AgreementListQuery): Promise<AgreementList> {
  // The register is readable by every role anywhere; a scope-limited policy would filter here.
  if (!listScope(ctx.actor, "agreement").all) return { items: [], total: 0 };
  const today = todayOf(ctx);
  if (!query.placeId) {
    const { items, total, corrections } = await selectAgreementSummaries(ctx.db, query, today, null);
    return corrections ? { items, total, corrections } : { items, total };
  }
  // The place's facts come from a cache checked against the change counter the list query itself reads: one
  // round trip per page instead of two, and a page never filtered by facts older than the rows it shows.
  const placeId = query.placeId;
  const cache = placeFactsCaches.get(ctx.db) ?? new Map<string, StampedPlaceFacts>();
  placeFactsCaches.set(ctx.db, cache);
  let known = cache.get(placeId) ?? (await selectPlaceFactsStamped(ctx.db, placeId));
  let page = await selectAgreementSummaries(ctx.db, query, today, { placeId, ...known });
  if (page.stamp !== known.stamp) {
    const fresh = await selectPlaceFactsStamped(ctx.db, placeId);
    if (!isDeepStrictEqual(fresh.facts, known.facts) || !isDeepStrictEqual(fresh.inside, known.inside)) {
      page = await selectAgreementSummaries(ctx.db, query, today, { placeId, ...fresh });
    }
    known = fresh;
  }
  if (cache.size >= PLACE_FACTS_CACHE_MAX && !cache.has(placeId)) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(placeId, known);
  return page.corrections
    ? { items: page.items, total: page.total, corrections: page.corrections }
    : { items: page.items, total: page.total };
}

type StampedPlaceFacts = { facts: PlaceFacts | null; inside: PlaceInside; stamp: string };
const PLACE_FACTS_CACHE_MAX = 2_000;
const placeFactsCaches = new WeakMap<ServiceContext["db"], Map<string, StampedPlaceFacts>>();

/**
 * Every agreement the organisation is a party to, with the organisations of its parties, in title order: what an
 * import compares its rows with, read in one query (empty for an actor who may not list the register).
 */
export async function listAgreementPartySets(
  ctx: ServiceContext,
  organisationId: string,
): Promise<AgreementPartySet[]> {
  if (!listScope(ctx.actor, "agreement").all) return [];
  return selectPartySetsOf(ctx.db, organisationId);
}

/**
 * The texts of the commitments, progress entries and other fields ("Label: value") of each agreement named, in
 * three queries.
 */
export async function listAgreementChildTexts(
  ctx: ServiceContext,
  agreementIds: readonly string[],
): Promise<Map<string, AgreementChildTexts>> {
  const out = new Map<string, AgreementChildTexts>();
  if (agreementIds.length === 0 || !listScope(ctx.actor, "agreement").all) return out;
  const ids = [...new Set(agreementIds)];
  const [commitments, progress, otherFields] = [
    await selectCommitmentsOf(ctx.db, ids),
    await selectProgressOf(ctx.db, ids, todayOf(ctx)),
    await selectOtherFieldsOf(ctx.db, ids),
  ];
  for (const id of ids)
    out.set(id, {
      commitments: (commitments.get(id) ?? []).map((c) => c.text),
      progress: (progress.get(id) ?? []).map((p) => p.text),
      otherFields: (otherFields.get(id) ?? []).map((f) => otherFieldText(f)),
    });
  return out;
}

export type AgreementChildTexts = { commitments: string[]; progress: string[]; otherFields: string[] };

/** An other field as one text, as listAgreementChildTexts gives it: what an import compares its cells with. */
export const otherFieldText = (f: { label: string; value: string }) => `${f.label}: ${f.value}`;

export async function getAgreement(ctx: ServiceContext, id: string): Promise<AgreementDetail> {
  return loadDetail(ctx.db, ctx.actor, id, todayOf(ctx));
}

export async function listAgreementKeepers(ctx: ServiceContext): Promise<AgreementKeeperList> {
  if (!listScope(ctx.actor, "agreement").all) return { items: [] };
  return { items: await selectAgreementKeepers(ctx.db) };
}

export async function updateAgreement(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<AgreementDetail> {
  const changes = parseInput(AgreementPatchSchema, patch);
  const today = todayOf(ctx);
  return inTransaction(ctx, async ({ db: tx }) => {
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
    // Nobody moves an agreement out of their own reach (the kernel's one check for every resource).
    assertChangeStaysInScope(
      ctx.actor,
      "agreement",
      scopeOf(current.parties, current.areas),
      scopeOf(parties, districtsOfTargets(areas, places)),
    );
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
  return inTransaction(ctx, async ({ db: tx }) => {
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
  await inTransaction(ctx, async ({ db: tx }) => {
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
