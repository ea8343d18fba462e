// Queries of recommendations: the row with its names, lists filtered by the reader's reach in SQL, sources, places,
// the status history with evidence, and the facts the service checks (organisations, places, findings, visits).
import { and, asc, desc, eq, inArray, isNotNull, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import type { StoredFileFields } from "../../kernel/files";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import {
  followUpActionRecommendationTable,
  monitoringFindingTable,
  monitoringVisitTable,
  recommendationEvidenceTable,
  recommendationFindingTable,
  recommendationPlaceTable,
  recommendationStatusChangeTable,
  recommendationTable,
  recommendationVisitTable,
} from "./monitoring.table";
import type { RecommendationStatus } from "./recommendation-status";
import { SETTLED_STATUSES } from "./recommendation-status";

const monitoringOrg = alias(organisationTable, "monitoring_org");
const addresseeOrg = alias(organisationTable, "addressee_org");

export type RecommendationRow = typeof recommendationTable.$inferSelect & {
  monitoringOrganisationName: string;
  addresseeName: string;
};

/** What a reader reaches: everything, or the monitoring bodies and addressees of their grants plus what is published. */
export type Reach =
  | { all: true }
  | { all: false; monitorOrgIds: string[]; addresseeOrgIds: string[]; publishedBy: string | null };

export function reachCondition(reach: Reach): SQL | undefined {
  if (reach.all) return undefined;
  const parts: SQL[] = [];
  if (reach.monitorOrgIds.length > 0)
    parts.push(inArray(recommendationTable.monitoringOrganisationId, reach.monitorOrgIds));
  if (reach.addresseeOrgIds.length > 0)
    parts.push(inArray(recommendationTable.addresseeOrganisationId, reach.addresseeOrgIds));
  if (reach.publishedBy !== null) {
    const published = and(
      isNotNull(recommendationTable.publishedOn),
      lte(recommendationTable.publishedOn, reach.publishedBy),
    );
    if (published) parts.push(published);
  }
  return parts.length === 0 ? sql`false` : or(...parts);
}

export type RecommendationFilter = {
  reach: Reach;
  status?: RecommendationStatus;
  theme?: string;
  addresseeOrganisationId?: string;
  monitoringOrganisationId?: string;
  placeId?: string;
  /** With `today`: only overdue (true) or only not overdue (false). */
  overdue?: boolean;
  today: string;
};

export function overdueCondition(today: string): SQL {
  return sql`(${recommendationTable.deadline} is not null and ${recommendationTable.deadline} < ${today}
    and ${recommendationTable.status} not in (${sql.join(
      SETTLED_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )}))`;
}

/** A place filter matches the recommendations naming it and those made for all facilities. */
export function placeCondition(placeId: string): SQL {
  return sql`(${recommendationTable.allFacilities} or exists (select 1 from ${recommendationPlaceTable}
    where ${recommendationPlaceTable.recommendationId} = ${recommendationTable.id}
    and ${recommendationPlaceTable.placeId} = ${placeId}))`;
}

function filterCondition(filter: RecommendationFilter): SQL | undefined {
  return and(
    reachCondition(filter.reach),
    filter.status ? eq(recommendationTable.status, filter.status) : undefined,
    filter.theme ? eq(recommendationTable.theme, filter.theme) : undefined,
    filter.addresseeOrganisationId
      ? eq(recommendationTable.addresseeOrganisationId, filter.addresseeOrganisationId)
      : undefined,
    filter.monitoringOrganisationId
      ? eq(recommendationTable.monitoringOrganisationId, filter.monitoringOrganisationId)
      : undefined,
    filter.placeId ? placeCondition(filter.placeId) : undefined,
    filter.overdue === undefined
      ? undefined
      : filter.overdue
        ? overdueCondition(filter.today)
        : sql`not ${overdueCondition(filter.today)}`,
  );
}

const rowColumns = {
  recommendation: recommendationTable,
  monitoringOrganisationName: monitoringOrg.name,
  addresseeName: addresseeOrg.name,
};

function selectRows(db: Executor) {
  return db
    .select(rowColumns)
    .from(recommendationTable)
    .innerJoin(monitoringOrg, eq(monitoringOrg.id, recommendationTable.monitoringOrganisationId))
    .innerJoin(addresseeOrg, eq(addresseeOrg.id, recommendationTable.addresseeOrganisationId));
}

type JoinedRow = { recommendation: typeof recommendationTable.$inferSelect } & Omit<
  RecommendationRow,
  keyof typeof recommendationTable.$inferSelect
>;
const flatten = ({ recommendation, ...names }: JoinedRow): RecommendationRow => ({
  ...recommendation,
  ...names,
});

export async function selectRecommendation(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RecommendationRow | undefined> {
  const query = selectRows(db).where(eq(recommendationTable.id, id));
  const rows = options.forUpdate ? await query.for("update", { of: recommendationTable }) : await query;
  return rows[0] ? flatten(rows[0]) : undefined;
}

export async function selectRecommendations(
  db: Executor,
  filter: RecommendationFilter,
  page: { limit: number; offset: number },
): Promise<RecommendationRow[]> {
  const rows = await selectRows(db)
    .where(filterCondition(filter))
    .orderBy(desc(recommendationTable.issuedOn), desc(recommendationTable.number))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(flatten);
}

export async function countRecommendations(db: Executor, filter: RecommendationFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recommendationTable)
    .where(filterCondition(filter));
  return row?.n ?? 0;
}

export type NamedRef = { id: string; name: string };

/** The places each recommendation names, by recommendation id. */
export async function selectPlacesOf(db: Executor, ids: readonly string[]): Promise<Map<string, NamedRef[]>> {
  const byId = new Map<string, NamedRef[]>();
  if (ids.length === 0) return byId;
  const rows = await db
    .select({
      recommendationId: recommendationPlaceTable.recommendationId,
      id: placeTable.id,
      name: placeTable.name,
    })
    .from(recommendationPlaceTable)
    .innerJoin(placeTable, eq(placeTable.id, recommendationPlaceTable.placeId))
    .where(inArray(recommendationPlaceTable.recommendationId, [...ids]))
    .orderBy(asc(placeTable.name));
  for (const r of rows) byId.set(r.recommendationId, [...(byId.get(r.recommendationId) ?? []), r]);
  return byId;
}

export type SourceRow = {
  visitId: string;
  visitNumber: number;
  startsOn: string;
  placeName: string;
  findingId: string | null;
  findingTheme: string | null;
  findingText: string | null;
};

/** The visits a recommendation comes from, each with the findings of it that the recommendation names. */
export async function selectSources(db: Executor, id: string): Promise<SourceRow[]> {
  return db
    .select({
      visitId: monitoringVisitTable.id,
      visitNumber: monitoringVisitTable.number,
      startsOn: monitoringVisitTable.startsOn,
      placeName: placeTable.name,
      findingId: monitoringFindingTable.id,
      findingTheme: monitoringFindingTable.theme,
      findingText: monitoringFindingTable.text,
    })
    .from(recommendationVisitTable)
    .innerJoin(monitoringVisitTable, eq(monitoringVisitTable.id, recommendationVisitTable.visitId))
    .innerJoin(placeTable, eq(placeTable.id, monitoringVisitTable.placeId))
    .leftJoin(
      monitoringFindingTable,
      and(
        eq(monitoringFindingTable.visitId, monitoringVisitTable.id),
        sql`exists (select 1 from ${recommendationFindingTable} where ${recommendationFindingTable.findingId} = ${monitoringFindingTable.id} and ${recommendationFindingTable.recommendationId} = ${id})`,
      ),
    )
    .where(eq(recommendationVisitTable.recommendationId, id))
    .orderBy(asc(monitoringVisitTable.startsOn), asc(monitoringFindingTable.position));
}

export async function selectLinkIds(
  db: Executor,
  id: string,
): Promise<{ placeIds: string[]; findingIds: string[]; visitIds: string[] }> {
  const places = await db
    .select({ id: recommendationPlaceTable.placeId })
    .from(recommendationPlaceTable)
    .where(eq(recommendationPlaceTable.recommendationId, id));
  const findings = await db
    .select({ id: recommendationFindingTable.findingId })
    .from(recommendationFindingTable)
    .where(eq(recommendationFindingTable.recommendationId, id));
  const visits = await db
    .select({ id: recommendationVisitTable.visitId })
    .from(recommendationVisitTable)
    .where(eq(recommendationVisitTable.recommendationId, id));
  const sorted = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
  return { placeIds: sorted(places), findingIds: sorted(findings), visitIds: sorted(visits) };
}

// ----- Facts the service checks -----

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

export async function selectDetentionPlaceIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(and(inArray(placeTable.id, [...ids]), eq(placeTable.kind, "place_of_detention")));
  return new Set(rows.map((r) => r.id));
}

