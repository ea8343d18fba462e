// Programme use cases: check the caller's rights, change data in one transaction, refresh rollups, write the audit entry.
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
import { conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import type { Actor } from "../access/access.schema";
import { listThemes } from "../agreements";
import { type AuditEntry, listHistory, recordChange } from "../audit";
import { indicatorActual, indicatorTarget, progressPercent } from "./indicator-value";
import {
  type BreakdownCell,
  type Calculation,
  CHILD_LEVEL,
  type Disaggregation,
  type EventInput,
  EventInputSchema,
  type EventKind,
  EventPatchSchema,
  type Indicator,
  type IndicatorInput,
  IndicatorInputSchema,
  IndicatorPatchSchema,
  type IndicatorUnit,
  type LogframeItem,
  type LogframeItemInput,
  LogframeItemInputSchema,
  LogframeItemPatchSchema,
  type ProgrammeDashboard,
  type ProgrammeDetail,
  type ProgrammeEvent,
  type ProgrammeInput,
  ProgrammeInputSchema,
  type ProgrammeList,
  type ProgrammeListQuery,
  ProgrammePatchSchema,
  type ReachTableRow,
  type Result,
  type ResultInput,
  ResultInputSchema,
  type TargetInput,
} from "./programmes.schema";
import {
  countEventsOfActivity,
  countResults,
  deleteEventResults,
  deleteEventRow,
  deleteIndicatorRow,
  deleteLogframeItemRow,
  deleteProgrammeRow,
  deleteResultRow,
  type EventRow,
  type IndicatorWithRollup,
  insertEvent,
  insertIndicator,
  insertLogframeItem,
  insertProgramme,
  insertResult,
  insertTargets,
  type OrganisationLink,
  type Participants,
  type ProgrammeFields,
  type ProgrammeRecord,
  refreshIndicatorRollup,
  refreshProgrammeReach,
  replaceProgrammeAgreements,
  replaceProgrammeOrganisations,
  replaceProgrammePlaces,
  replaceProgrammeThemes,
  replaceTargets,
  selectAgreementTitles,
  selectBreakdownDimensions,
  selectEvents,
  selectIndicators,
  selectLogframe,
  selectOrganisationRefs,
  selectPlaceRefs,
  selectProgramme,
  selectProgrammeAgreementIds,
  selectProgrammeOrganisations,
  selectProgrammePlaceIds,
  selectProgrammeSummaries,
  selectProgrammeThemes,
  selectQualitativeReach,
  selectReach,
  selectRecordedSpan,
  selectResultRef,
  selectResults,
  selectTimeline,
  selectUndated,
  touchProgramme,
  unlinkIndicatorFromEvents,
  updateEventRow,
  updateIndicatorRow,
  updateLogframeItemText,
  updateProgrammeRow,
} from "./programmes.store";

const ENTITY = "programme";
const LABEL = "The programme";

/** The rule for double counting, as the dashboard and the API state it. */
export const DOUBLE_COUNTING_RULE =
  "People reached adds up the participants of every event once. A person at two events counts twice, " +
  "unless the later event is marked as having the same participants as an earlier one (a follow-up session): " +
  "its participants are not added again. Reach that is not a count (such as “Nationwide”) is shown beside the number, never added to it.";

type Current = {
  record: ProgrammeRecord;
  organisations: OrganisationLink[];
  placeIds: string[];
  districtIds: string[];
};

function scopeOf(current: Pick<Current, "record" | "organisations" | "districtIds">): RecordScope {
  return {
    organisationIds: [
      // Donors read what they fund (everyone reads programmes) but keep no one's results: lead and partners only.
      ...new Set([
        current.record.leadOrganisationId,
        ...current.organisations
          .filter((o) => o.role === "implementing_partner")
          .map((o) => o.organisationId),
      ]),
    ],
    districtIds: current.districtIds,
  };
}

async function loadCurrent(db: Executor, id: string): Promise<Current | null> {
  const record = await selectProgramme(db, id);
  if (!record) return null;
  const organisations = await selectProgrammeOrganisations(db, id);
  const placeIds = await selectProgrammePlaceIds(db, id);
  const places = await selectPlaceRefs(db, placeIds);
  const districtIds = [...new Set([...places.values()].flatMap((p) => (p.districtId ? [p.districtId] : [])))];
  return { record, organisations, placeIds, districtIds };
}

async function loadAuthorised(
  db: Executor,
  actor: Actor,
  id: string,
  action: "read" | "update" | "delete",
): Promise<Current> {
  const current = await loadCurrent(db, id);
  if (!current) throw notFound(LABEL);
  assertAllowed(actor, "programme", action, scopeOf(current), LABEL);
  return current;
}

function toIndicator(row: IndicatorWithRollup): Indicator {
  const actual = indicatorActual(row.unit, row.calculation, row.rollup);
  const target = row.unit === "text" ? null : indicatorTarget(row.calculation, row.targets);
  return {
    id: row.id,
    logframeItemId: row.logframeItemId,
    libraryCode: row.libraryCode,
    title: row.title,
    unit: row.unit,
    calculation: row.calculation,
    baselineValue: row.baselineValue,
    baselineText: row.baselineText,
    baselineDate: row.baselineDate,
    disaggregations: row.disaggregations,
    targets: row.targets,
    target,
    actual,
    progressPercent: progressPercent(actual, target),
  };
}

async function toEvents(db: Executor, rows: EventRow[]): Promise<ProgrammeEvent[]> {
  const places = await selectPlaceRefs(
    db,
    rows.flatMap((r) => r.placeIds),
  );
  const organisations = await selectOrganisationRefs(
    db,
    rows.flatMap((r) => r.organiserIds),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    startDate: r.startDate,
    endDate: r.endDate,
    dateReported: r.dateReported,
    places: r.placeIds.flatMap((id) => {
      const p = places.get(id);
      return p ? [{ id: p.id, name: p.name, kind: p.kind }] : [];
    }),
    organisers: r.organiserIds.flatMap((id) => {
      const o = organisations.get(id);
      return o ? [o] : [];
    }),
    activityId: r.activityId,
    indicatorIds: r.indicatorIds,
    participants: r.participants,
    participantTotal: r.participants.reduce((s, p) => s + p.count, 0),
    reachNote: r.reachNote,
    repeatAudience: r.repeatAudience,
    notes: r.notes,
  }));
}

