// Timeliness queries: the expected reports with the day each was first submitted, districts with their provinces.
import { aliasedTable, eq, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import { placeTable } from "../places/places.table";
import { periodEnd, periodStart, periodTypeOf } from "./periods";
import type { ReportState, StateCounts } from "./timeliness";

const province = aliasedTable(placeTable, "province");

export type DistrictRow = {
  id: string;
  name: string;
  provinceId: string | null;
  provinceName: string | null;
};

export async function selectDistrictsWithProvinces(db: Executor): Promise<DistrictRow[]> {
  return db
    .select({
      id: placeTable.id,
      name: placeTable.name,
      provinceId: province.id,
      provinceName: province.name,
    })
    .from(placeTable)
    .leftJoin(province, eq(province.id, placeTable.parentId))
    .where(eq(placeTable.kind, "district"));
}

export type ExpectedReportRow = {
  obligationId: string;
  organisationId: string;
  bodyId: string;
  districtId: string | null;
  period: string;
  dueDays: number;
  firstSubmittedOn: string | null;
  submissionId: string | null;
};

export type ExpectedFilter = {
  bodyIds?: readonly string[];
  districtIds?: readonly string[];
  organisationId?: string;
  /** Who may see which reports (timeliness.service.ts): by organisation, body organisation or body district. */
  reach?: {
    organisationIds: readonly string[];
    bodyOrganisationIds: readonly string[];
    districtIds: readonly string[];
  };
};

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** `column in (…)`, false for an empty list. */
const within = (column: SQL, values: readonly string[]) =>
  values.length === 0 ? sql`false` : sql`${column} in (${list(values)})`;

/**
 * The common table expressions `p` (the periods, a VALUES list), `ob` (the obligations in view, materialised) and
 * `x`: one row per expected report, an obligation of an active body in one of these periods whose start is not in
 * a pause of its organisation (deactivated), with its due date. judged() then finds each row's report by one probe of the
 * (obligation, period) index. Joining the obligations × periods product to the reports as a plain join was planned
 * as nested loops over the whole report set from a 1-row estimate for 10,000 rows (15 s for a province).
 */
function expectedReports(periods: readonly string[], by: ExpectedFilter): SQL {
  const filters: SQL[] = [sql`b.active`];
  if (by.bodyIds) filters.push(within(sql`o.body_id`, by.bodyIds));
  if (by.districtIds) filters.push(within(sql`b.district_id`, by.districtIds));
  if (by.organisationId) filters.push(sql`o.organisation_id = ${by.organisationId}`);
  if (by.reach)
    filters.push(sql`(${within(sql`o.organisation_id`, by.reach.organisationIds)}
      or ${within(sql`b.organisation_id`, by.reach.bodyOrganisationIds)}
      or ${within(sql`b.district_id`, by.reach.districtIds)})`);
  const values = sql.join(
    periods.map(
      (period) =>
        sql`(${period}, ${periodTypeOf(period)}, ${periodStart(period)}::date, ${periodEnd(period)}::date)`,
    ),
    sql`, `,
  );
  return sql`p(period, period_type, period_start, period_end) as (values ${values}),
    ob as materialized (
      select o.id, o.organisation_id, o.body_id, b.district_id, o.period_type, o.due_days, o.start_period, o.end_period,
        org.paused_days
      from reporting_obligation o
      join reporting_body b on b.id = o.body_id
      join organisation org on org.id = o.organisation_id
      where ${sql.join(filters, sql` and `)}
    ),
    x as not materialized (
      select o.id as obligation_id, o.organisation_id, o.body_id, o.district_id, p.period, o.due_days,
        p.period_end + o.due_days as due
      from ob o
      join p on p.period_type = o.period_type and p.period >= o.start_period
        and (o.end_period is null or p.period <= o.end_period)
        and (o.paused_days is null or not o.paused_days @> p.period_start)
    )`;
}

/**
 * Expected reports (rows of `x` from expectedReports, narrowed by `source`) with the day each was first submitted
 * (Kigali) and its submission, its state and days late as timeliness.ts defines them.
 */
function judged(source: SQL, today: string): SQL {
  return sql`select j.*,
      case when submitted_on is not null then case when submitted_on > due then 'late' else 'on_time' end
        when ${today}::date > due then 'missing' else 'not_due' end as state,
      case when submitted_on is not null then greatest(submitted_on - due, 0)
        when ${today}::date > due then ${today}::date - due else 0 end as days_late
    from (
      select x.*, s.submitted_on, s.submission_id from (${source}) x
      left join lateral (
        -- One probe of the (obligation, period) index; "limit 1" keeps it a probe (flattened into a join, it
        -- was matched on the obligation only).
        select a.submission_id, (a.first_submitted_at at time zone 'Africa/Kigali')::date as submitted_on
        from submission_addressee a where a.obligation_id = x.obligation_id and a.period = x.period limit 1
      ) s on true
    ) j`;
}

/**
 * Every report expected from running obligations of active bodies in these periods (none for a period starting
 * while its organisation is deactivated), with the day it was first submitted; for reminders and meeting agendas, which judge each
 * report with outcomeOf. Timeliness counts the same rows in SQL (selectTimelinessCounts).
 */
export async function selectExpectedReports(
  db: Executor,
  periods: readonly string[],
  by: ExpectedFilter = {},
): Promise<ExpectedReportRow[]> {
  if (periods.length === 0) return [];
  // Today only decides the state, which this answer leaves out: any day gives the same rows.
  const rows = await queryRows<{
    obligation_id: string;
    organisation_id: string;
    body_id: string;
    district_id: string | null;
    period: string;
    due_days: number;
    submitted_on: string | Date | null;
    submission_id: string | null;
  }>(
    db,
    sql`with ${expectedReports(periods, by)}
      select obligation_id, organisation_id, body_id, district_id, period, due_days,
        to_char(submitted_on, 'YYYY-MM-DD') as submitted_on, submission_id
      from (${judged(sql`select * from x`, "2000-01-01")}) e`,
  );
  return rows.map((r) => ({
    obligationId: r.obligation_id,
    organisationId: r.organisation_id,
    bodyId: r.body_id,
    districtId: r.district_id,
    period: r.period,
    dueDays: r.due_days,
    firstSubmittedOn: r.submitted_on === null ? null : String(r.submitted_on),
    submissionId: r.submission_id,
  }));
}

/** One body's reports of one period, counted by state. */
export type BodyPeriodCounts = StateCounts & { bodyId: string; period: string; lateDays: number };

/** A late or missing report, as the overdue table shows it. */
export type OverdueRow = {
  obligationId: string;
  organisationId: string;
  organisationName: string;
  bodyId: string;
  period: string;
  state: "late" | "missing";
  dueDate: string;
  daysLate: number;
  firstSubmittedOn: string | null;
  submissionId: string | null;
};

/** One organisation's reports of one period: counted by state, and the worst of them (its scorecard cell). */
export type ScorecardCounts = StateCounts & {
  period: string;
  worstState: ReportState;
  worstDaysLate: number;
};

export type TimelinessCounts = {
  bodies: BodyPeriodCounts[];
  overdue: OverdueRow[];
  scorecardTotal: number;
  scorecard: { organisationId: string; organisationName: string; periods: ScorecardCounts[] }[];
};

/** Scorecard cells show an organisation's worst report of a period: missing, then late, on time, not yet due. */
const SEVERITY: Record<ReportState, number> = { not_due: 1, on_time: 2, late: 3, missing: 4 };
const BY_SEVERITY = Object.fromEntries(Object.entries(SEVERITY).map(([s, n]) => [n, s])) as Record<
  number,
  ReportState
>;
/** Worst first by state, then by days late: one number, so that SQL's max() picks the cell. */
const WORST = 1_000_000;

const counted = sql`count(*) filter (where state = 'on_time') as "onTime",
  count(*) filter (where state = 'late') as "late",
  count(*) filter (where state = 'missing') as "missing",
  count(*) filter (where state = 'not_due') as "notDue"`;

export type TimelinessCountsQuery = {
  periods: readonly string[];
  scorecardPeriods: readonly string[];
  today: string;
  by: ExpectedFilter;
  overdueLimit: number;
  scorecard: { limit: number; offset: number };
};

/** The statement of selectTimelinessCounts (exported for EXPLAIN in bench/reporting.ts). */
export function timelinessCountsStatement(query: TimelinessCountsQuery): SQL {
  const all = [...new Set([...query.periods, ...query.scorecardPeriods])];
  const severity = sql.join(
    // Constants of this file, written into the statement: as parameters their type would be unknown.
    Object.entries(SEVERITY).map(([state, n]) => sql.raw(`when '${state}' then ${n * WORST}`)),
    sql` `,
  );
  return sql`with ${expectedReports(all, query.by)},
      e as materialized (${judged(sql`select * from x where ${within(sql`period`, query.periods)}`, query.today)}),
      -- Organisations with a report expected in a scorecard period: one match per obligation is enough.
      owing as (
        select distinct o.organisation_id from ob o
        where exists (select 1 from x where x.obligation_id = o.id
          and ${within(sql`x.period`, query.scorecardPeriods)})
      ),
      page as (
        select org.id, org.name, org.name_key
        from owing join organisation org on org.id = owing.organisation_id
        order by org.name_key, org.id
        limit ${query.scorecard.limit} offset ${query.scorecard.offset}
      ),
      card as (${judged(
        sql`select x.* from x join page on page.id = x.organisation_id
          where ${within(sql`x.period`, query.scorecardPeriods)}`,
        query.today,
      )}),
      -- Materialised: as a subquery of the join below it was grouped again for each organisation of the page.
      cells as materialized (
            select organisation_id, json_agg(json_build_object('period', period, 'onTime', "onTime", 'late', late,
              'missing', missing, 'notDue', "notDue", 'worst', worst)) as periods
            from (
              select organisation_id, period, ${counted}, max(case state ${severity} end + days_late) as worst
              from card group by organisation_id, period
            ) cell group by organisation_id
      )
      select
        (select json_agg(t) from (
          select body_id as "bodyId", period, ${counted},
            coalesce(sum(days_late) filter (where state = 'late'), 0) as "lateDays"
          from e group by body_id, period
        ) t) as bodies,
        (select json_agg(t) from (
          select e.obligation_id as "obligationId", e.organisation_id as "organisationId",
            org.name as "organisationName", e.body_id as "bodyId", e.period, e.state,
            to_char(e.due, 'YYYY-MM-DD') as "dueDate", e.days_late as "daysLate",
            to_char(e.submitted_on, 'YYYY-MM-DD') as "firstSubmittedOn", e.submission_id as "submissionId"
          from e join organisation org on org.id = e.organisation_id
          where e.state in ('late', 'missing')
          order by e.days_late desc, e.period, org.name_key, e.obligation_id
          limit ${query.overdueLimit}
        ) t) as overdue,
        (select count(*) from owing) as scorecard_total,
        (select json_agg(json_build_object('organisationId', page.id, 'organisationName', page.name,
            'periods', coalesce(c.periods, '[]'::json)) order by page.name_key, page.id)
          from page left join cells c on c.organisation_id = page.id) as scorecard`;
}

/**
 * Timeliness in one statement: the reports of the periods asked for judged once: counts per body and period (districts,
 * provinces and the whole sum them), the longest overdue reports, and one page of the partner scorecard
 * (organisations by name, their counts and worst report per period).
 */
export async function selectTimelinessCounts(
  db: Executor,
  query: TimelinessCountsQuery,
): Promise<TimelinessCounts> {
  const [row] = await queryRows<{
    bodies: BodyPeriodCounts[] | null;
    overdue: (Omit<OverdueRow, "organisationName"> & { organisationName: string | null })[] | null;
    scorecard_total: number | string;
    scorecard:
      | {
          organisationId: string;
          organisationName: string;
          periods: (StateCounts & { period: string; worst: number })[];
        }[]
      | null;
  }>(db, timelinessCountsStatement(query));
  return {
    bodies: row?.bodies ?? [],
    overdue: (row?.overdue ?? []).map((r) => ({
      ...r,
      organisationName: r.organisationName ?? r.organisationId,
    })),
    scorecardTotal: Number(row?.scorecard_total ?? 0),
    scorecard: (row?.scorecard ?? []).map((o) => ({
      organisationId: o.organisationId,
      organisationName: o.organisationName,
      periods: o.periods.map(({ worst, ...counts }) => ({
        ...counts,
        worstState: BY_SEVERITY[Math.floor(worst / WORST)] as ReportState,
        worstDaysLate: worst % WORST,
      })),
    })),
  };
}