export type VisitFacts = {
  id: string;
  number: number;
  monitoringOrganisationId: string;
  placeId: string;
  status: string;
  visitType: string;
  startsOn: string;
  endsOn: string | null;
};

const visitFactColumns = {
  id: monitoringVisitTable.id,
  number: monitoringVisitTable.number,
  monitoringOrganisationId: monitoringVisitTable.monitoringOrganisationId,
  placeId: monitoringVisitTable.placeId,
  status: monitoringVisitTable.status,
  visitType: monitoringVisitTable.visitType,
  startsOn: monitoringVisitTable.startsOn,
  endsOn: monitoringVisitTable.endsOn,
};

export async function selectVisitFacts(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, VisitFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(visitFactColumns)
    .from(monitoringVisitTable)
    .where(inArray(monitoringVisitTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Conducted follow-up visits of a monitoring body with their place's name, newest first. */
export async function selectConductedFollowUpVisits(
  db: Executor,
  monitoringOrganisationId: string,
): Promise<(VisitFacts & { placeName: string })[]> {
  return db
    .select({ ...visitFactColumns, placeName: placeTable.name })
    .from(monitoringVisitTable)
    .innerJoin(placeTable, eq(placeTable.id, monitoringVisitTable.placeId))
    .where(
      and(
        eq(monitoringVisitTable.monitoringOrganisationId, monitoringOrganisationId),
        eq(monitoringVisitTable.visitType, "follow_up"),
        eq(monitoringVisitTable.status, "conducted"),
      ),
    )
    .orderBy(desc(monitoringVisitTable.startsOn), desc(monitoringVisitTable.number))
    .limit(500);
}

export type FindingFacts = { id: string; visit: VisitFacts };

export async function selectFindingFacts(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, FindingFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ findingId: monitoringFindingTable.id, visit: visitFactColumns })
    .from(monitoringFindingTable)
    .innerJoin(monitoringVisitTable, eq(monitoringVisitTable.id, monitoringFindingTable.visitId))
    .where(inArray(monitoringFindingTable.id, [...ids]));
  return new Map(rows.map((r) => [r.findingId, { id: r.findingId, visit: r.visit }]));
}

// ----- Writes -----

export type RecommendationValues = {
  monitoringOrganisationId: string;
  text: string;
  theme: string;
  vulnerableGroups: string[];
  addresseeOrganisationId: string;
  priority: string;
  issuedOn: string;
  deadline: string | null;
  allFacilities: boolean;
  publishedOn: string | null;
};

export type RecommendationLinks = { placeIds: string[]; findingIds: string[]; visitIds: string[] };

async function writeLinks(db: Executor, id: string, links: RecommendationLinks): Promise<void> {
  if (links.placeIds.length > 0)
    await db
      .insert(recommendationPlaceTable)
      .values(links.placeIds.map((placeId) => ({ recommendationId: id, placeId })));
  if (links.findingIds.length > 0)
    await db
      .insert(recommendationFindingTable)
      .values(links.findingIds.map((findingId) => ({ recommendationId: id, findingId })));
  if (links.visitIds.length > 0)
    await db
      .insert(recommendationVisitTable)
      .values(links.visitIds.map((visitId) => ({ recommendationId: id, visitId })));
}

async function clearLinks(db: Executor, id: string): Promise<void> {
  await db.delete(recommendationPlaceTable).where(eq(recommendationPlaceTable.recommendationId, id));
  await db.delete(recommendationFindingTable).where(eq(recommendationFindingTable.recommendationId, id));
  await db.delete(recommendationVisitTable).where(eq(recommendationVisitTable.recommendationId, id));
}

export async function insertRecommendation(
  db: Executor,
  values: RecommendationValues,
  links: RecommendationLinks,
): Promise<string> {
  const [row] = await db
    .insert(recommendationTable)
    .values({ ...values, status: "not_answered", statusOn: values.issuedOn })
    .returning({ id: recommendationTable.id });
  if (!row) throw new Error("insert into recommendation returned no row");
  await writeLinks(db, row.id, links);
  return row.id;
}

/** Updates at the version read; false when someone changed it in between. */
export async function updateRecommendationRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: Partial<RecommendationValues> & {
    status?: RecommendationStatus;
    statusOn?: string;
    response?: string | null;
    respondedOn?: string | null;
  },
  links?: RecommendationLinks,
): Promise<boolean> {
  const rows = await db
    .update(recommendationTable)
    .set({ ...values, ...nextVersion(recommendationTable) })
    .where(atVersion(recommendationTable, id, expectedVersion))
    .returning({ id: recommendationTable.id });
  if (rows.length === 0) return false;
  if (links) {
    await clearLinks(db, id);
    await writeLinks(db, id, links);
  }
  return true;
}