async function loadDetail(db: Executor, actor: Actor, id: string): Promise<ProgrammeDetail> {
  const current = await loadAuthorised(db, actor, id, "read");
  const { record, organisations } = current;
  const orgs = await selectOrganisationRefs(db, [
    record.leadOrganisationId,
    ...organisations.map((o) => o.organisationId),
  ]);
  const orgRef = (oid: string) => orgs.get(oid) ?? { id: oid, name: "", acronym: null };
  const places = await selectPlaceRefs(db, current.placeIds);
  const agreementIds = await selectProgrammeAgreementIds(db, id);
  const agreementTitles = await selectAgreementTitles(db, agreementIds);
  const scope = scopeOf(current);
  return {
    id: record.id,
    title: record.title,
    description: record.description,
    status: record.status,
    startDate: record.startDate,
    endDate: record.endDate,
    iatiIdentifier: record.iatiIdentifier ?? null,
    narratives: record.narratives ?? null,
    lead: orgRef(record.leadOrganisationId),
    partners: organisations
      .filter((o) => o.role === "implementing_partner")
      .map((o) => orgRef(o.organisationId)),
    donors: organisations
      .filter((o) => o.role === "donor")
      .map((o) => ({ ...orgRef(o.organisationId), amount: o.amount, currency: o.currency })),
    places: [...places.values()]
      .map((p) => ({ id: p.id, name: p.name, kind: p.kind }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    themes: await selectProgrammeThemes(db, id),
    agreements: [...agreementTitles].map(([aid, title]) => ({ id: aid, title })),
    logframe: await selectLogframe(db, id),
    indicators: (await selectIndicators(db, { programmeIds: [id] })).map(toIndicator),
    events: await toEvents(db, await selectEvents(db, { programmeId: id })),
    version: record.version,
    canEdit: isAllowed(actor, "programme", "update", scope),
    canDelete: isAllowed(actor, "programme", "delete", scope),
  };
}

type ProgrammeValues = {
  fields: ProgrammeFields;
  partnerIds: string[];
  donors: { organisationId: string; amount?: number | null; currency?: string | null }[];
  placeIds: string[];
  themes: string[];
  agreementIds: string[];
};

/** Rules needing the database or several fields; every error at once. */
async function checkProgramme(ctx: ServiceContext, db: Executor, v: ProgrammeValues): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  if (v.fields.endDate < v.fields.startDate) error("endDate", "The programme cannot end before it starts.");
  const orgs = await selectOrganisationRefs(db, [
    v.fields.leadOrganisationId,
    ...v.partnerIds,
    ...v.donors.map((d) => d.organisationId),
  ]);
  if (!orgs.has(v.fields.leadOrganisationId)) error("leadOrganisationId", "No organisation has this id.");
  v.partnerIds.forEach((id, i) => {
    if (!orgs.has(id)) error(`partnerIds.${i}`, "No organisation has this id.");
    if (v.partnerIds.indexOf(id) !== i) error(`partnerIds.${i}`, "This partner is listed twice.");
  });
  v.donors.forEach((d, i) => {
    if (!orgs.has(d.organisationId)) error(`donors.${i}.organisationId`, "No organisation has this id.");
    if (v.donors.findIndex((o) => o.organisationId === d.organisationId) !== i)
      error(`donors.${i}.organisationId`, "This donor is listed twice.");
    if (d.amount != null && !d.currency) error(`donors.${i}.currency`, "Give the currency of the amount.");
  });
  const places = await selectPlaceRefs(db, v.placeIds);
  v.placeIds.forEach((id, i) => {
    if (!places.has(id)) error(`placeIds.${i}`, "No place has this id.");
  });
  const known = new Set((await listThemes({ ...ctx, db })).map((t) => t.code));
  v.themes.forEach((code, i) => {
    if (!known.has(code)) error(`themes.${i}`, `There is no theme "${code}".`);
  });
  const agreements = await selectAgreementTitles(db, v.agreementIds);
  v.agreementIds.forEach((id, i) => {
    if (!agreements.has(id)) error(`agreementIds.${i}`, "No agreement has this id.");
  });
  return errors;
}

const organisationLinks = (v: ProgrammeValues): OrganisationLink[] => [
  ...v.partnerIds.map((organisationId) => ({
    organisationId,
    role: "implementing_partner" as const,
    amount: null,
    currency: null,
  })),
  ...v.donors.map((d) => ({
    organisationId: d.organisationId,
    role: "donor" as const,
    amount: d.amount ?? null,
    currency: d.currency ?? null,
  })),
];

function historyView(d: ProgrammeDetail) {
  return {
    title: d.title,
    description: d.description,
    status: d.status,
    startDate: d.startDate,
    endDate: d.endDate,
    lead: d.lead.name,
    partners: d.partners.map((p) => p.name),
    donors: d.donors.map((o) => (o.amount != null ? `${o.name}: ${o.amount} ${o.currency}` : o.name)),
    places: d.places.map((p) => p.name),
    themes: d.themes,
    agreements: d.agreements.map((a) => a.title),
  };
}

export async function listProgrammes(ctx: ServiceContext, query: ProgrammeListQuery): Promise<ProgrammeList> {
  const scope = listScope(ctx.actor, "programme");
  return selectProgrammeSummaries(ctx.db, query, scope.all ? null : scope.organisationIds);
}

export async function getProgramme(ctx: ServiceContext, id: string): Promise<ProgrammeDetail> {
  return loadDetail(ctx.db, ctx.actor, id);
}

export async function createProgramme(ctx: ServiceContext, input: ProgrammeInput): Promise<ProgrammeDetail> {
  const values = parseInput(ProgrammeInputSchema, input);
  const v: ProgrammeValues = {
    fields: {
      title: values.title,
      description: values.description ?? null,
      leadOrganisationId: values.leadOrganisationId,
      status: values.status,
      startDate: values.startDate,
      endDate: values.endDate,
    },
    partnerIds: values.partnerIds,
    donors: values.donors,
    placeIds: values.placeIds,
    themes: values.themes,
    agreementIds: values.agreementIds,
  };
  return ctx.db.transaction(async (tx) => {
    const places = await selectPlaceRefs(tx, v.placeIds);
    assertAllowedOnResource(ctx.actor, "programme", "create", {
      organisationIds: [v.fields.leadOrganisationId, ...v.partnerIds],
      districtIds: [...places.values()].flatMap((p) => (p.districtId ? [p.districtId] : [])),
    });
    const errors = await checkProgramme(ctx, tx, v);
    if (errors.length > 0) throw invalid(errors);
    const created = await insertProgramme(tx, v.fields);
    await replaceProgrammeOrganisations(tx, created.id, organisationLinks(v));
    await replaceProgrammePlaces(tx, created.id, v.placeIds);
    await replaceProgrammeThemes(tx, created.id, v.themes);
    await replaceProgrammeAgreements(tx, created.id, v.agreementIds);
    if (values.objective) {
      await insertLogframeItem(tx, {
        programmeId: created.id,
        parentId: null,
        level: "objective",
        text: values.objective,
      });
    }
    const detail = await loadDetail(tx, ctx.actor, created.id);
    await recordChange(tx, ctx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: created.id,
      entityLabel: created.title,
      before: null,
      after: historyView(detail),
    });
    return detail;
  });
}

