// Who reported, on time or not: per body and period, totals by district, province and for all in view, the late and
// missing reports, and a partner scorecard over the last 8 periods (DHIS2's definitions, in timeliness.ts).
import { listScope, type ServiceContext, todayOf } from "../../kernel";
import { type FieldError, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { selectBodies } from "./bodies.store";
import { comparePeriods, lastEndedPeriods, previousPeriod } from "./periods";
import type { ReportingBody } from "./reporting.schema";
import { selectOrganisationNames } from "./submissions.store";
import { outcomeOf, type ReportOutcome, type ReportState, tally } from "./timeliness";
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
  type DistrictRow,
  type ExpectedReportRow,
  selectDistrictsWithProvinces,
  selectExpectedReports,
} from "./timeliness.store";

type Expected = ExpectedReportRow;
type Judged = Expected & { outcome: ReportOutcome; body: ReportingBody };

const byName = new Intl.Collator("en").compare;

/** The scorecard shows an organisation's worst report of a period: missing, then late, on time, not yet due. */
const SEVERITY: Record<ReportState | "none", number> = {
  none: 0,
  not_due: 1,
  on_time: 2,
  late: 3,
  missing: 4,
};

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

function tallyOf(rows: readonly Judged[], periods: readonly string[]) {
  const total = tally(rows.map((r) => r.outcome));
  const byPeriod = periods.map((period) => ({
    period,
    ...tally(rows.filter((r) => r.period === period).map((r) => r.outcome)),
  }));
  return { total, byPeriod };
}

function groupBy<K>(rows: readonly Judged[], key: (r: Judged) => K): Map<K, Judged[]> {
  const groups = new Map<K, Judged[]>();
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
function visibility(ctx: ServiceContext): (row: Expected, body: ReportingBody) => boolean {
  const own = listScope(ctx.actor, "submission", "read");
  const review = listScope(ctx.actor, "submission_review", "read");
  if (own.all || review.all) return () => true;
  const ownOrgs = new Set(own.organisationIds);
  const reviewOrgs = new Set(review.organisationIds);
  const reviewDistricts = new Set(review.districtIds);
  return (row, body) =>
    ownOrgs.has(row.organisationId) ||
    reviewOrgs.has(body.organisationId) ||
    (body.districtId !== null && reviewDistricts.has(body.districtId));
}

export async function getTimeliness(ctx: ServiceContext, input: unknown): Promise<TimelinessReport> {
  const query = parseInput(TimelinessQuerySchema, input, "query");
  const today = todayOf(ctx);
  const periods = periodsOf(query, today);
  const lastPeriod = periods[periods.length - 1] as string;
  const scorecardPeriods = scorecardPeriodsOf(lastPeriod);
  const allPeriods = [...new Set([...periods, ...scorecardPeriods])].sort(comparePeriods);

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

  const visible = visibility(ctx);
  const expected = await selectExpectedReports(ctx.db, allPeriods, {
    ...(query.bodyId ? { bodyIds: [query.bodyId] } : {}),
    ...(districtIds ? { districtIds } : {}),
    ...(query.organisationId ? { organisationId: query.organisationId } : {}),
  });
  // Few distinct (period, due days, day submitted) triples among tens of thousands of rows: each judged once.
  const outcomes = new Map<string, ReportOutcome>();
  const judge = (row: Expected) => {
    const key = `${row.period}|${row.dueDays}|${row.firstSubmittedOn ?? ""}`;
    let outcome = outcomes.get(key);
    if (!outcome) {
      outcome = outcomeOf(row, today);
      outcomes.set(key, outcome);
    }
    return outcome;
  };
  const judged: Judged[] = [];
  for (const row of expected) {
    const body = bodyById.get(row.bodyId);
    if (!body || !visible(row, body)) continue;
    judged.push({ ...row, body, outcome: judge(row) });
  }
  const inPeriods = new Set(periods);
  const main = judged.filter((r) => inPeriods.has(r.period));

  const bodyRows = [...groupBy(main, (r) => r.bodyId).values()]
    .map((rows) => {
      const body = (rows[0] as Judged).body;
      const late = rows.filter((r) => r.outcome.state === "late");
      return {
        id: body.id,
        name: body.organisationName,
        kind: body.kind,
        districtId: body.districtId,
        districtName: body.districtName,
        meanDaysLate:
          late.length === 0
            ? null
            : Math.round((late.reduce((s, r) => s + r.outcome.daysLate, 0) / late.length) * 10) / 10,
        ...tallyOf(rows, periods),
      };
    })
    .sort((a, b) => byName(a.districtName ?? "~", b.districtName ?? "~") || byName(a.name, b.name));

  const districtRows = [...groupBy(main, (r) => r.body.districtId).entries()]
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

  const provinceRows = [
    ...groupBy(main, (r) => (r.body.districtId ? districtById.get(r.body.districtId)?.provinceId : null)),
  ]
    .flatMap(([id, rows]) => {
      const name = districts.find((d) => d.provinceId === id)?.provinceName;
      return id && name ? [{ id, name, ...tallyOf(rows, periods) }] : [];
    })
    .sort((a, b) => byName(a.name, b.name));

  const overdueRows = main
    .filter((r) => r.outcome.state === "late" || r.outcome.state === "missing")
    .sort(
      (a, b) =>
        b.outcome.daysLate - a.outcome.daysLate || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0),
    );
  const shown = overdueRows.slice(0, OVERDUE_LIMIT);

  const scorecardIn = new Set(scorecardPeriods);
  const byOrganisation = groupBy(
    judged.filter((r) => scorecardIn.has(r.period)),
    (r) => r.organisationId,
  );
  const names = await selectOrganisationNames(ctx.db, [
    ...new Set([...byOrganisation.keys(), ...shown.map((r) => r.organisationId)]),
  ]);
  const nameOf = (id: string) => names.get(id) ?? id;

  const overdue: OverdueReport[] = shown.map((r) => ({
    obligationId: r.obligationId,
    organisationId: r.organisationId,
    organisationName: nameOf(r.organisationId),
    bodyId: r.bodyId,
    bodyName: r.body.organisationName,
    districtId: r.body.districtId,
    period: r.period,
    state: r.outcome.state as "late" | "missing",
    dueDate: r.outcome.dueDate,
    daysLate: r.outcome.daysLate,
    firstSubmittedOn: r.firstSubmittedOn,
    submissionId: r.submissionId,
  }));

  const scorecard: ScorecardRow[] = [...byOrganisation.entries()]
    .map(([organisationId, rows]) => ({
      organisationId,
      organisationName: nameOf(organisationId),
      cells: scorecardPeriods.map((period) => {
        let cell: { state: ReportState | "none"; daysLate: number } = { state: "none", daysLate: 0 };
        for (const r of rows) {
          if (r.period !== period) continue;
          const o = r.outcome;
          if (
            SEVERITY[o.state] > SEVERITY[cell.state] ||
            (o.state === cell.state && o.daysLate > cell.daysLate)
          )
            cell = { state: o.state, daysLate: o.daysLate };
        }
        return cell;
      }),
      total: tally(rows.map((r) => r.outcome)),
    }))
    .sort((a, b) => byName(a.organisationName, b.organisationName));

  return {
    periodType: query.periodType,
    periods,
    today,
    national: tallyOf(main, periods),
    provinces: provinceRows,
    districts: districtRows,
    bodies: bodyRows,
    overdue,
    overdueTotal: overdueRows.length,
    scorecard: { periods: scorecardPeriods, organisations: scorecard },
  };
}