export async function deleteRecommendationRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  await clearLinks(db, id);
  const rows = await db
    .delete(recommendationTable)
    .where(atVersion(recommendationTable, id, expectedVersion))
    .returning({ id: recommendationTable.id });
  return rows.length > 0;
}

// ----- Status history and evidence -----

export type StatusChangeRow = typeof recommendationStatusChangeTable.$inferSelect & {
  visitNumber: number | null;
  visitStartsOn: string | null;
};

export async function selectStatusChanges(db: Executor, id: string): Promise<StatusChangeRow[]> {
  const rows = await db
    .select({
      change: recommendationStatusChangeTable,
      visitNumber: monitoringVisitTable.number,
      visitStartsOn: monitoringVisitTable.startsOn,
    })
    .from(recommendationStatusChangeTable)
    .leftJoin(monitoringVisitTable, eq(monitoringVisitTable.id, recommendationStatusChangeTable.visitId))
    .where(eq(recommendationStatusChangeTable.recommendationId, id))
    .orderBy(asc(recommendationStatusChangeTable.changedOn), asc(recommendationStatusChangeTable.recordedAt));
  return rows.map((r) => ({ ...r.change, visitNumber: r.visitNumber, visitStartsOn: r.visitStartsOn }));
}

export async function countStatusChanges(db: Executor, id: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recommendationStatusChangeTable)
    .where(eq(recommendationStatusChangeTable.recommendationId, id));
  return row?.n ?? 0;
}