export async function updateProgramme(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ProgrammeDetail> {
  const p = parseInput(ProgrammePatchSchema, patch);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, id, "update");
    if (current.record.version !== expectedVersion) throw preconditionFailed(current.record.version);
    const before = await loadDetail(tx, ctx.actor, id);
    const { record } = current;
    const v: ProgrammeValues = {
      fields: {
        title: p.title ?? record.title,
        description: p.description === undefined ? record.description : p.description,
        leadOrganisationId: p.leadOrganisationId ?? record.leadOrganisationId,
        status: p.status ?? record.status,
        startDate: p.startDate ?? record.startDate,
        endDate: p.endDate ?? record.endDate,
      },
      partnerIds: p.partnerIds ?? before.partners.map((o) => o.id),
      donors:
        p.donors ??
        before.donors.map((d) => ({ organisationId: d.id, amount: d.amount, currency: d.currency })),
      placeIds: p.placeIds ?? current.placeIds,
      themes: p.themes ?? before.themes,
      agreementIds: p.agreementIds ?? before.agreements.map((a) => a.id),
    };
    const errors = await checkProgramme(ctx, tx, v);
    if (p.startDate || p.endDate) {
      // Results, targets and events stay inside the programme's period, so the period cannot shrink past them.
      const span = await selectRecordedSpan(tx, id);
      if (span.first && v.fields.startDate > span.first)
        errors.push({
          path: "startDate",
          code: "data_outside",
          message: `Results, targets or events are recorded from ${span.first}: the programme must start by then.`,
          in: "body",
        });
      if (span.last && v.fields.endDate < span.last)
        errors.push({
          path: "endDate",
          code: "data_outside",
          message: `Results, targets or events are recorded until ${span.last}: the programme must end on that day or later.`,
          in: "body",
        });
    }
    if (errors.length > 0) throw invalid(errors);
    const updated = await updateProgrammeRow(tx, id, expectedVersion, v.fields);
    if (!updated) throw preconditionFailed(record.version);
    if (p.partnerIds || p.donors) await replaceProgrammeOrganisations(tx, id, organisationLinks(v));
    if (p.placeIds) await replaceProgrammePlaces(tx, id, v.placeIds);
    if (p.themes) await replaceProgrammeThemes(tx, id, v.themes);
    if (p.agreementIds) await replaceProgrammeAgreements(tx, id, v.agreementIds);
    const after = await loadDetail(tx, ctx.actor, id);
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: after.title,
      before: historyView(before),
      after: historyView(after),
    });
    return after;
  });
}

export async function deleteProgramme(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, id, "delete");
    if (current.record.version !== expectedVersion) throw preconditionFailed(current.record.version);
    const before = await loadDetail(tx, ctx.actor, id);
    await deleteProgrammeRow(tx, id);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: before.title,
      before: historyView(before),
      after: null,
    });
  });
}

export async function getProgrammeHistory(ctx: ServiceContext, id: string): Promise<AuditEntry[]> {
  await loadAuthorised(ctx.db, ctx.actor, id, "read");
  return listHistory(ctx.db, ENTITY, id);
}

/** A change inside a programme (logframe, indicator, result, event) is written to the programme's history. */
async function recordProgrammeChange(
  tx: Executor,
  actor: Actor,
  record: ProgrammeRecord,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
) {
  await touchProgramme(tx, record.id);
  await recordChange(tx, actor, {
    action: "update",
    entityType: ENTITY,
    entityId: record.id,
    entityLabel: record.title,
    before,
    after,
  });
}

// ---- Logframe ----

export async function addLogframeItem(
  ctx: ServiceContext,
  programmeId: string,
  input: LogframeItemInput,
): Promise<LogframeItem> {
  const values = parseInput(LogframeItemInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const items = await selectLogframe(tx, programmeId);
    const parentId = values.parentId ?? null;
    if (values.level === "objective") {
      if (parentId)
        throw invalid([{ path: "parentId", message: "The objective sits at the top.", in: "body" }]);
      if (items.some((i) => i.level === "objective"))
        throw invalid([{ path: "level", message: "This programme already has its objective.", in: "body" }]);
    } else {
      const parent = items.find((i) => i.id === parentId);
      if (!parent)
        throw invalid([
          { path: "parentId", message: "Choose the item of this logframe it belongs under.", in: "body" },
        ]);
      if (CHILD_LEVEL[parent.level] !== values.level)
        throw invalid([
          {
            path: "level",
            message: `Under the ${parent.level} comes ${CHILD_LEVEL[parent.level] ?? "nothing"}, not ${values.level}.`,
            in: "body",
          },
        ]);
    }
    const item = await insertLogframeItem(tx, {
      programmeId,
      parentId,
      level: values.level,
      text: values.text,
    });
    await recordProgrammeChange(tx, ctx.actor, current.record, null, {
      [`logframe ${item.level}`]: item.text,
    });
    return item;
  });
}

