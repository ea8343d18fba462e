// Programme use cases: list, read, register, change and delete a programme, and read its history.
// Its logframe, indicators, results and events have their own services; dashboards are in dashboard.service.ts.
import type { Executor } from "../../db/client";
import {
  type Actor,
  assertAllowedOnResource,
  assertChangeStaysInScope,
  assertVersion,
  inTransaction,
  isAllowed,
  listScope,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { type FieldError, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { listThemes } from "../agreements";
import { type AuditEntry, listHistory, recordChange } from "../audit";
import { toEvents } from "./events.service";
import { selectEvents } from "./events.store";
import { toIndicator } from "./indicators.service";
import { selectIndicators } from "./indicators.store";
import { insertLogframeItem, selectLogframe } from "./logframe.store";
import { PROGRAMME_ENTITY as ENTITY, loadAuthorised, scopeOf } from "./programme-access.service";
import {
  type ProgrammeDetail,
  type ProgrammeInput,
  ProgrammeInputSchema,
  type ProgrammeList,
  type ProgrammeListQuery,
  ProgrammePatchSchema,
} from "./programmes.schema";
import {
  deleteProgrammeRow,
  insertProgramme,
  type OrganisationLink,
  type ProgrammeFields,
  replaceProgrammeAgreements,
  replaceProgrammeOrganisations,
  replaceProgrammePlaces,
  replaceProgrammeThemes,
  selectAgreementTitles,
  selectOrganisationRefs,
  selectPlaceRefs,
  selectProgrammeAgreementIds,
  selectProgrammeSummaries,
  selectProgrammeThemes,
  selectRecordedSpan,
  updateProgrammeRow,
} from "./programmes.store";

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

/** A new programme's values, once its fields, the caller's right to create it and its links are checked. */
async function checkedNewProgramme(ctx: ServiceContext, tx: Executor, input: ProgrammeInput) {
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
  const places = await selectPlaceRefs(tx, v.placeIds);
  assertAllowedOnResource(ctx.actor, "programme", "create", {
    organisationIds: [v.fields.leadOrganisationId, ...v.partnerIds],
    districtIds: [...places.values()].flatMap((p) => (p.districtId ? [p.districtId] : [])),
  });
  const errors = await checkProgramme(ctx, tx, v);
  if (errors.length > 0) throw invalid(errors);
  return { values, v };
}

/** Refuses, as createProgramme would, a programme that could not be created; writes nothing. */
export async function checkNewProgramme(ctx: ServiceContext, input: ProgrammeInput): Promise<void> {
  await checkedNewProgramme(ctx, ctx.db, input);
}

export async function createProgramme(ctx: ServiceContext, input: ProgrammeInput): Promise<ProgrammeDetail> {
  return inTransaction(ctx, async ({ db: tx }) => {
    const { values, v } = await checkedNewProgramme(ctx, tx, input);
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
  return inTransaction(ctx, async ({ db: tx }) => {
    const current = await loadAuthorised(tx, ctx.actor, id, "update", { forUpdate: true });
    assertVersion(current.record, expectedVersion);
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
    // Nobody moves a programme out of their own reach: lead, partners and places decide its scope.
    const placesAfter = await selectPlaceRefs(tx, v.placeIds);
    assertChangeStaysInScope(
      ctx.actor,
      "programme",
      scopeOf(current),
      scopeOf({
        record: { ...record, leadOrganisationId: v.fields.leadOrganisationId },
        organisations: v.partnerIds.map((organisationId) => ({
          organisationId,
          role: "implementing_partner" as const,
          amount: null,
          currency: null,
        })),
        districtIds: [
          ...new Set([...placesAfter.values()].flatMap((pl) => (pl.districtId ? [pl.districtId] : []))),
        ],
      }),
    );
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
  await inTransaction(ctx, async ({ db: tx }) => {
    const current = await loadAuthorised(tx, ctx.actor, id, "delete", { forUpdate: true });
    assertVersion(current.record, expectedVersion);
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