export async function insertStatusChange(
  db: Executor,
  values: typeof recommendationStatusChangeTable.$inferInsert,
): Promise<string> {
  const [row] = await db
    .insert(recommendationStatusChangeTable)
    .values(values)
    .returning({ id: recommendationStatusChangeTable.id });
  if (!row) throw new Error("insert into recommendation_status_change returned no row");
  return row.id;
}

const evidenceMeta = {
  id: recommendationEvidenceTable.id,
  statusChangeId: recommendationEvidenceTable.statusChangeId,
  fileName: recommendationEvidenceTable.fileName,
  contentType: recommendationEvidenceTable.contentType,
  sizeBytes: recommendationEvidenceTable.sizeBytes,
  uploadedBy: recommendationEvidenceTable.uploadedBy,
  uploadedAt: recommendationEvidenceTable.uploadedAt,
  version: recommendationEvidenceTable.version,
};

export type EvidenceMeta = {
  id: string;
  statusChangeId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  uploadedAt: Date;
  version: number;
};

export async function selectEvidenceOf(db: Executor, changeIds: readonly string[]): Promise<EvidenceMeta[]> {
  if (changeIds.length === 0) return [];
  return db
    .select(evidenceMeta)
    .from(recommendationEvidenceTable)
    .where(inArray(recommendationEvidenceTable.statusChangeId, [...changeIds]))
    .orderBy(asc(recommendationEvidenceTable.uploadedAt));
}

export type EvidenceFile = { fileName: string; contentType: string; data: Uint8Array };

export async function selectEvidenceFile(
  db: Executor,
  recommendationId: string,
  evidenceId: string,
): Promise<EvidenceFile | undefined> {
  const [row] = await db
    .select({
      fileName: recommendationEvidenceTable.fileName,
      contentType: recommendationEvidenceTable.contentType,
      data: recommendationEvidenceTable.data,
    })
    .from(recommendationEvidenceTable)
    .innerJoin(
      recommendationStatusChangeTable,
      eq(recommendationStatusChangeTable.id, recommendationEvidenceTable.statusChangeId),
    )
    .where(
      and(
        eq(recommendationEvidenceTable.id, evidenceId),
        eq(recommendationStatusChangeTable.recommendationId, recommendationId),
      ),
    );
  return row;
}

export async function insertEvidence(
  db: Executor,
  statusChangeId: string,
  file: StoredFileFields,
): Promise<void> {
  await db
    .insert(recommendationEvidenceTable)
    .values({ ...file, sizeBytes: file.data.byteLength, statusChangeId });
}

/** How many follow-up actions serve this recommendation. */
export async function countFollowUpLinks(db: Executor, id: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(followUpActionRecommendationTable)
    .where(eq(followUpActionRecommendationTable.recommendationId, id));
  return row?.n ?? 0;
}

/** The findings of a monitoring body's conducted visits, with their visit and place, newest visit first. */
export async function selectCitableFindings(
  db: Executor,
  monitoringOrganisationId: string,
): Promise<SourceRow[]> {
  return db
    .select({
      visitId: monitoringVisitTable.id,
      visitNumber: monitoringVisitTable.number,
      startsOn: monitoringVisitTable.startsOn,
      placeName: placeTable.name,
      findingId: monitoringFindingTable.id,
      findingTheme: monitoringFindingTable.theme,
      findingText: monitoringFindingTable.text,
    })
    .from(monitoringFindingTable)
    .innerJoin(monitoringVisitTable, eq(monitoringVisitTable.id, monitoringFindingTable.visitId))
    .innerJoin(placeTable, eq(placeTable.id, monitoringVisitTable.placeId))
    .where(
      and(
        eq(monitoringVisitTable.monitoringOrganisationId, monitoringOrganisationId),
        eq(monitoringVisitTable.status, "conducted"),
      ),
    )
    .orderBy(desc(monitoringVisitTable.startsOn), asc(monitoringFindingTable.position))
    .limit(500);
}