async function loadItem(tx: Executor, programmeId: string, itemId: string) {
  const item = (await selectLogframe(tx, programmeId)).find((i) => i.id === itemId);
  if (!item) throw notFound("The logframe item");
  return item;
}

export async function updateLogframeItem(
  ctx: ServiceContext,
  programmeId: string,
  itemId: string,
  patch: unknown,
): Promise<LogframeItem> {
  const values = parseInput(LogframeItemPatchSchema, patch);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const item = await loadItem(tx, programmeId, itemId);
    await updateLogframeItemText(tx, itemId, values.text);
    await recordProgrammeChange(
      tx,
      ctx.actor,
      current.record,
      { [`logframe ${item.level}`]: item.text },
      { [`logframe ${item.level}`]: values.text },
    );
    return { ...item, text: values.text };
  });
}

/**
 * Removes a logframe item, never reported data with it (decision 004): refused (409) while items sit under it,
 * events were recorded for it, or one of its indicators has results. Indicators without results go with it.
 */
export async function removeLogframeItem(ctx: ServiceContext, programmeId: string, itemId: string) {
  await ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const items = await selectLogframe(tx, programmeId);
    const item = items.find((i) => i.id === itemId);
    if (!item) throw notFound("The logframe item");
    const problems: FieldError[] = [];
    const children = items.filter((i) => i.parentId === itemId).length;
    if (children > 0)
      problems.push({
        path: "itemId",
        code: "has_children",
        message: `${children} item(s) sit under this ${item.level}: remove or keep them first.`,
        in: "path",
      });
    const indicators = (await selectIndicators(tx, { programmeIds: [programmeId] })).filter(
      (i) => i.logframeItemId === itemId,
    );
    const results = await countResults(
      tx,
      indicators.map((i) => i.id),
    );
    const withResults = indicators.filter((i) => (results.get(i.id) ?? 0) > 0);
    if (withResults.length > 0)
      problems.push({
        path: "itemId",
        code: "has_results",
        message: `Results are reported on ${withResults.map((i) => `“${i.title}”`).join(", ")}: delete those results or indicators first.`,
        in: "path",
      });
    const events = item.level === "activity" ? await countEventsOfActivity(tx, itemId) : 0;
    if (events > 0)
      problems.push({
        path: "itemId",
        code: "has_events",
        message: `${events} event(s) were recorded for this activity: delete them or link them to another activity first.`,
        in: "path",
      });
    if (problems.length > 0)
      throw conflict(`This ${item.level} still holds data and was not removed.`, problems);
    await deleteLogframeItemRow(tx, itemId);
    await recordProgrammeChange(
      tx,
      ctx.actor,
      current.record,
      {
        [`logframe ${item.level}`]: item.text,
        ...(indicators.length > 0 ? { indicators: indicators.map((i) => i.title) } : {}),
      },
      null,
    );
  });
}

// ---- Indicators ----

type IndicatorValues = {
  logframeItemId: string;
  title: string;
  unit: IndicatorUnit;
  calculation: Calculation;
  baselineValue: number | null;
  baselineText: string | null;
  baselineDate: string | null;
  disaggregations: Disaggregation[];
  targets: TargetInput[];
};

/** The rules an indicator follows, on creation and on every change; every error at once. */
function checkIndicator(v: IndicatorValues, record: ProgrammeRecord, items: LogframeItem[]): FieldError[] {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  if (v.unit === "text") {
    if (v.targets.length > 0) error("targets", "A text indicator has no numeric targets.");
    if (v.baselineValue != null)
      error("baselineValue", "A text indicator's baseline is words: use baselineText.");
  }
  if (v.unit === "percent" && v.calculation === "sum") error("calculation", "Percentages are not added up.");
  if (v.unit === "percent")
    v.targets.forEach((t, i) => {
      if (t.value > 100) error(`targets.${i}.value`, "A percentage target is at most 100.");
    });
  if (new Set(v.disaggregations).size !== v.disaggregations.length)
    error("disaggregations", "Each dimension once.");
  if (!items.some((i) => i.id === v.logframeItemId))
    error("logframeItemId", "Choose a level of this programme's logframe.");
  v.targets.forEach((t, i) => {
    if (t.periodEnd < t.periodStart) error(`targets.${i}.periodEnd`, "The period ends before it starts.");
    else if (t.periodStart < record.startDate || t.periodEnd > record.endDate)
      error(
        `targets.${i}.periodStart`,
        `The period is outside the programme (${record.startDate} to ${record.endDate}).`,
      );
    if (v.targets.findIndex((o) => o.periodStart === t.periodStart && o.periodEnd === t.periodEnd) !== i)
      error(`targets.${i}.periodStart`, "This period already has a target.");
  });
  return errors;
}

/** What the history shows of an indicator. */
function indicatorView(v: IndicatorValues) {
  return {
    indicator: v.title,
    unit: v.unit,
    calculation: v.calculation,
    baseline: v.baselineValue ?? v.baselineText,
    baselineDate: v.baselineDate,
    disaggregations: v.disaggregations,
    targets: v.targets.map((t) => `${t.periodStart}–${t.periodEnd}: ${t.value}`),
  };
}

