// Queries of monitoring visits: rows with their place and monitoring body, lists within a reader's scope, publication.
import { and, count, desc, eq, inArray, isNotNull, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Executor, queryRows } from "../../db/client";
import { atVersion, type ListScope, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { monitoringFindingTable, monitoringVisitTable } from "./monitoring.table";
import type {
  VisitInterview,
  VisitListQuery,
  VisitStatus,
  VisitSummary,
  VisitTeamMember,
  VisitType,
} from "./visits.schema";

const v = monitoringVisitTable;
const place = alias(placeTable, "visit_place");

export type VisitRow = Omit<VisitSummary, "findingCount"> & {
  followUpOfVisitId: string | null;
  objectives: string | null;
  team: VisitTeamMember[];
  interviews: VisitInterview[];
  summary: string | null;
};

/** The values a visit is written with (what the service decides; the database adds id, number and version). */
export type VisitValues = {
  monitoringOrganisationId: string;
  placeId: string;
  districtId: string | null;
  status: VisitStatus;
  announced: boolean;
  visitType: VisitType;
  followUpOfVisitId: string | null;
  startsOn: string;
  endsOn: string | null;
  objectives: string | null;
  team: VisitTeamMember[];
  interviews: VisitInterview[];
  summary: string | null;
};

export const visitReference = (row: { number: number; startsOn: string }) =>
  `VIS-${row.startsOn.slice(0, 4)}-${row.number}`;

const rowColumns = {
  id: v.id,
  number: v.number,
  monitoringOrganisationId: v.monitoringOrganisationId,
  monitoringOrganisationName: organisationTable.name,
  placeId: v.placeId,
  placeName: place.name,
  districtId: v.districtId,
  status: v.status,
  announced: v.announced,
  visitType: v.visitType,
  followUpOfVisitId: v.followUpOfVisitId,
  startsOn: v.startsOn,
  endsOn: v.endsOn,
  objectives: v.objectives,
  team: v.team,
  interviews: v.interviews,
  summary: v.summary,
  publishedOn: v.publishedOn,
  version: v.version,
};

type RawRow = Omit<VisitRow, "reference" | "status" | "visitType" | "interviews"> & {
  number: number;
  status: string;
  visitType: string;
  interviews: { category: string; count: number }[];
};

function toVisitRow({ number, ...r }: RawRow): VisitRow {
  return {
    ...r,
    // The table's checks hold these to the schema's values.
    status: r.status as VisitStatus,
    visitType: r.visitType as VisitType,
    // Written only through VisitInterviewSchema.
    interviews: r.interviews as VisitInterview[],
    reference: visitReference({ number, startsOn: r.startsOn }),
  };
}

export async function selectVisitRow(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<VisitRow | null> {
  const query = db
    .select(rowColumns)
    .from(v)
    .innerJoin(organisationTable, eq(organisationTable.id, v.monitoringOrganisationId))
    .innerJoin(place, eq(place.id, v.placeId))
    .where(eq(v.id, id));
  const [row] = options.forUpdate ? await query.for("update", { of: v }) : await query;
  return row ? toVisitRow(row) : null;
}

/**
 * The visits a list scope reaches, as a condition on monitoring_visit: those of the monitoring bodies in scope, and
 * every visit published by `today`. Undefined: all. The recent-changes feed uses it too.
 */
export function visitScopeCondition(scope: ListScope, today: string): SQL | undefined {
  const published = and(isNotNull(v.publishedOn), lte(v.publishedOn, today));
  if (scope.all) return undefined;
  return scope.organisationIds.length > 0
    ? or(inArray(v.monitoringOrganisationId, scope.organisationIds), published)
    : published;
}

/** Visits the reader may see: those of the monitoring bodies in scope, and every published one. */
export async function selectVisits(
  db: Executor,
  query: VisitListQuery,
  scope: ListScope,
  today: string,
): Promise<{ items: VisitSummary[]; total: number }> {
  const visible = visitScopeCondition(scope, today);
  const where = and(
    visible,
    query.placeId ? eq(v.placeId, query.placeId) : undefined,
    query.status ? eq(v.status, query.status) : undefined,
    query.visitType ? eq(v.visitType, query.visitType) : undefined,
    query.year ? sql`extract(year from ${v.startsOn}) = ${query.year}` : undefined,
  );
  const findingCount = db
    .select({ visitId: monitoringFindingTable.visitId, n: count().as("n") })
    .from(monitoringFindingTable)
    .groupBy(monitoringFindingTable.visitId)
    .as("finding_count");
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...rowColumns, findingCount: sql<number>`coalesce(${findingCount.n}, 0)::int` })
      .from(v)
      .innerJoin(organisationTable, eq(organisationTable.id, v.monitoringOrganisationId))
      .innerJoin(place, eq(place.id, v.placeId))
      .leftJoin(findingCount, eq(findingCount.visitId, v.id))
      .where(where)
      .orderBy(desc(v.startsOn), desc(v.number))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(v).where(where),
  ]);
  return {
    items: rows.map(({ findingCount: n, ...r }) => {
      const { objectives, team, interviews, summary, followUpOfVisitId, ...shown } = toVisitRow(r);
      return { ...shown, findingCount: Number(n) };
    }),
    total: Number(total?.n ?? 0),
  };
}

