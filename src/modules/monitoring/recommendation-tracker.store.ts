// The tracker's counts in two grouped queries (per group and overall) over the recommendations a reader reaches.
import { and, eq, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import {
  recommendationPlaceTable,
  recommendationStatusChangeTable,
  recommendationTable,
} from "./monitoring.table";
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from "./recommendation-status";
import { overdueCondition, placeCondition, type Reach, reachCondition } from "./recommendations.store";

export type TrackerGrouping = "place" | "addressee" | "theme" | "year";

export type TrackerFilter = {
  reach: Reach;
  today: string;
  fromYear?: number;
  toYear?: number;
  addresseeOrganisationId?: string;
  theme?: string;
  placeId?: string;
  monitoringOrganisationId?: string;
};

export type TrackerCounts = {
  key: string;
  total: number;
  byStatus: Record<RecommendationStatus, number>;
  implemented: number;
  overdue: number;
  averageDaysToImplementation: number | null;
};

/** The "all facilities" group when grouping by place. */
export const ALL_FACILITIES_KEY = "all_facilities";

function baseCondition(f: TrackerFilter): SQL | undefined {
  return and(
    reachCondition(f.reach),
    f.fromYear !== undefined ? gte(recommendationTable.issuedOn, `${f.fromYear}-01-01`) : undefined,
    f.toYear !== undefined ? lte(recommendationTable.issuedOn, `${f.toYear}-12-31`) : undefined,
    f.addresseeOrganisationId
      ? eq(recommendationTable.addresseeOrganisationId, f.addresseeOrganisationId)
      : undefined,
    f.theme ? eq(recommendationTable.theme, f.theme) : undefined,
    f.placeId ? placeCondition(f.placeId) : undefined,
    f.monitoringOrganisationId
      ? eq(recommendationTable.monitoringOrganisationId, f.monitoringOrganisationId)
      : undefined,
  );
}

/** The day each recommendation was first marked implemented, in one grouped pass (materialised: computed once). */
const implementedDays = () => sql`select c.recommendation_id, min(c.changed_on) as implemented_on
  from ${recommendationStatusChangeTable} c where c.status = 'implemented' group by c.recommendation_id`;

/**
 * The day of implementation is joined from `imp` (one grouped pass), not looked up by a subquery per row: the planner's
 * estimate of the latter set off JIT on PostgreSQL (50 ms to compile a 20 ms query; bench/monitoring-tracker.ts).
 * The filtered recommendations with their overdue flag and the first day they were marked implemented. */
function filtered(f: TrackerFilter): SQL {
  const where = baseCondition(f);
  return sql`select ${recommendationTable.id} as id, ${recommendationTable.issuedOn} as issued_on,
      ${recommendationTable.status} as status, ${recommendationTable.theme} as theme,
      ${recommendationTable.addresseeOrganisationId} as addressee_id,
      ${recommendationTable.allFacilities} as all_facilities,
      ${overdueCondition(f.today)} as overdue,
      case when ${recommendationTable.status} = 'implemented' then imp.implemented_on end as implemented_on
    from ${recommendationTable}
    left join imp on imp.recommendation_id = ${recommendationTable.id}
    ${where ? sql`where ${where}` : sql``}`;
}

function grouped(by: TrackerGrouping): SQL {
  switch (by) {
    case "addressee":
      return sql`select r.addressee_id::text as key, r.* from r`;
    case "theme":
      return sql`select r.theme as key, r.* from r`;
    case "year":
      return sql`select extract(year from r.issued_on)::int::text as key, r.* from r`;
    case "place":
      return sql`select rp.place_id::text as key, r.* from r
          join ${recommendationPlaceTable} rp on rp.recommendation_id = r.id
        union all
        select ${ALL_FACILITIES_KEY} as key, r.* from r where r.all_facilities`;
  }
}

const aggregates = sql.join(
  [
    sql`count(*)::int as total`,
    ...RECOMMENDATION_STATUSES.map(
      (s) => sql`count(*) filter (where status = ${s})::int as ${sql.raw(`"s_${s}"`)}`,
    ),
    sql`count(*) filter (where overdue)::int as overdue`,
    sql`(avg(implemented_on - issued_on) filter (where status = 'implemented'))::float8 as avg_days`,
  ],
  sql`, `,
);

type CountsRow = Record<string, number | string | null>;

function countsOf(row: CountsRow): TrackerCounts {
  const byStatus = Object.fromEntries(
    RECOMMENDATION_STATUSES.map((s) => [s, Number(row[`s_${s}`] ?? 0)]),
  ) as Record<RecommendationStatus, number>;
  const avg = row.avg_days;
  return {
    key: String(row.key ?? ""),
    total: Number(row.total ?? 0),
    byStatus,
    implemented: byStatus.implemented,
    overdue: Number(row.overdue ?? 0),
    averageDaysToImplementation: avg === null || avg === undefined ? null : Math.round(Number(avg) * 10) / 10,
  };
}

/** The statement behind selectTrackerCounts (the bench explains it with BENCH_EXPLAIN=1). */
export function trackerCountsQuery(by: TrackerGrouping, f: TrackerFilter): SQL {
  return sql`with imp as materialized (${implementedDays()}), r as materialized (${filtered(f)}),
      g as (${grouped(by)})
    select * from (
      select false as is_total, key, ${aggregates} from g group by key
      union all
      select true as is_total, 'total' as key, ${aggregates} from r
    ) t order by is_total, total desc, key`;
}

/**
 * The groups and the overall line in one statement (the total counts each recommendation once, even one naming two
 * places); the overall line comes last.
 */
export async function selectTrackerCounts(
  db: Executor,
  by: TrackerGrouping,
  f: TrackerFilter,
): Promise<{ groups: TrackerCounts[]; total: TrackerCounts }> {
  const rows = await queryRows<CountsRow & { is_total: boolean }>(db, trackerCountsQuery(by, f));
  const total = rows.find((row) => row.is_total);
  return {
    groups: rows.filter((row) => !row.is_total).map(countsOf),
    total: countsOf(total ?? {}),
  };
}

export async function selectPlaceNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: placeTable.id, name: placeTable.name })
    .from(placeTable)
    .where(inArray(placeTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function selectOrganisationNames(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