export async function addIndicator(
  ctx: ServiceContext,
  programmeId: string,
  input: IndicatorInput,
): Promise<Indicator> {
  const v = parseInput(IndicatorInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const { record } = current;
    const values: IndicatorValues = {
      logframeItemId: v.logframeItemId,
      title: v.title,
      unit: v.unit,
      calculation: v.unit === "text" ? "latest" : v.calculation,
      baselineValue: v.baselineValue ?? null,
      baselineText: v.baselineText ?? null,
      baselineDate: v.baselineDate ?? null,
      disaggregations: v.disaggregations,
      targets: v.targets,
    };
    // A text indicator's calculation is always "latest": check what was asked, store what holds.
    const errors = checkIndicator(
      { ...values, calculation: v.calculation },
      record,
      await selectLogframe(tx, programmeId),
    );
    if (errors.length > 0) throw invalid(errors);
    const id = await insertIndicator(tx, {
      programmeId,
      libraryCode: v.libraryCode ?? null,
      ...values,
    });
    await insertTargets(tx, id, v.targets);
    await recordProgrammeChange(tx, ctx.actor, record, null, { indicator: v.title });
    const [row] = await selectIndicators(tx, { ids: [id] });
    if (!row) throw notFound("The indicator");
    return toIndicator(row);
  });
}

/**
 * Changes an indicator: the same rules as on creation, and its results must still fit it: the unit stays once
 * results exist (a count does not become words), and a dimension results are broken down by stays.
 */
export async function updateIndicator(
  ctx: ServiceContext,
  programmeId: string,
  indicatorId: string,
  patch: unknown,
): Promise<Indicator> {
  const p = parseInput(IndicatorPatchSchema, patch);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const row = await loadIndicator(tx, programmeId, indicatorId);
    const before: IndicatorValues = {
      logframeItemId: row.logframeItemId,
      title: row.title,
      unit: row.unit,
      calculation: row.calculation,
      baselineValue: row.baselineValue,
      baselineText: row.baselineText,
      baselineDate: row.baselineDate,
      disaggregations: row.disaggregations,
      targets: row.targets,
    };
    const unit = p.unit ?? row.unit;
    const after: IndicatorValues = {
      logframeItemId: p.logframeItemId ?? row.logframeItemId,
      title: p.title ?? row.title,
      unit,
      calculation:
        p.calculation ?? (p.unit && p.unit !== row.unit ? defaultCalculation(unit) : row.calculation),
      baselineValue: p.baselineValue === undefined ? row.baselineValue : p.baselineValue,
      baselineText: p.baselineText === undefined ? row.baselineText : p.baselineText,
      baselineDate: p.baselineDate === undefined ? row.baselineDate : p.baselineDate,
      disaggregations: p.disaggregations ?? row.disaggregations,
      targets: p.targets ?? row.targets,
    };
    const errors = checkIndicator(after, current.record, await selectLogframe(tx, programmeId));
    const resultCount = (await countResults(tx, [indicatorId])).get(indicatorId) ?? 0;
    if (resultCount > 0 && after.unit !== row.unit)
      errors.push({
        path: "unit",
        code: "has_results",
        message: `This indicator has ${resultCount} result(s) in ${row.unit}: its unit cannot change. Add a new indicator instead.`,
        in: "body",
      });
    if (resultCount > 0) {
      for (const dimension of await selectBreakdownDimensions(tx, indicatorId))
        if (!after.disaggregations.includes(dimension))
          errors.push({
            path: "disaggregations",
            code: "in_use",
            message: `Results are broken down by ${dimension.replace("_", " ")}: keep this dimension.`,
            in: "body",
          });
    }
    if (errors.length > 0) throw invalid(errors);
    await updateIndicatorRow(tx, indicatorId, {
      logframeItemId: after.logframeItemId,
      title: after.title,
      unit: after.unit,
      calculation: after.unit === "text" ? "latest" : after.calculation,
      baselineValue: after.baselineValue,
      baselineText: after.baselineText,
      baselineDate: after.baselineDate,
      disaggregations: after.disaggregations,
    });
    if (p.targets) await replaceTargets(tx, indicatorId, after.targets);
    await recordProgrammeChange(tx, ctx.actor, current.record, indicatorView(before), indicatorView(after));
    return toIndicator(await loadIndicator(tx, programmeId, indicatorId));
  });
}

const defaultCalculation = (unit: IndicatorUnit): Calculation =>
  unit === "percent" ? "percent" : unit === "text" ? "latest" : "sum";

async function loadIndicator(tx: Executor, programmeId: string, indicatorId: string) {
  const [row] = await selectIndicators(tx, { ids: [indicatorId] });
  if (!row || row.programmeId !== programmeId) throw notFound("The indicator");
  return row;
}

export async function removeIndicator(ctx: ServiceContext, programmeId: string, indicatorId: string) {
  await ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const row = await loadIndicator(tx, programmeId, indicatorId);
    const results = (await countResults(tx, [indicatorId])).get(indicatorId) ?? 0;
    // Its results go with it (cascade); events it was fed by stay, and no longer name it.
    await unlinkIndicatorFromEvents(tx, programmeId, indicatorId);
    await deleteIndicatorRow(tx, indicatorId);
    await recordProgrammeChange(tx, ctx.actor, current.record, { indicator: row.title, results }, null);
  });
}

// ---- Results ----

const sumOf = (cells: readonly { value: number }[]) =>
  Math.round(cells.reduce((s, c) => s + c.value, 0) * 100) / 100;

