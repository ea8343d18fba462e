// Queries of the public portal: its settings, and the published records each section shows, read column by column
// (never a whole row) so that a field added to a table later is not published by accident.
import { and, asc, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementTable,
  agreementThemeTable,
} from "../agreements/agreements.table";
import { recommendationPlaceTable, recommendationTable } from "../monitoring/monitoring.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { programmeTable } from "../programmes/programmes.table";
import { themeTable } from "../themes/themes.table";
import type { PublicInstitutionInput, PublicSection } from "./public.schema";
import { publicInstitutionTable, publicPortalTable } from "./public.table";

export type PortalRow = { licence: string; incidentStatistics: boolean; version: number };
export type InstitutionRow = PublicInstitutionInput & { name: string; acronym: string | null };

/** The one settings row (made by migration 0041), locked when it is to change. */
export async function selectPortal(db: Executor, options: { forUpdate?: boolean } = {}): Promise<PortalRow> {
  const query = db
    .select({
      licence: publicPortalTable.licence,
      incidentStatistics: publicPortalTable.incidentStatistics,
      version: publicPortalTable.version,
    })
    .from(publicPortalTable)
    .where(eq(publicPortalTable.id, 1));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new Error("The public portal's settings row is missing: run the migrations.");
  return row;
}

export async function updatePortal(
  db: Executor,
  expectedVersion: number,
  fields: { licence?: string | undefined; incidentStatistics?: boolean | undefined },
): Promise<boolean> {
  const rows = await db
    .update(publicPortalTable)
    .set({
      ...(fields.licence === undefined ? {} : { licence: fields.licence }),
      ...(fields.incidentStatistics === undefined ? {} : { incidentStatistics: fields.incidentStatistics }),
      version: sql`${publicPortalTable.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(publicPortalTable.id, 1), eq(publicPortalTable.version, expectedVersion)))
    .returning({ version: publicPortalTable.version });
  return rows.length > 0;
}

export async function selectInstitutions(db: Executor): Promise<InstitutionRow[]> {
  const i = publicInstitutionTable;
  return db
    .select({
      organisationId: i.organisationId,
      name: organisationTable.name,
      acronym: organisationTable.acronym,
      agreements: i.agreements,
      threeW: i.threeW,
      recommendations: i.recommendations,
      programmeResults: i.programmeResults,
    })
    .from(i)
    .innerJoin(organisationTable, eq(organisationTable.id, i.organisationId))
    .orderBy(asc(organisationTable.name));
}

/** Replaces the list of institutions; rows publishing nothing are not kept. */
export async function replaceInstitutions(
  db: Executor,
  rows: readonly PublicInstitutionInput[],
): Promise<void> {
  await db.delete(publicInstitutionTable);
  const kept = rows.filter((r) => r.agreements || r.threeW || r.recommendations || r.programmeResults);
  if (kept.length > 0) await db.insert(publicInstitutionTable).values(kept);
}

export async function selectExistingOrganisationIds(
  db: Executor,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: organisationTable.id })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

const SECTION_COLUMN = {
  agreements: publicInstitutionTable.agreements,
  threeW: publicInstitutionTable.threeW,
  recommendations: publicInstitutionTable.recommendations,
  programmeResults: publicInstitutionTable.programmeResults,
} as const;

/** The organisations publishing a section (deactivated organisations publish nothing). */
export async function selectPublishingIds(db: Executor, section: PublicSection): Promise<string[]> {
  const rows = await db
    .select({ id: publicInstitutionTable.organisationId })
    .from(publicInstitutionTable)
    .innerJoin(organisationTable, eq(organisationTable.id, publicInstitutionTable.organisationId))
    .where(and(eq(SECTION_COLUMN[section], true), sql`${organisationTable.deactivatedOn} is null`));
  return rows.map((r) => r.id);
}

/** Statuses of agreements the public may see: signed ones. Drafts and negotiations are internal. */
export const PUBLISHED_AGREEMENT_STATUSES = ["active", "under_revision", "expired", "terminated"] as const;

export type PublishedAgreementRow = {
  id: string;
  title: string;
  kind: string;
  status: string;
  signedOnText: string | null;
  validFrom: string | null;
  validUntil: string | null;
  keeperName: string;
  keeperAcronym: string | null;
};

const publishedCondition = (keeperIds: readonly string[]) =>
  and(
    inArray(agreementTable.keeperOrganisationId, [...keeperIds]),
    inArray(agreementTable.status, [...PUBLISHED_AGREEMENT_STATUSES]),
  );

/** How many signed agreements these institutions keep. */
export async function countPublishedAgreements(db: Executor, keeperIds: readonly string[]): Promise<number> {
  if (keeperIds.length === 0) return 0;
  const [row] = await db.select({ n: count() }).from(agreementTable).where(publishedCondition(keeperIds));
  return row?.n ?? 0;
}

/** Signed agreements kept by these institutions, newest signature first; a page of them when one is asked for. */
export async function selectPublishedAgreements(
  db: Executor,
  keeperIds: readonly string[],
  page?: { limit: number; offset: number },
): Promise<PublishedAgreementRow[]> {
  if (keeperIds.length === 0) return [];
  const a = agreementTable;
  const query = db
    .select({
      id: a.id,
      title: a.title,
      kind: a.kind,
      status: a.status,
      signedOnText: a.signedOnText,
      validFrom: a.validFrom,
      validUntil: a.validUntil,
      keeperName: organisationTable.name,
      keeperAcronym: organisationTable.acronym,
    })
    .from(a)
    .innerJoin(organisationTable, eq(organisationTable.id, a.keeperOrganisationId))
    .where(publishedCondition(keeperIds))
    .orderBy(sql`${a.signedSortKey} desc`, asc(a.title), asc(a.id));
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

export async function selectAgreementParties(db: Executor, agreementIds: readonly string[]) {
  if (agreementIds.length === 0) return [];
  return db
    .select({
      agreementId: agreementPartyTable.agreementId,
      name: organisationTable.name,
      acronym: organisationTable.acronym,
      role: agreementPartyTable.role,
    })
    .from(agreementPartyTable)
    .innerJoin(organisationTable, eq(organisationTable.id, agreementPartyTable.organisationId))
    .where(inArray(agreementPartyTable.agreementId, [...agreementIds]))
    .orderBy(asc(agreementPartyTable.position));
}

export async function selectAgreementThemes(db: Executor, agreementIds: readonly string[]) {
  if (agreementIds.length === 0) return [];
  return db
    .select({ agreementId: agreementThemeTable.agreementId, code: themeTable.code, names: themeTable.names })
    .from(agreementThemeTable)
    .innerJoin(themeTable, eq(themeTable.code, agreementThemeTable.themeCode))
    .where(inArray(agreementThemeTable.agreementId, [...agreementIds]))
    .orderBy(asc(themeTable.code));
}

export async function selectAgreementAreas(db: Executor, agreementIds: readonly string[]) {
  if (agreementIds.length === 0) return [];
  return db
    .select({
      agreementId: agreementAreaTable.agreementId,
      placeSet: agreementAreaTable.placeSet,
      names: placeTable.names,
    })
    .from(agreementAreaTable)
    .leftJoin(placeTable, eq(placeTable.id, agreementAreaTable.placeId))
    .where(inArray(agreementAreaTable.agreementId, [...agreementIds]))
    .orderBy(asc(agreementAreaTable.position));
}

export async function selectThemeNames(db: Executor) {
  return db.select({ code: themeTable.code, names: themeTable.names }).from(themeTable);
}

/** Recommendations the monitoring body itself published, of the bodies publishing them here. */
export async function selectPublishedRecommendations(db: Executor, bodyIds: readonly string[]) {
  if (bodyIds.length === 0) return [];
  const r = recommendationTable;
  const body = sql`(select name from organisation where id = ${r.monitoringOrganisationId})`;
  const bodyAcronym = sql`(select acronym from organisation where id = ${r.monitoringOrganisationId})`;
  return db
    .select({
      id: r.id,
      number: r.number,
      bodyName: sql<string>`${body}`,
      bodyAcronym: sql<string | null>`${bodyAcronym}`,
      addresseeName: organisationTable.name,
      addresseeAcronym: organisationTable.acronym,
      text: r.text,
      theme: r.theme,
      priority: r.priority,
      issuedOn: r.issuedOn,
      deadline: r.deadline,
      status: r.status,
      statusOn: r.statusOn,
      allFacilities: r.allFacilities,
    })
    .from(r)
    .innerJoin(organisationTable, eq(organisationTable.id, r.addresseeOrganisationId))
    .where(and(inArray(r.monitoringOrganisationId, [...bodyIds]), isNotNull(r.publishedOn)))
    .orderBy(sql`${r.issuedOn} desc`, asc(r.number));
}

export async function selectRecommendationPlaces(db: Executor, recommendationIds: readonly string[]) {
  if (recommendationIds.length === 0) return [];
  return db
    .select({ recommendationId: recommendationPlaceTable.recommendationId, names: placeTable.names })
    .from(recommendationPlaceTable)
    .innerJoin(placeTable, eq(placeTable.id, recommendationPlaceTable.placeId))
    .where(inArray(recommendationPlaceTable.recommendationId, [...recommendationIds]))
    .orderBy(asc(placeTable.name));
}

/** Programmes led by these institutions, past planning (a planned or cancelled programme has no results to show). */
export async function selectPublishedProgrammes(db: Executor, leadIds: readonly string[]) {
  if (leadIds.length === 0) return [];
  const p = programmeTable;
  return db
    .select({
      id: p.id,
      title: p.title,
      leadName: organisationTable.name,
      leadAcronym: organisationTable.acronym,
      startDate: p.startDate,
      endDate: p.endDate,
    })
    .from(p)
    .innerJoin(organisationTable, eq(organisationTable.id, p.leadOrganisationId))
    .where(and(inArray(p.leadOrganisationId, [...leadIds]), inArray(p.status, ["ongoing", "completed"])))
    .orderBy(sql`${p.startDate} desc`, asc(p.title));
}
