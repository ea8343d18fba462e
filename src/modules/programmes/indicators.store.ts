// Indicator queries: indicators, their targets and their rollup over all results.
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { arrayParam, type Executor, queryRows } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import type { Calculation, Disaggregation, IndicatorUnit, TargetInput } from "./programmes.schema";
import { indicatorRollupTable, indicatorTable, indicatorTargetTable, resultTable } from "./programmes.table";

export type IndicatorRow = {
  id: string;
  programmeId: string;
  logframeItemId: string;
  libraryCode: string | null;
  title: string;
  unit: IndicatorUnit;
  calculation: Calculation;
  baselineValue: number | null;
  baselineText: string | null;
  baselineDate: string | null;
  disaggregations: Disaggregation[];
};

export async function insertIndicator(db: Executor, fields: Omit<IndicatorRow, "id">): Promise<string> {
  const [row] = await db
    .insert(indicatorTable)
    .values({
      ...fields,
      position: sql`(select coalesce(max(position), -1) + 1 from indicator where programme_id = ${fields.programmeId})`,
    })
    .returning({ id: indicatorTable.id });
  if (!row) throw new Error("insert returned no row");
  await db.insert(indicatorRollupTable).values({ indicatorId: row.id });
  return row.id;
}

export async function insertTargets(
  db: Executor,
  indicatorId: string,
  targets: TargetInput[],
): Promise<void> {
  if (targets.length > 0)
    await db.insert(indicatorTargetTable).values(targets.map((t) => ({ indicatorId, ...t })));
}

/** False when the indicator is no longer at `version`; its targets, results and rollup go with it (cascade). */
export async function deleteIndicatorRow(db: Executor, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(indicatorTable)
    .where(atVersion(indicatorTable, id, version))
    .returning({ id: indicatorTable.id });
  return rows.length > 0;
}

/** Locks an indicator's row, so its version cannot move until the transaction ends. */
export async function lockIndicator(db: Executor, id: string): Promise<void> {
  await db
    .select({ id: indicatorTable.id })
    .from(indicatorTable)
    .where(eq(indicatorTable.id, id))
    .for("update");
}

export type IndicatorWithRollup = IndicatorRow & {
  version: number;
  targets: TargetInput[];
  rollup: RollupRow;
};

export type RollupRow = {
  exactSum: number;
  boundSum: number;
  boundCount: number;
  numericCount: number;
  maxValue: number | null;
  maxIsBound: boolean;
  latestValue: number | null;
  latestKind: string | null;
  numeratorSum: number;
  denominatorSum: number;
  qualitative: string[];
  notReportedCount: number;
};

const indicatorColumns = {
  id: indicatorTable.id,
  programmeId: indicatorTable.programmeId,
  logframeItemId: indicatorTable.logframeItemId,
  libraryCode: indicatorTable.libraryCode,
  title: indicatorTable.title,
  unit: indicatorTable.unit,
  calculation: indicatorTable.calculation,
  baselineValue: indicatorTable.baselineValue,
  baselineText: indicatorTable.baselineText,
  baselineDate: indicatorTable.baselineDate,
  disaggregations: indicatorTable.disaggregations,
  version: indicatorTable.version,
};

