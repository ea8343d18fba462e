// Recommendations of the monitoring body: written and changed by its monitors, read by them, by the addressee's staff
// and (once published) by every signed-in user; the addressee's response. Status changes: recommendation-status-changes.service.ts.
import {
  assertAllowedOnResource,
  assertVersion,
  inTransaction,
  preconditionFailed,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { AppError, conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { isInsider, mayRead, monitorScope, reachOf, sidesOf } from "./recommendation-access";
import { isOverdue, type RecommendationStatus, statusesFor } from "./recommendation-status";
import {
  type CitableFindings,
  CitableFindingsQuerySchema,
  type Recommendation,
  RecommendationInputSchema,
  type RecommendationList,
  RecommendationListQuerySchema,
  RecommendationPatchSchema,
  type RecommendationStatusChange,
  type RecommendationSummary,
  ResponseInputSchema,
} from "./recommendations.schema";
import {
  countFollowUpLinks,
  countRecommendations,
  countStatusChanges,
  deleteRecommendationRow,
  insertRecommendation,
  type NamedRef,
  type RecommendationLinks,
  type RecommendationRow,
  type RecommendationValues,
  type SourceRow,
  selectCitableFindings,
  selectDetentionPlaceIds,
  selectEvidenceOf,
  selectExistingOrganisationIds,
  selectFindingFacts,
  selectLinkIds,
  selectPlacesOf,
  selectRecommendation,
  selectRecommendations,
  selectSources,
  selectStatusChanges,
  selectVisitFacts,
  updateRecommendationRow,
} from "./recommendations.store";

export const ENTITY = "recommendation";
export const LABEL = "The recommendation";

export const recommendationReference = (r: { issuedOn: string; number: number }) =>
  `REC-${r.issuedOn.slice(0, 4)}-${r.number}`;
export const visitReference = (v: { startsOn: string; number: number }) =>
  `VIS-${v.startsOn.slice(0, 4)}-${v.number}`;

const bodyError = (path: string, message: string, code: string): FieldError => ({
  path,
  message,
  code,
  in: "body",
});

/** The row, if this actor may read it; 404 otherwise (never 403: that would confirm it exists). */
export async function loadReadable(
  ctx: ServiceContext,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RecommendationRow> {
  const row = await selectRecommendation(ctx.db, id, options);
  if (!row || !mayRead(ctx.actor, row, todayOf(ctx))) throw notFound(LABEL);
  return row;
}

/** The row, locked, if this actor may change it as a monitor of its body: 404 outside reach, 403 read-only. */
async function loadForMonitor(ctx: ServiceContext, id: string, action: "update" | "delete") {
  const row = await loadReadable(ctx, id, { forUpdate: true });
  if (!sidesOf(ctx.actor, row, action).includes("monitor"))
    throw new AppError("forbidden", "Only monitors of the monitoring body change its recommendations.");
  return row;
}

function summaryOf(row: RecommendationRow, places: NamedRef[], today: string): RecommendationSummary {
  return {
    id: row.id,
    reference: recommendationReference(row),
    monitoringOrganisation: { id: row.monitoringOrganisationId, name: row.monitoringOrganisationName },
    text: row.text,
    theme: row.theme as RecommendationSummary["theme"],
    vulnerableGroups: row.vulnerableGroups as RecommendationSummary["vulnerableGroups"],
    addressee: { id: row.addresseeOrganisationId, name: row.addresseeName },
    priority: row.priority as RecommendationSummary["priority"],
    issuedOn: row.issuedOn,
    deadline: row.deadline,
    allFacilities: row.allFacilities,
    places,
    status: row.status as RecommendationStatus,
    statusOn: row.statusOn,
    overdue: isOverdue({ deadline: row.deadline, status: row.status as RecommendationStatus }, today),
    publishedOn: row.publishedOn,
    version: row.version,
  };
}

/** Source rows (one per finding, or one per visit without any) grouped by visit; findings only for insiders. */
function groupSources(rows: readonly SourceRow[], withFindings: boolean): Recommendation["sources"] {
  const sources: Recommendation["sources"] = [];
  for (const s of rows) {
    let source = sources.find((x) => x.visitId === s.visitId);
    if (!source) {
      source = {
        visitId: s.visitId,
        visitReference: visitReference({ startsOn: s.startsOn, number: s.visitNumber }),
        placeName: s.placeName,
        startsOn: s.startsOn,
        findings: [],
      };
      sources.push(source);
    }
    if (s.findingId && withFindings)
      source.findings.push({ id: s.findingId, theme: s.findingTheme ?? "", text: s.findingText ?? "" });
  }
  return sources;
}

/** The whole recommendation as this reader may see it. */
export async function presentRecommendation(
  ctx: ServiceContext,
  row: RecommendationRow,
): Promise<Recommendation> {
  const today = todayOf(ctx);
  const insider = isInsider(ctx.actor, row);
  const places = (await selectPlacesOf(ctx.db, [row.id])).get(row.id) ?? [];
  const sources = groupSources(await selectSources(ctx.db, row.id), insider);
  const changes = await selectStatusChanges(ctx.db, row.id);
  const evidence = insider
    ? await selectEvidenceOf(
        ctx.db,
        changes.map((c) => c.id),
      )
    : [];
  const history: RecommendationStatusChange[] = changes.map((c) => ({
    id: c.id,
    status: c.status as RecommendationStatus,
    changedOn: c.changedOn,
    // Notes and evidence are the two sides' working papers; a published recommendation shows its statuses only.
    note: insider ? c.note : null,
    visitId: c.visitId,
    visitReference:
      c.visitNumber !== null && c.visitStartsOn !== null
        ? visitReference({ startsOn: c.visitStartsOn, number: c.visitNumber })
        : null,
    recordedBy: insider ? c.recordedBy : "",
    recordedAt: c.recordedAt.toISOString(),
    ...(insider
      ? {
          evidence: evidence
            .filter((e) => e.statusChangeId === c.id)
            .map(({ statusChangeId: _, uploadedAt, ...e }) => ({
              ...e,
              uploadedAt: uploadedAt.toISOString(),
            })),
        }
      : {}),
  }));
  const updateSides = sidesOf(ctx.actor, row, "update");
  const monitor = updateSides.includes("monitor");
  const answered = row.status !== "not_answered" || row.response !== null;
  return {
    ...summaryOf(row, places, today),
    sources,
    response: row.response,
    respondedOn: row.respondedOn,
    history,
    can: {
      edit: monitor,
      delete: monitor && !answered,
      respond: updateSides.includes("addressee"),
      statuses: statusesFor(updateSides),
    },
  };
}

const auditSnapshot = (row: RecommendationValues & { status?: string }, links: RecommendationLinks) => ({
  ...row,
  ...links,
});

// ----- Reading -----

export async function getRecommendation(ctx: ServiceContext, id: string): Promise<Recommendation> {
  return presentRecommendation(ctx, await loadReadable(ctx, id));
}

/** Recommendations the reader reaches, newest first; scope and filters in SQL. */
export async function listRecommendations(ctx: ServiceContext, query: unknown): Promise<RecommendationList> {
  const q = parseInput(RecommendationListQuerySchema, query, "query");
  const today = todayOf(ctx);
  const filter = {
    reach: reachOf(ctx.actor, today),
    today,
    ...(q.status ? { status: q.status } : {}),
    ...(q.theme ? { theme: q.theme } : {}),
    ...(q.addresseeOrganisationId ? { addresseeOrganisationId: q.addresseeOrganisationId } : {}),
    ...(q.monitoringOrganisationId ? { monitoringOrganisationId: q.monitoringOrganisationId } : {}),
    ...(q.placeId ? { placeId: q.placeId } : {}),
    ...(q.overdue === undefined ? {} : { overdue: q.overdue }),
  };
  const rows = await selectRecommendations(ctx.db, filter, { limit: q.limit, offset: q.offset });
  const total = await countRecommendations(ctx.db, filter);
  const places = await selectPlacesOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => summaryOf(r, places.get(r.id) ?? [], today)), total };
}

/** Findings a monitor of the body may cite in a recommendation (403 for anyone else). */
export async function listCitableFindings(ctx: ServiceContext, query: unknown): Promise<CitableFindings> {
  const q = parseInput(CitableFindingsQuerySchema, query, "query");
  assertAllowedOnResource(ctx.actor, ENTITY, "create", monitorScope(q));
  return { items: groupSources(await selectCitableFindings(ctx.db, q.monitoringOrganisationId), true) };
}

// ----- Writing -----

type Checked = { values: RecommendationValues; links: RecommendationLinks };

/**
 * Checks what a recommendation refers to, naming each bad field: the addressee is an organisation; findings and visits
 * are the monitoring body's own (a finding brings its visit); places are places of detention, or all facilities;
 * the deadline is not before the day it was issued nor before the visits it comes from.
 */
async function checkReferences(
  ctx: ServiceContext,
  values: RecommendationValues,
  requested: RecommendationLinks,
): Promise<Checked> {
  const errors: FieldError[] = [];
  const orgs = await selectExistingOrganisationIds(ctx.db, [
    values.addresseeOrganisationId,
    values.monitoringOrganisationId,
  ]);
  if (!orgs.has(values.monitoringOrganisationId))
    errors.push(
      bodyError(
        "monitoringOrganisationId",
        "No organisation of the register has this id.",
        "unknown_organisation",
      ),
    );
  if (!orgs.has(values.addresseeOrganisationId))
    errors.push(
      bodyError(
        "addresseeOrganisationId",
        "Address it to an organisation of the register (RCS, RNP, MINIJUST…).",
        "unknown_organisation",
      ),
    );
  const body = values.monitoringOrganisationId;
  const findings = await selectFindingFacts(ctx.db, requested.findingIds);
  const visitIds = new Set<string>();
  const visitEnds: string[] = [];
  requested.findingIds.forEach((id, i) => {
    const f = findings.get(id);
    if (!f || f.visit.monitoringOrganisationId !== body)
      errors.push(
        bodyError(
          `findingIds.${i}`,
          "No finding of this monitoring body's visits has this id.",
          "unknown_finding",
        ),
      );
    else {
      visitIds.add(f.visit.id);
      visitEnds.push(f.visit.endsOn ?? f.visit.startsOn);
    }
  });
  const visits = await selectVisitFacts(ctx.db, requested.visitIds);
  requested.visitIds.forEach((id, i) => {
    const v = visits.get(id);
    if (!v || v.monitoringOrganisationId !== body)
      errors.push(
        bodyError(`visitIds.${i}`, "No visit of this monitoring body has this id.", "unknown_visit"),
      );
    else {
      visitIds.add(v.id);
      visitEnds.push(v.endsOn ?? v.startsOn);
    }
  });
  const places = await selectDetentionPlaceIds(ctx.db, requested.placeIds);
  requested.placeIds.forEach((id, i) => {
    if (!places.has(id))
      errors.push(bodyError(`placeIds.${i}`, "No place of detention has this id.", "unknown_place"));
  });
  if (values.allFacilities && requested.placeIds.length > 0)
    errors.push(
      bodyError("placeIds", "A recommendation for all facilities names no single place.", "places_with_all"),
    );
  if (!values.allFacilities && requested.placeIds.length === 0)
    errors.push(
      bodyError("placeIds", "Name the places of detention it concerns, or all facilities.", "no_place"),
    );
  if (values.deadline !== null) {
    if (values.deadline < values.issuedOn)
      errors.push(
        bodyError("deadline", "The deadline cannot be before the day it was issued.", "before_issued"),
      );
    else if (visitEnds.some((end) => values.deadline !== null && values.deadline < end))
      errors.push(
        bodyError("deadline", "The deadline cannot be before the visit it comes from.", "before_visit"),
      );
  }
  if (errors.length > 0) throw invalid(errors);
  return { values, links: { ...requested, visitIds: [...visitIds].sort() } };
}

export async function createRecommendation(ctx: ServiceContext, input: unknown): Promise<Recommendation> {
  const data = parseInput(RecommendationInputSchema, input);
  assertAllowedOnResource(ctx.actor, ENTITY, "create", monitorScope(data));
  return inTransaction(ctx, async (tx) => {
    const { findingIds, visitIds, placeIds, ...values } = data;
    const checked = await checkReferences(tx, values, { findingIds, visitIds, placeIds });
    const id = await insertRecommendation(tx.db, checked.values, checked.links);
    const row = await loadReadable(tx, id);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: recommendationReference(row),
      before: null,
      after: auditSnapshot(checked.values, checked.links),
    });
    return presentRecommendation(tx, row);
  });
}

