// What the IATI export reads beyond programme details: actuals per target period, kept narratives, codes.
import { and, inArray, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { OrganisationKind } from "../organisations";
import { indicatorTable, logframeItemTable } from "./programmes.table";

/** The narratives kept for these logframe items and indicators (only those that have some), by id. */
export async function selectNarratives(
  db: Executor,
  ids: { logframeItemIds: readonly string[]; indicatorIds: readonly string[] },
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (ids.logframeItemIds.length > 0) {
    const rows = await db
      .select({ id: logframeItemTable.id, narratives: logframeItemTable.narratives })
      .from(logframeItemTable)
      .where(
        and(
          inArray(logframeItemTable.id, [...ids.logframeItemIds]),
          sql`${logframeItemTable.narratives} is not null`,
        ),
      );
    for (const r of rows) if (r.narratives) out.set(r.id, r.narratives);
  }
  if (ids.indicatorIds.length > 0) {
    const rows = await db
      .select({ id: indicatorTable.id, narratives: indicatorTable.narratives })
      .from(indicatorTable)
      .where(
        and(inArray(indicatorTable.id, [...ids.indicatorIds]), sql`${indicatorTable.narratives} is not null`),
      );
    for (const r of rows) if (r.narratives) out.set(r.id, r.narratives);
  }
  return out;
}

/** Actual values per target period (Σ of exact and lower-bound results inside it), for every indicator at once. */
export async function selectPeriodActuals(db: Executor, indicatorIds: readonly string[]) {
  if (indicatorIds.length === 0) return new Map<string, { value: number; bound: boolean; words: string[] }>();
  const rows = await queryRows<{
    indicator_id: string;
    period_start: string;
    period_end: string;
    value: number | null;
    bounds: number;
    words: string[] | null;
  }>(
    db,
    sql`select t.indicator_id, t.period_start::text, t.period_end::text,
          sum(r.value) as value, count(*) filter (where r.value_kind = 'lower_bound')::int as bounds,
          array_agg(distinct r.text) filter (where r.text is not null) as words
        from indicator_target t
        join result r on r.indicator_id = t.indicator_id and r.period_start >= t.period_start and r.period_end <= t.period_end
        where t.indicator_id in (${sql.join(
          indicatorIds.map((id) => sql`${id}`),
          sql`, `,
        )})
        group by t.indicator_id, t.period_start, t.period_end`,
  );
  return new Map(
    rows.map((r) => [
      `${r.indicator_id}|${r.period_start}|${r.period_end}`,
      { value: r.value === null ? Number.NaN : Number(r.value), bound: r.bounds > 0, words: r.words ?? [] },
    ]),
  );
}

/** Results that come from events whose date was not reported, per indicator and result period. */
export type UndatedResults = Map<string, { start: string; end: string }[]>;

export async function selectUndatedResults(
  db: Executor,
  indicatorIds: readonly string[],
): Promise<UndatedResults> {
  const out: UndatedResults = new Map();
  if (indicatorIds.length === 0) return out;
  const rows = await queryRows<{ indicator_id: string; period_start: string; period_end: string }>(
    db,
    sql`select r.indicator_id, r.period_start::text, r.period_end::text
        from result r join programme_event e on e.id = r.event_id
        where not e.date_reported and r.indicator_id in (${sql.join(
          indicatorIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  for (const r of rows) {
    const list = out.get(r.indicator_id) ?? [];
    list.push({ start: r.period_start, end: r.period_end });
    out.set(r.indicator_id, list);
  }
  return out;
}

export type OrganisationKinds = Map<string, OrganisationKind>;

export async function selectOrganisationKinds(
  db: Executor,
  ids: readonly string[],
): Promise<OrganisationKinds> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; kind: OrganisationKind }>(
    db,
    sql`select id, kind from organisation where id in (${sql.join(
      [...new Set(ids)].map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** For these places, the province each lies in (by name) and the code of those that are countries. */
export async function selectPlaceRegions(db: Executor, ids: readonly string[]) {
  const placeIds = [...new Set(ids)];
  const provinceOf = new Map<string, string>();
  const countryOf = new Map<string, string>();
  if (placeIds.length > 0) {
    const rows = await queryRows<{ id: string; code: string; kind: string; province: string | null }>(
      db,
      sql`select p.id, p.code, p.kind, coalesce(pr.name, pr2.name) as province from place p
          left join place pr on pr.id = p.parent_id and pr.kind = 'province'
          left join place d on d.id = p.parent_id and d.kind = 'district'
          left join place pr2 on pr2.id = d.parent_id and pr2.kind = 'province'
          where p.id in (${sql.join(
            placeIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    for (const r of rows) {
      if (r.province) provinceOf.set(r.id, r.province);
      if (r.kind === "country") countryOf.set(r.id, r.code.toUpperCase());
    }
  }
  return { provinceOf, countryOf };
}