/** Indicators of some programmes (or those ids), with targets and rollups: a fixed number of queries. */
export async function selectIndicators(
  db: Executor,
  where: { programmeIds?: string[]; ids?: string[] },
): Promise<IndicatorWithRollup[]> {
  // One array parameter each, not one per id: an all-programmes dashboard names 200 programmes and 1,600 indicators.
  const condition = where.ids
    ? sql`${indicatorTable.id} = any(${arrayParam(where.ids, "uuid")})`
    : sql`${indicatorTable.programmeId} = any(${arrayParam(where.programmeIds ?? [], "uuid")})`;
  if ((where.ids ?? where.programmeIds ?? []).length === 0) return [];
  const rows = await db
    .select({
      ...indicatorColumns,
      rollup: {
        exactSum: indicatorRollupTable.exactSum,
        boundSum: indicatorRollupTable.boundSum,
        boundCount: indicatorRollupTable.boundCount,
        numericCount: indicatorRollupTable.numericCount,
        maxValue: indicatorRollupTable.maxValue,
        maxIsBound: indicatorRollupTable.maxIsBound,
        latestValue: indicatorRollupTable.latestValue,
        latestKind: indicatorRollupTable.latestKind,
        numeratorSum: indicatorRollupTable.numeratorSum,
        denominatorSum: indicatorRollupTable.denominatorSum,
        qualitative: indicatorRollupTable.qualitative,
        notReportedCount: indicatorRollupTable.notReportedCount,
      },
    })
    .from(indicatorTable)
    .innerJoin(indicatorRollupTable, eq(indicatorRollupTable.indicatorId, indicatorTable.id))
    .where(condition)
    .orderBy(asc(indicatorTable.programmeId), asc(indicatorTable.position));
  const ids = rows.map((r) => r.id);
  const targets =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(indicatorTargetTable)
          .where(sql`${indicatorTargetTable.indicatorId} = any(${arrayParam(ids, "uuid")})`)
          .orderBy(asc(indicatorTargetTable.periodStart));
  const byIndicator = new Map<string, TargetInput[]>();
  for (const t of targets) {
    const list = byIndicator.get(t.indicatorId) ?? [];
    list.push({ periodStart: t.periodStart, periodEnd: t.periodEnd, value: t.value });
    byIndicator.set(t.indicatorId, list);
  }
  return rows.map((r) => ({
    ...r,
    unit: r.unit as IndicatorUnit,
    calculation: r.calculation as Calculation,
    disaggregations: r.disaggregations as Disaggregation[],
    targets: byIndicator.get(r.id) ?? [],
  }));
}

/** Rollups left to refresh, by the transaction that defers them (`collectRollups`). */
type PendingRollups = { indicatorIds: Set<string>; programmeIds: Set<string> };
const pendingRollups = new WeakMap<Executor, PendingRollups>();

/** The rollups deferred in this transaction, if `collectRollups` runs in it. */
export const pendingRollupsOf = (db: Executor): PendingRollups | undefined => pendingRollups.get(db);

/**
 * Runs `run` with the indicator rollups and people reached it would refresh (on `db`, row after row) only noted, and
 * says which: a bulk write refreshes each once at its end (each refresh reads every result of its indicator or
 * every event of its programme, so a refresh per row made a 300-row import's rows cost more the more it had written).
 */
export async function collectRollups<T>(
  db: Executor,
  run: () => Promise<T>,
): Promise<{ result: T; indicatorIds: string[]; programmeIds: string[] }> {
  if (pendingRollups.has(db)) throw new Error("collectRollups: rollups are already deferred on this handle");
  const pending: PendingRollups = { indicatorIds: new Set(), programmeIds: new Set() };
  pendingRollups.set(db, pending);
  try {
    const result = await run();
    return { result, indicatorIds: [...pending.indicatorIds], programmeIds: [...pending.programmeIds] };
  } finally {
    pendingRollups.delete(db);
  }
}

/**
 * Recomputes one indicator's rollup from its results, in the writing transaction. One indicator's rows
 * only, through result_indicator_idx: the dashboard then reads one row per indicator however many results exist.
 */