const valuesOf = (row: RecommendationRow): RecommendationValues => ({
  monitoringOrganisationId: row.monitoringOrganisationId,
  text: row.text,
  theme: row.theme,
  vulnerableGroups: row.vulnerableGroups,
  addresseeOrganisationId: row.addresseeOrganisationId,
  priority: row.priority,
  issuedOn: row.issuedOn,
  deadline: row.deadline,
  allFacilities: row.allFacilities,
  publishedOn: row.publishedOn,
});

export async function updateRecommendation(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Recommendation> {
  const changes = parseInput(RecommendationPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const row = await loadForMonitor(tx, id, "update");
    assertVersion(row, expectedVersion);
    const before = valuesOf(row);
    const beforeLinks = await selectLinkIds(tx.db, id);
    const { findingIds, visitIds, placeIds, ...fields } = changes;
    const values: RecommendationValues = { ...before, ...fields };
    const checked = await checkReferences(tx, values, {
      findingIds: findingIds ?? beforeLinks.findingIds,
      visitIds: visitIds ?? beforeLinks.visitIds,
      // Switching to all facilities drops the places named one by one.
      placeIds: placeIds ?? (fields.allFacilities ? [] : beforeLinks.placeIds),
    });
    if (values.issuedOn > row.statusOn && row.status !== "not_answered")
      throw invalid([
        bodyError("issuedOn", "It cannot be issued after its latest status change.", "after_status_change"),
      ]);
    const statusOn = row.status === "not_answered" ? values.issuedOn : row.statusOn;
    if (
      !(await updateRecommendationRow(
        tx.db,
        id,
        expectedVersion,
        { ...checked.values, statusOn },
        checked.links,
      ))
    )
      throw preconditionFailed(row.version + 1);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: recommendationReference(row),
      before: auditSnapshot(before, beforeLinks),
      after: auditSnapshot(checked.values, checked.links),
    });
    return presentRecommendation(tx, await loadReadable(tx, id));
  });
}