/** The checks a result must pass against its indicator and programme; every error at once. */
function checkResult(
  v: ReturnType<typeof ResultInputSchema.parse>,
  indicator: IndicatorWithRollup,
  programme: ProgrammeRecord,
  placeKnown: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  if (v.periodEnd < v.periodStart) error("periodEnd", "The period ends before it starts.");
  if (v.periodStart < programme.startDate || v.periodStart > programme.endDate)
    error(
      "periodStart",
      `The period is outside the programme (${programme.startDate} to ${programme.endDate}).`,
    );
  if (v.periodEnd > programme.endDate || v.periodEnd < programme.startDate)
    error(
      "periodEnd",
      `The period is outside the programme (${programme.startDate} to ${programme.endDate}).`,
    );
  if (v.placeId && !placeKnown) error("placeId", "No place has this id.");
  const numeric = v.valueKind === "exact" || v.valueKind === "lower_bound";
  if (numeric && v.value == null) error("value", "Give the number (or choose qualitative or not reported).");
  if (!numeric && v.value != null) error("value", `A ${v.valueKind.replace("_", " ")} result has no number.`);
  if (v.valueKind === "qualitative" && !v.text)
    error("text", "Describe the result in words, such as Nationwide.");
  if (indicator.unit === "text" && numeric) error("valueKind", "A text indicator takes words, not numbers.");
  if (indicator.unit === "percent" && v.value != null && v.denominator == null && v.value > 100)
    error("value", "A percentage is at most 100 (or give the denominator).");
  if (v.denominator != null && v.value != null && v.denominator > 0 && v.value > v.denominator)
    error("value", "The value cannot be more than its denominator.");
  v.breakdown.forEach((cell, i) => {
    if (cell.sex && !indicator.disaggregations.includes("sex"))
      error(`breakdown.${i}.sex`, "This indicator is not disaggregated by sex.");
    if (cell.ageGroup && !indicator.disaggregations.includes("age_group"))
      error(`breakdown.${i}.ageGroup`, "This indicator is not disaggregated by age group.");
    if (cell.category && !indicator.disaggregations.includes("category"))
      error(`breakdown.${i}.category`, "This indicator is not disaggregated by participant category.");
  });
  if (v.breakdown.length > 0 && !numeric) error("breakdown", "Only a number can be broken down.");
  if (v.breakdown.length > 0 && v.valueKind === "exact" && v.value != null && !v.acceptBreakdownDifference) {
    const total = sumOf(v.breakdown);
    if (total !== v.value) {
      const diff = Math.round((v.value - total) * 100) / 100;
      errors.push({
        path: "breakdown",
        code: "breakdown_difference",
        message: `The breakdown adds up to ${total}, ${Math.abs(diff)} ${diff > 0 ? "less" : "more"} than the total ${v.value}. Correct it, or save with the difference accepted.`,
        in: "body",
      });
    }
  }
  return errors;
}

export async function addResult(
  ctx: ServiceContext,
  programmeId: string,
  input: ResultInput,
): Promise<Result> {
  const v = parseInput(ResultInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const [indicator] = await selectIndicators(tx, { ids: [v.indicatorId] });
    if (!indicator || indicator.programmeId !== programmeId)
      throw invalid([{ path: "indicatorId", message: "Choose an indicator of this programme.", in: "body" }]);
    const place = v.placeId ? (await selectPlaceRefs(tx, [v.placeId])).get(v.placeId) : undefined;
    const errors = checkResult(v, indicator, current.record, place !== undefined);
    if (errors.length > 0) throw invalid(errors);
    const id = await insertResult(
      tx,
      {
        indicatorId: v.indicatorId,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
        placeId: v.placeId ?? null,
        valueKind: v.valueKind,
        value: v.value ?? null,
        denominator: v.denominator ?? null,
        text: v.text ?? null,
        eventId: null,
      },
      v.breakdown,
    );
    await refreshIndicatorRollup(tx, v.indicatorId);
    await recordProgrammeChange(tx, ctx.actor, current.record, null, {
      result: `${indicator.title}, ${v.periodStart}–${v.periodEnd}: ${describeValue(v.valueKind, v.value ?? null, v.text ?? null)}`,
    });
    const result = (await selectResults(tx, v.indicatorId)).find((r) => r.id === id);
    if (!result) throw notFound("The result");
    return result;
  });
}

function describeValue(kind: string, value: number | null, text: string | null): string {
  if (kind === "exact") return String(value);
  if (kind === "lower_bound") return `${value}+`;
  if (kind === "qualitative") return text ?? "";
  return "not reported";
}

export async function listResults(
  ctx: ServiceContext,
  programmeId: string,
  indicatorId: string,
): Promise<Result[]> {
  await loadAuthorised(ctx.db, ctx.actor, programmeId, "read");
  await loadIndicator(ctx.db, programmeId, indicatorId);
  return selectResults(ctx.db, indicatorId);
}

export async function removeResult(ctx: ServiceContext, programmeId: string, resultId: string) {
  await ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const ref = await selectResultRef(tx, resultId);
    if (!ref || ref.programmeId !== programmeId) throw notFound("The result");
    if (ref.eventId)
      throw invalid([
        { path: "resultId", message: "This result comes from an event: change or remove the event." },
      ]);
    await deleteResultRow(tx, resultId);
    await refreshIndicatorRollup(tx, ref.indicatorId);
    await recordProgrammeChange(tx, ctx.actor, current.record, { result: resultId }, null);
  });
}

// ---- Events ----

/** The results an event gives each indicator it feeds (see DOUBLE_COUNTING_RULE). */
function resultsFromEvent(
  event: {
    startDate: string;
    endDate: string | null;
    placeIds: string[];
    reachNote: string | null;
    repeatAudience: boolean;
  },
  participants: { category: BreakdownCell["category"]; sex: BreakdownCell["sex"]; count: number }[],
  indicator: IndicatorWithRollup,
): {
  kind: "exact" | "qualitative" | "not_reported";
  value: number | null;
  text: string | null;
  breakdown: BreakdownCell[];
} | null {
  if (indicator.unit === "events") return { kind: "exact", value: 1, text: null, breakdown: [] };
  if (event.repeatAudience) return null;
  const total = participants.reduce((s, p) => s + p.count, 0);
  if (participants.length === 0) {
    return event.reachNote
      ? { kind: "qualitative", value: null, text: event.reachNote, breakdown: [] }
      : { kind: "not_reported", value: null, text: null, breakdown: [] };
  }
  const bySex = indicator.disaggregations.includes("sex");
  const byCategory = indicator.disaggregations.includes("category");
  const cells = new Map<string, BreakdownCell>();
  if (bySex || byCategory) {
    for (const p of participants) {
      const key = `${byCategory ? p.category : ""}|${bySex ? p.sex : ""}`;
      const cell = cells.get(key) ?? {
        category: byCategory ? p.category : null,
        sex: bySex ? p.sex : null,
        ageGroup: null,
        value: 0,
      };
      cell.value += p.count;
      cells.set(key, cell);
    }
  }
  return { kind: "exact", value: total, text: null, breakdown: [...cells.values()] };
}