/** The place with this id when it is a place of detention, with the district it lies in. */
export async function selectPlaceOfDetention(
  db: Executor,
  id: string,
): Promise<{ id: string; districtId: string | null } | null> {
  const [row] = await queryRows<{ id: string; kind: string; district_id: string | null }>(
    db,
    sql`select p.id, p.kind,
          case when parent.kind = 'district' then parent.id
               when grandparent.kind = 'district' then grandparent.id end as district_id
        from place p
        left join place parent on parent.id = p.parent_id
        left join place grandparent on grandparent.id = parent.parent_id
        where p.id = ${id}`,
  );
  return row && row.kind === "place_of_detention" ? { id: row.id, districtId: row.district_id } : null;
}

export async function selectOrganisationName(db: Executor, id: string): Promise<string | null> {
  const [row] = await db
    .select({ name: organisationTable.name })
    .from(organisationTable)
    .where(eq(organisationTable.id, id));
  return row?.name ?? null;
}

/** The monitoring body of a visit (to check that a follow-up follows one of the same body). */
export async function selectVisitBody(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ organisationId: v.monitoringOrganisationId }).from(v).where(eq(v.id, id));
  return row?.organisationId ?? null;
}

export async function insertVisit(db: Executor, values: VisitValues): Promise<string> {
  const [row] = await db.insert(v).values(values).returning({ id: v.id });
  if (!row) throw new Error("the visit was not written");
  return row.id;
}

export async function updateVisitRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: VisitValues,
): Promise<boolean> {
  const rows = await db
    .update(v)
    .set({ ...values, ...nextVersion(v) })
    .where(atVersion(v, id, expectedVersion))
    .returning({ id: v.id });
  return rows.length > 0;
}

export async function deleteVisitRow(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(v)
    .where(atVersion(v, id, expectedVersion))
    .returning({ id: v.id });
  return rows.length > 0;
}

/**
 * Publishes the visit and, in the same statement's transaction, the recommendations that come from it and were not
 * published yet (the recommendations module reads `published_on` as the visit sets it).
 */
export async function publishVisitRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  day: string,
): Promise<{ published: boolean; recommendationIds: string[] }> {
  const rows = await db
    .update(v)
    .set({ publishedOn: day, ...nextVersion(v) })
    .where(atVersion(v, id, expectedVersion))
    .returning({ id: v.id });
  if (rows.length === 0) return { published: false, recommendationIds: [] };
  const recommendations = await queryRows<{ id: string }>(
    db,
    sql`update recommendation set published_on = ${day}, version = version + 1, updated_at = now()
        where published_on is null
          and id in (select recommendation_id from recommendation_visit where visit_id = ${id})
        returning id`,
  );
  return { published: true, recommendationIds: recommendations.map((r) => r.id).sort() };
}

/** A recommendation that comes from the visit, as its report prints it. */
export type VisitRecommendationRow = {
  id: string;
  text: string;
  theme: string;
  addresseeName: string;
  priority: string;
  deadline: string | null;
  status: string;
};

/** The recommendations of a visit: named for the visit itself or for one of its findings; one query. */
export async function selectVisitRecommendations(
  db: Executor,
  visitId: string,
): Promise<VisitRecommendationRow[]> {
  const rows = await queryRows<{
    id: string;
    text: string;
    theme: string;
    addressee_name: string;
    priority: string;
    deadline: string | null;
    status: string;
  }>(
    db,
    sql`select r.id, r.text, r.theme, o.name as addressee_name, r.priority, r.deadline::text as deadline, r.status
        from recommendation r
        join organisation o on o.id = r.addressee_organisation_id
        where r.id in (select recommendation_id from recommendation_visit where visit_id = ${visitId}
                       union
                       select rf.recommendation_id from recommendation_finding rf
                       join monitoring_finding f on f.id = rf.finding_id where f.visit_id = ${visitId})
        order by r.number`,
  );
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    theme: r.theme,
    addresseeName: r.addressee_name,
    priority: r.priority,
    deadline: r.deadline,
    status: r.status,
  }));
}