/** Deletes one not yet answered (no status change, no response, no action serving it); 409 otherwise. */
export async function deleteRecommendation(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await loadForMonitor(tx, id, "delete");
    assertVersion(row, expectedVersion);
    if (
      row.status !== "not_answered" ||
      row.response !== null ||
      (await countStatusChanges(tx.db, id)) > 0 ||
      (await countFollowUpLinks(tx.db, id)) > 0
    )
      throw conflict(
        `${recommendationReference(row)} was answered or is followed up: it stays on the record. Change its status instead.`,
      );
    const links = await selectLinkIds(tx.db, id);
    if (!(await deleteRecommendationRow(tx.db, id, expectedVersion))) throw preconditionFailed(row.version);
    await recordChange(tx.db, tx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: recommendationReference(row),
      before: auditSnapshot(valuesOf(row), links),
      after: null,
    });
  });
}

/** The addressee's response and action plan, as its staff write it (If-Match on the recommendation). */
export async function respondToRecommendation(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  input: unknown,
): Promise<Recommendation> {
  const data = parseInput(ResponseInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    if (!sidesOf(tx.actor, row, "update").includes("addressee"))
      throw new AppError("forbidden", "Only the addressee's staff write its response.");
    assertVersion(row, expectedVersion);
    const today = todayOf(tx);
    if (data.respondedOn > today || data.respondedOn < row.issuedOn)
      throw invalid([
        bodyError(
          "respondedOn",
          "The response's day is between the day the recommendation was issued and today.",
          data.respondedOn > today ? "in_future" : "before_issued",
        ),
      ]);
    if (!(await updateRecommendationRow(tx.db, id, expectedVersion, data)))
      throw preconditionFailed(row.version);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: recommendationReference(row),
      before: { response: row.response, respondedOn: row.respondedOn },
      after: data,
    });
    return presentRecommendation(tx, await loadReadable(tx, id));
  });
}