export async function refreshIndicatorRollup(db: Executor, indicatorId: string): Promise<void> {
  const pending = pendingRollups.get(db);
  if (pending) {
    pending.indicatorIds.add(indicatorId);
    return;
  }
  await db.execute(sql`
    update indicator_rollup u set
      exact_sum = s.exact_sum, bound_sum = s.bound_sum, bound_count = s.bound_count,
      numeric_count = s.numeric_count, max_value = s.max_value, max_is_bound = s.max_is_bound,
      latest_value = s.latest_value, latest_kind = s.latest_kind,
      numerator_sum = s.numerator_sum, denominator_sum = s.denominator_sum,
      qualitative = s.qualitative, not_reported_count = s.not_reported_count
    from (
      select
        coalesce(sum(value) filter (where value_kind = 'exact'), 0) as exact_sum,
        coalesce(sum(value) filter (where value_kind = 'lower_bound'), 0) as bound_sum,
        count(*) filter (where value_kind = 'lower_bound')::int as bound_count,
        count(value)::int as numeric_count,
        max(value) as max_value,
        coalesce((select m.value_kind = 'lower_bound' from result m where m.indicator_id = ${indicatorId} and m.value is not null order by m.value desc, (m.value_kind = 'exact') desc limit 1), false) as max_is_bound,
        (select value from result l where l.indicator_id = ${indicatorId} and l.value is not null order by period_end desc, created_at desc limit 1) as latest_value,
        (select value_kind from result l where l.indicator_id = ${indicatorId} and l.value is not null order by period_end desc, created_at desc limit 1) as latest_kind,
        coalesce(sum(value) filter (where denominator is not null), 0) as numerator_sum,
        coalesce(sum(denominator), 0) as denominator_sum,
        coalesce(array_agg(distinct text) filter (where value_kind = 'qualitative' and text is not null), '{}') as qualitative,
        count(*) filter (where value_kind = 'not_reported')::int as not_reported_count
      from result where indicator_id = ${indicatorId}
    ) s
    where u.indicator_id = ${indicatorId}`);
}

/** False when the indicator is no longer at `version`. */
export async function updateIndicatorRow(
  db: Executor,
  id: string,
  version: number,
  fields: Omit<IndicatorRow, "id" | "programmeId" | "libraryCode">,
): Promise<boolean> {
  const rows = await db
    .update(indicatorTable)
    .set({ ...fields, ...nextVersion(indicatorTable) })
    .where(atVersion(indicatorTable, id, version))
    .returning({ id: indicatorTable.id });
  return rows.length > 0;
}

export async function replaceTargets(
  db: Executor,
  indicatorId: string,
  targets: TargetInput[],
): Promise<void> {
  await db.delete(indicatorTargetTable).where(eq(indicatorTargetTable.indicatorId, indicatorId));
  await insertTargets(db, indicatorId, targets);
}

/** How many results each of these indicators has (those with none are absent). */
export async function countResults(
  db: Executor,
  indicatorIds: readonly string[],
): Promise<Map<string, number>> {
  if (indicatorIds.length === 0) return new Map();
  const rows = await db
    .select({ indicatorId: resultTable.indicatorId, n: count() })
    .from(resultTable)
    .where(inArray(resultTable.indicatorId, [...indicatorIds]))
    .groupBy(resultTable.indicatorId);
  return new Map(rows.map((r) => [r.indicatorId, Number(r.n)]));
}

/** The disaggregation dimensions an indicator's results are broken down by. */
export async function selectBreakdownDimensions(
  db: Executor,
  indicatorId: string,
): Promise<Disaggregation[]> {
  const [row] = await queryRows<{ sex: boolean; age_group: boolean; category: boolean }>(
    db,
    sql`select coalesce(bool_or(b.sex is not null), false) as sex,
               coalesce(bool_or(b.age_group is not null), false) as age_group,
               coalesce(bool_or(b.category is not null), false) as category
        from result_breakdown b join result r on r.id = b.result_id
        where r.indicator_id = ${indicatorId}`,
  );
  const used: Disaggregation[] = [];
  if (row?.sex) used.push("sex");
  if (row?.age_group) used.push("age_group");
  if (row?.category) used.push("category");
  return used;
}

/** Keeps an indicator's title in every language its IATI source gave. */
export async function setIndicatorNarratives(
  db: Executor,
  id: string,
  narratives: Record<string, string>,
): Promise<void> {
  await db.update(indicatorTable).set({ narratives }).where(eq(indicatorTable.id, id));
}
