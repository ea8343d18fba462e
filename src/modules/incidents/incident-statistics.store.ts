// The counts incident statistics are built from: incidents and victims grouped by their cube's leaves.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { AgeGroup, IncidentKind, Sex } from "./incidents.schema";

export type StatisticsLeaf = {
  unit: "incident" | "victim";
  kind: IncidentKind;
  districtId: string | null;
  abroad: boolean;
  /** "2026-03", "2026-??" (the year only is known) or null. */
  month: string | null;
  sex: Sex | null;
  ageGroup: AgeGroup | null;
  count: number;
};

/** Changes whenever an incident or a person is added, changed or removed: the key of the cached cubes. */
export async function selectStatisticsGeneration(db: Executor): Promise<string> {
  const [row] = await queryRows<{ g: string }>(
    db,
    sql`select concat_ws('/', (select count(*) from incident), (select max(updated_at) from incident),
                  (select count(*) from incident_person), (select max(updated_at) from incident_person)) as g`,
  );
  return row?.g ?? "";
}

export async function selectStatisticsLeaves(db: Executor): Promise<StatisticsLeaf[]> {
  const rows = await queryRows<{
    unit: "incident" | "victim";
    kind: IncidentKind;
    district_id: string | null;
    abroad: boolean;
    month: string | null;
    sex: Sex | null;
    age_group: AgeGroup | null;
    n: number;
  }>(
    db,
    sql`with i as (
          select id, kind, district_id, place_kind = 'abroad' as abroad,
            case when occurred_on is null then null
                 when length(occurred_on) >= 7 then substr(occurred_on, 1, 7)
                 else substr(occurred_on, 1, 4) || '-??' end as month
          from incident)
        select 'incident' as unit, kind, district_id, abroad, month, null as sex, null as age_group, count(*)::int as n
          from i group by kind, district_id, abroad, month
        union all
        select 'victim', i.kind, i.district_id, i.abroad, i.month, p.sex, p.age_group, count(*)::int
          from i join incident_person p on p.incident_id = i.id and p.role = 'victim'
          group by i.kind, i.district_id, i.abroad, i.month, p.sex, p.age_group`,
  );
  return rows.map((r) => ({
    unit: r.unit,
    kind: r.kind,
    districtId: r.district_id,
    abroad: r.abroad,
    month: r.month,
    sex: r.sex,
    ageGroup: r.age_group,
    count: r.n,
  }));
}

/** Every district of the register by id, with its name: the district dimension's leaves. */
export async function selectDistrictNames(db: Executor): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from place where kind = 'district' order by name`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