type EventValues = {
  kind: EventKind;
  title: string;
  startDate: string;
  endDate: string | null;
  /** False when the source gave no date: startDate/endDate then hold the programme's period. */
  dateReported: boolean;
  placeIds: string[];
  organiserIds: string[];
  activityId: string | null;
  indicatorIds: string[];
  participants: Participants[];
  reachNote: string | null;
  repeatAudience: boolean;
  notes: string | null;
};

/** The rules an event follows, when recorded and when changed; returns what writing it needs. */
async function checkEvent(tx: Executor, record: ProgrammeRecord, v: EventValues) {
  const errors: FieldError[] = [];
  const error = (path: string, message: string) => errors.push({ path, message, in: "body" });
  const outside = `The event is outside the programme (${record.startDate} to ${record.endDate}).`;
  if (v.startDate < record.startDate || v.startDate > record.endDate) error("startDate", outside);
  if (v.endDate && v.endDate < v.startDate) error("endDate", "The event ends before it starts.");
  else if (v.endDate && v.endDate > record.endDate) error("endDate", outside);
  const places = await selectPlaceRefs(tx, v.placeIds);
  v.placeIds.forEach((id, i) => {
    if (!places.has(id)) error(`placeIds.${i}`, "No place has this id.");
  });
  const organisers = await selectOrganisationRefs(tx, v.organiserIds);
  v.organiserIds.forEach((id, i) => {
    if (!organisers.has(id)) error(`organiserIds.${i}`, "No organisation has this id.");
  });
  if (v.activityId) {
    const item = (await selectLogframe(tx, record.id)).find((i) => i.id === v.activityId);
    if (item?.level !== "activity") error("activityId", "Choose an activity of this programme's logframe.");
  }
  const indicators = await selectIndicators(tx, { ids: v.indicatorIds });
  v.indicatorIds.forEach((id, i) => {
    const ind = indicators.find((x) => x.id === id);
    if (!ind || ind.programmeId !== record.id)
      error(`indicatorIds.${i}`, "Choose an indicator of this programme.");
    else if (ind.unit !== "people" && ind.unit !== "events")
      error(`indicatorIds.${i}`, "An event feeds only indicators counting people or events.");
  });
  const seen = new Set<string>();
  v.participants.forEach((p, i) => {
    const key = `${p.category}|${p.sex}`;
    if (seen.has(key))
      error(`participants.${i}`, "This category and sex are already counted in another row.");
    seen.add(key);
  });
  if (errors.length > 0) throw invalid(errors);
  const firstPlace = v.placeIds[0] ? places.get(v.placeIds[0]) : undefined;
  const fields = {
    kind: v.kind,
    title: v.title,
    startDate: v.startDate,
    endDate: v.endDate,
    dateReported: v.dateReported,
    placeIds: v.placeIds,
    districtId: firstPlace?.districtId ?? null,
    organiserIds: v.organiserIds,
    activityId: v.activityId,
    indicatorIds: v.indicatorIds,
    reachNote: v.reachNote,
    repeatAudience: v.repeatAudience,
    notes: v.notes,
  };
  return { fields, indicators, participants: v.participants.filter((p) => p.count > 0) };
}

/** Writes the results an event gives its indicators (see DOUBLE_COUNTING_RULE) and refreshes their rollups. */
async function writeEventResults(
  tx: Executor,
  eventId: string,
  checked: Awaited<ReturnType<typeof checkEvent>>,
) {
  const { fields, participants } = checked;
  for (const indicator of checked.indicators) {
    const r = resultsFromEvent(fields, participants, indicator);
    if (!r) continue;
    await insertResult(
      tx,
      {
        indicatorId: indicator.id,
        periodStart: fields.startDate,
        periodEnd: fields.endDate ?? fields.startDate,
        placeId: fields.placeIds[0] ?? null,
        valueKind: r.kind,
        value: r.value,
        denominator: null,
        text: r.text,
        eventId,
      },
      r.breakdown,
    );
  }
}

/** What the history shows of an event. */
function eventView(v: EventValues) {
  const total = v.participants.reduce((s, p) => s + p.count, 0);
  return {
    event: `${v.title} (${v.kind}, ${v.startDate}${v.endDate ? `–${v.endDate}` : ""}): ${v.reachNote ?? `${total} participants`}`,
    participants: v.participants.map((p) => `${p.category} ${p.sex}: ${p.count}`),
  };
}

export async function recordEvent(
  ctx: ServiceContext,
  programmeId: string,
  input: EventInput,
): Promise<ProgrammeEvent> {
  const v = parseInput(EventInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const { record } = current;
    const values: EventValues = {
      ...v,
      endDate: v.endDate ?? null,
      activityId: v.activityId ?? null,
      reachNote: v.reachNote ?? null,
      notes: v.notes ?? null,
    };
    const checked = await checkEvent(tx, record, values);
    const id = await insertEvent(tx, { programmeId, ...checked.fields }, checked.participants);
    await writeEventResults(tx, id, checked);
    for (const indicator of checked.indicators) await refreshIndicatorRollup(tx, indicator.id);
    await refreshProgrammeReach(tx, programmeId);
    const total = checked.participants.reduce((s, p) => s + p.count, 0);
    await recordProgrammeChange(tx, ctx.actor, record, null, {
      event: `${v.title} (${v.kind}, ${v.startDate}): ${v.reachNote ?? `${total} participants`}`,
    });
    const [event] = await toEvents(tx, await selectEvents(tx, { id }));
    if (!event) throw notFound("The event");
    return event;
  });
}

