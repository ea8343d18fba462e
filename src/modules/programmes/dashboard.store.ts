// Dashboard queries: people reached by category, sex and district, qualitative reach, the timeline.
import { and, asc, inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { ParticipantCategory, ReachRow, Sex } from "./programmes.schema";
import { programmeEventTable } from "./programmes.table";

/**
 * The counter the dashboard across programmes is cached against (migration 0049): 0 until it first moves (a new
 * sequence's last_value is 1 both before and after its first nextval).
 */
export async function readDashboardStamp(db: Executor): Promise<string> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select (case when is_called then last_value else 0 end)::text as n from programme_dashboard_change_seq`,
  );
  return row?.n ?? "";
}

/** Which programmes a dashboard covers: these ids, or (null) all of them. */
export type ProgrammeFilter = string[] | null;

const filterOn = (column: SQL, ids: ProgrammeFilter) =>
  ids === null ? sql`true` : ids.length === 0 ? sql`false` : inArray(column, ids);

export async function selectReach(db: Executor, programmeIds: ProgrammeFilter): Promise<ReachRow[]> {
  const rows = await queryRows<{
    category: string;
    sex: string;
    district_id: string | null;
    district_name: string | null;
    people: number;
  }>(
    db,
    sql`select r.category, r.sex, r.district_id, d.name as district_name, sum(r.people)::int as people
        from programme_reach r left join place d on d.id = r.district_id
        where ${filterOn(sql`r.programme_id`, programmeIds)}
        group by r.category, r.sex, r.district_id, d.name
        order by people desc, r.category`,
  );
  return rows.map((r) => ({
    category: r.category as ParticipantCategory,
    sex: r.sex as Sex,
    districtId: r.district_id,
    districtName: r.district_name,
    people: Number(r.people),
  }));
}

export async function selectQualitativeReach(db: Executor, programmeIds: ProgrammeFilter) {
  return db
    .select({ title: programmeEventTable.title, note: sql<string>`${programmeEventTable.reachNote}` })
    .from(programmeEventTable)
    .where(
      and(
        sql`${programmeEventTable.reachNote} is not null`,
        filterOn(sql`${programmeEventTable.programmeId}`, programmeIds),
      ),
    )
    .orderBy(asc(programmeEventTable.startDate))
    .limit(200);
}

/** Events and people per month (events are few next to results, so counted directly); undated ones: selectUndated. */
export async function selectTimeline(db: Executor, programmeIds: ProgrammeFilter) {
  const rows = await queryRows<{ month: string; events: number; people: number }>(
    db,
    sql`select to_char(e.start_date, 'YYYY-MM') as month, count(*)::int as events,
               coalesce(sum(p.people) filter (where not e.repeat_audience), 0)::int as people
        from programme_event e
        left join (select ep.event_id, sum(ep.count) as people
                   from event_participants ep join programme_event pe on pe.id = ep.event_id
                   where ${filterOn(sql`pe.programme_id`, programmeIds)}
                   group by ep.event_id) p
          on p.event_id = e.id
        where ${filterOn(sql`e.programme_id`, programmeIds)} and e.date_reported
        group by 1 order by 1`,
  );
  return rows.map((r) => ({ month: r.month, events: Number(r.events), people: Number(r.people) }));
}

/** Events whose date was not reported, and the people they reached: the timeline cannot place them in a month. */
export async function selectUndated(db: Executor, programmeIds: ProgrammeFilter) {
  const [row] = await queryRows<{ events: number; people: number }>(
    db,
    sql`select count(*)::int as events,
               coalesce(sum((select sum(p.count) from event_participants p where p.event_id = e.id)) filter (where not e.repeat_audience), 0)::int as people
        from programme_event e
        where ${filterOn(sql`e.programme_id`, programmeIds)} and not e.date_reported`,
  );
  return { events: Number(row?.events ?? 0), people: Number(row?.people ?? 0) };
}
