// Who reported, on time or not: per body and period, totals by district, province and for all in view, the late and
// missing reports, and a partner scorecard over the last 8 periods (DHIS2's definitions, in timeliness.ts).
import { listScope, type ServiceContext, todayOf } from "../../kernel";
import { type FieldError, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { selectBodies } from "./bodies.store";
import { lastEndedPeriods, previousPeriod } from "./periods";
import type { ReportingBody } from "./reporting.schema";
import { type StateCounts, tallyOfCounts } from "./timeliness";
import {
  OVERDUE_LIMIT,
  type OverdueReport,
  SCORECARD_PERIODS,
  type ScorecardRow,
  type TimelinessQuery,
  TimelinessQuerySchema,
  type TimelinessReport,
} from "./timeliness.schema";
import {
  type BodyPeriodCounts,
  type DistrictRow,
  type ExpectedFilter,
  selectDistrictsWithProvinces,
  selectTimelinessCounts,
} from "./timeliness.store";

const byName = new Intl.Collator("en").compare;

/** The periods asked for, oldest first: one, or the last N that have ended. */
export function periodsOf(query: TimelinessQuery, today: string): string[] {
  return query.period ? [query.period] : lastEndedPeriods(query.periodType, today, query.last);
}

/** The scorecard's periods: the 8 ending with the last period asked for, oldest first. */
export function scorecardPeriodsOf(last: string): string[] {
  const out = [last];
  while (out.length < SCORECARD_PERIODS) out.unshift(previousPeriod(out[0] as string));
  return out;
}

const ZERO: StateCounts = { onTime: 0, late: 0, missing: 0, notDue: 0 };
const add = (a: StateCounts, b: StateCounts): StateCounts => ({
  onTime: a.onTime + b.onTime,
  late: a.late + b.late,
  missing: a.missing + b.missing,
  notDue: a.notDue + b.notDue,
});

/** A group's tally over the periods asked for, and period by period, from its bodies' counts. */
function tallyOf(rows: readonly BodyPeriodCounts[], periods: readonly string[]) {
  return {
    total: tallyOfCounts(rows.reduce<StateCounts>(add, ZERO)),
    byPeriod: periods.map((period) => ({
      period,
      ...tallyOfCounts(rows.filter((r) => r.period === period).reduce<StateCounts>(add, ZERO)),
    })),
  };
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/**
 * Reports the reader may see: those addressed to a body they review for (its organisation or district), and those
 * of the organisations they report for. The same reach as the submissions list; a viewer sees none.
 */
function reachOf(ctx: ServiceContext): ExpectedFilter["reach"] {
  const own = listScope(ctx.actor, "submission", "read");
  const review = listScope(ctx.actor, "submission_review", "read");
  if (own.all || review.all) return undefined;
  return {
    organisationIds: own.organisationIds,
    bodyOrganisationIds: review.organisationIds,
    districtIds: review.districtIds,
  };
}

/**
 * The timeliness answer. Counting happens in SQL (selectTimelinessCounts); this sums bodies into districts,
 * provinces and the whole, and names things. `wholeScorecard` (the workbook) takes every organisation at once.
 */
export async function getTimeliness(
  ctx: ServiceContext,
  input: unknown,
  options: { wholeScorecard?: boolean } = {},
): Promise<TimelinessReport> {
  const query = parseInput(TimelinessQuerySchema, input, "query");
  const today = todayOf(ctx);
  const periods = periodsOf(query, today);
  const lastPeriod = periods[periods.length - 1] as string;
  const scorecardPeriods = scorecardPeriodsOf(lastPeriod);

  const [bodies, districts] = await Promise.all([selectBodies(ctx.db), selectDistrictsWithProvinces(ctx.db)]);
  const bodyById = new Map(bodies.map((b) => [b.id, b]));
  const districtById = new Map<string, DistrictRow>(districts.map((d) => [d.id, d]));

  const errors: FieldError[] = [];
  let districtIds: string[] | undefined;
  if (query.districtId) {
    if (!districtById.has(query.districtId))
      errors.push({ path: "districtId", message: "No such district.", code: "unknown", in: "query" });
    districtIds = [query.districtId];
  }
  if (query.provinceId) {
    const inProvince = districts.filter((d) => d.provinceId === query.provinceId).map((d) => d.id);
    if (inProvince.length === 0)
      errors.push({ path: "provinceId", message: "No such province.", code: "unknown", in: "query" });
    districtIds = districtIds ? districtIds.filter((id) => inProvince.includes(id)) : inProvince;
  }
  if (query.bodyId && !bodyById.has(query.bodyId))
    errors.push({ path: "bodyId", message: "No such reporting body.", code: "unknown", in: "query" });
  if (errors.length > 0) throw invalid(errors);

  const reach = reachOf(ctx);
  const scorecardPage = options.wholeScorecard
    ? { limit: 1_000_000, offset: 0 }
    : { limit: query.scorecardLimit, offset: query.scorecardOffset };
  const counts = await selectTimelinessCounts(ctx.db, {
    periods,
    scorecardPeriods,
    today,
    by: {
      ...(query.bodyId ? { bodyIds: [query.bodyId] } : {}),
      ...(districtIds ? { districtIds } : {}),
      ...(query.organisationId ? { organisationId: query.organisationId } : {}),
      ...(reach ? { reach } : {}),
    },
    overdueLimit: OVERDUE_LIMIT,
    scorecard: scorecardPage,
  });
  // Bodies are read once above; a row of a body deleted meanwhile is left out rather than shown unnamed.
  const main = counts.bodies.filter((r) => bodyById.has(r.bodyId));
  const bodyOf = (r: BodyPeriodCounts) => bodyById.get(r.bodyId) as ReportingBody;

  const bodyRows = [...groupBy(main, (r) => r.bodyId).values()]
    .map((rows) => {
      const body = bodyOf(rows[0] as BodyPeriodCounts);
      const late = rows.reduce((s, r) => s + r.late, 0);
      const lateDays = rows.reduce((s, r) => s + r.lateDays, 0);
      return {
        id: body.id,
        name: body.organisationName,
        kind: body.kind,
        districtId: body.districtId,
        districtName: body.districtName,
        meanDaysLate: late === 0 ? null : Math.round((lateDays / late) * 10) / 10,
        ...tallyOf(rows, periods),
      };
    })
    .sort((a, b) => byName(a.districtName ?? "~", b.districtName ?? "~") || byName(a.name, b.name));

  const districtRows = [...groupBy(main, (r) => bodyOf(r).districtId).entries()]
    .flatMap(([id, rows]) => {
      const district = id ? districtById.get(id) : undefined;
      if (!district) return [];
      return [
        {
          id: district.id,
          name: district.name,
          provinceId: district.provinceId,
          provinceName: district.provinceName,
          ...tallyOf(rows, periods),
        },
      ];
    })
    .sort((a, b) => byName(a.name, b.name));

  const provinceOf = (r: BodyPeriodCounts) => {
    const districtId = bodyOf(r).districtId;
    return districtId ? districtById.get(districtId)?.provinceId : null;
  };
  const provinceRows = [...groupBy(main, provinceOf)]
    .flatMap(([id, rows]) => {
      const name = districts.find((d) => d.provinceId === id)?.provinceName;
      return id && name ? [{ id, name, ...tallyOf(rows, periods) }] : [];
    })
    .sort((a, b) => byName(a.name, b.name));

  const national = tallyOf(main, periods);
  const overdue: OverdueReport[] = counts.overdue.map((r) => {
    const body = bodyById.get(r.bodyId);
    return {
      ...r,
      bodyName: body?.organisationName ?? "",
      districtId: body?.districtId ?? null,
    };
  });

  const scorecard: ScorecardRow[] = counts.scorecard.map((o) => {
    const byPeriod = new Map(o.periods.map((p) => [p.period, p]));
    return {
      organisationId: o.organisationId,
      organisationName: o.organisationName,
      cells: scorecardPeriods.map((period) => {
        const cell = byPeriod.get(period);
        return cell
          ? { state: cell.worstState, daysLate: cell.worstDaysLate }
          : { state: "none" as const, daysLate: 0 };
      }),
      total: tallyOfCounts(o.periods.reduce<StateCounts>(add, ZERO)),
    };
  });

  return {
    periodType: query.periodType,
    periods,
    today,
    national,
    provinces: provinceRows,
    districts: districtRows,
    bodies: bodyRows,
    overdue,
    overdueTotal: national.total.late + national.total.missing,
    scorecard: {
      periods: scorecardPeriods,
      organisations: scorecard,
      total: counts.scorecardTotal,
      limit: scorecardPage.limit,
      offset: scorecardPage.offset,
    },
  };
}