/**
 * Changes an event under the rules of recording one. The results it gave are written again from its new values,
 * so the indicators it feeds (old and new) and people reached follow in the same transaction.
 */
export async function updateEvent(
  ctx: ServiceContext,
  programmeId: string,
  eventId: string,
  patch: unknown,
): Promise<ProgrammeEvent> {
  const p = parseInput(EventPatchSchema, patch);
  return ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const [event] = await selectEvents(tx, { id: eventId });
    if (!event || event.programmeId !== programmeId) throw notFound("The event");
    const before: EventValues = {
      kind: event.kind,
      title: event.title,
      startDate: event.startDate,
      endDate: event.endDate,
      dateReported: event.dateReported,
      placeIds: event.placeIds,
      organiserIds: event.organiserIds,
      activityId: event.activityId,
      indicatorIds: event.indicatorIds,
      participants: event.participants,
      reachNote: event.reachNote,
      repeatAudience: event.repeatAudience,
      notes: event.notes,
    };
    const after: EventValues = {
      kind: p.kind ?? before.kind,
      title: p.title ?? before.title,
      startDate: p.startDate ?? before.startDate,
      endDate: p.endDate === undefined ? before.endDate : p.endDate,
      // A date entered for an event whose date was not reported is a reported date from now on.
      dateReported: p.dateReported ?? (p.startDate !== undefined ? true : before.dateReported),
      placeIds: p.placeIds ?? before.placeIds,
      organiserIds: p.organiserIds ?? before.organiserIds,
      activityId: p.activityId === undefined ? before.activityId : p.activityId,
      indicatorIds: p.indicatorIds ?? before.indicatorIds,
      participants: p.participants ?? before.participants,
      reachNote: p.reachNote === undefined ? before.reachNote : p.reachNote,
      repeatAudience: p.repeatAudience ?? before.repeatAudience,
      notes: p.notes === undefined ? before.notes : p.notes,
    };
    const checked = await checkEvent(tx, current.record, after);
    await updateEventRow(tx, eventId, checked.fields, checked.participants);
    await deleteEventResults(tx, eventId);
    await writeEventResults(tx, eventId, checked);
    for (const indicatorId of new Set([...before.indicatorIds, ...after.indicatorIds]))
      await refreshIndicatorRollup(tx, indicatorId);
    await refreshProgrammeReach(tx, programmeId);
    await recordProgrammeChange(tx, ctx.actor, current.record, eventView(before), eventView(after));
    const [updated] = await toEvents(tx, await selectEvents(tx, { id: eventId }));
    if (!updated) throw notFound("The event");
    return updated;
  });
}

export async function removeEvent(ctx: ServiceContext, programmeId: string, eventId: string) {
  await ctx.db.transaction(async (tx) => {
    const current = await loadAuthorised(tx, ctx.actor, programmeId, "update");
    const [event] = await selectEvents(tx, { id: eventId });
    if (!event || event.programmeId !== programmeId) throw notFound("The event");
    await deleteEventRow(tx, eventId);
    for (const indicatorId of event.indicatorIds) await refreshIndicatorRollup(tx, indicatorId);
    await refreshProgrammeReach(tx, programmeId);
    await recordProgrammeChange(
      tx,
      ctx.actor,
      current.record,
      { event: `${event.title} (${event.startDate})` },
      null,
    );
  });
}

// ---- Dashboards ----

/** One programme's dashboard, or (programmeId null) the one across every programme the caller may read. */
export async function getProgrammeDashboard(
  ctx: ServiceContext,
  programmeId: string | null,
): Promise<ProgrammeDashboard> {
  let programmeIds: string[];
  let filter: string[] | null;
  if (programmeId) {
    await loadAuthorised(ctx.db, ctx.actor, programmeId, "read");
    programmeIds = [programmeId];
    filter = programmeIds;
  } else {
    const scope = listScope(ctx.actor, "programme");
    const list = await selectProgrammeSummaries(
      ctx.db,
      { limit: 200, offset: 0 },
      scope.all ? null : scope.organisationIds,
    );
    programmeIds = list.items.map((p) => p.id);
    // Across programmes the people reached count every programme the caller may read, not only the first 200.
    filter = scope.all ? null : programmeIds;
  }
  const reach = await selectReach(ctx.db, filter);
  const indicators = (await selectIndicators(ctx.db, { programmeIds })).map((row) => {
    const i = toIndicator(row);
    return {
      id: i.id,
      programmeId: row.programmeId,
      title: i.title,
      unit: i.unit,
      target: i.target,
      actual: i.actual,
      progressPercent: i.progressPercent,
    };
  });
  return {
    programmeId,
    peopleReached: reach.reduce((s, r) => s + r.people, 0),
    reach,
    qualitativeReach: await selectQualitativeReach(ctx.db, filter),
    indicators,
    timeline: await selectTimeline(ctx.db, filter),
    undated: await selectUndated(ctx.db, filter),
  };
}

/** The "people reached" table of a programme report: each activity, and whom its events reached, by category. */
export async function getReachTable(ctx: ServiceContext, programmeId: string): Promise<ReachTableRow[]> {
  const detail = await loadDetail(ctx.db, ctx.actor, programmeId);
  const activities = detail.logframe.filter((i) => i.level === "activity");
  return activities.map((a) => {
    const events = detail.events.filter((e) => e.activityId === a.id);
    const counts = new Map<string, number>();
    for (const e of events) {
      if (e.repeatAudience) continue;
      for (const p of e.participants) counts.set(p.category, (counts.get(p.category) ?? 0) + p.count);
    }
    return {
      activityId: a.id,
      activity: a.text,
      counts: [...counts].map(([category, people]) => ({
        category: category as ReachTableRow["counts"][number]["category"],
        people,
      })),
      notes: [...new Set(events.flatMap((e) => (e.reachNote ? [e.reachNote] : [])))],
    };
  });
}
