// The SQL tally (selectTimelinessCounts) against the JS reference (outcomeOf and tally over selectExpectedReports)
// on a varied register: due days 0–30, months and quarters, ended obligations, an inactive body, deactivated (and
// reactivated)
// organisations, drafts, reports on the due day late in the evening (Kigali) and just after midnight.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { systemActor } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { organisationTable } from "../organisations/organisations.table";
import { listBodies, loadReportingBodies } from "./bodies.service";
import { dueDate, periodStart, periodsFrom } from "./periods";
import {
  reportingBodyTable,
  reportingObligationTable,
  submissionAddresseeTable,
  submissionTable,
} from "./reporting.table";
import { outcomeOf, type ReportOutcome, type ReportState, tally, tallyOfCounts } from "./timeliness";
import { type ExpectedFilter, selectExpectedReports, selectTimelinessCounts } from "./timeliness.store";

const TODAY = "2025-11-20";
const QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];
const SCORECARD = periodsFrom("2024-Q1", "2025-Q4");
const MONTHS = ["2025-08", "2025-09", "2025-10", "2025-11"];
const DUE_DAYS = [0, 10, 15, 30];
const SEVERITY: Record<ReportState, number> = { not_due: 1, on_time: 2, late: 3, missing: 4 };

let handle: DatabaseHandle;
let bodyIds: string[];
let districtIds: string[];
const organisationIds: string[] = [];
/** Organisation → its pause: the day of deactivation, and of reactivation (null while deactivated). */
const paused = new Map<string, [string, string | null]>();

/** The moment (UTC) of a Kigali (UTC+2) day and time. */
const kigali = (day: string, time: string) => new Date(`${day}T${time}+02:00`);

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  await loadReportingBodies(db);
  const bodies = (await listBodies({ db, actor: systemActor }, {})).slice(0, 7);
  bodyIds = bodies.map((b) => b.id);
  districtIds = [...new Set(bodies.map((b) => b.districtId as string))];
  // The seventh body is inactive: nothing is expected by it.
  await db
    .update(reportingBodyTable)
    .set({ active: false })
    .where(eq(reportingBodyTable.id, bodyIds[6] as string));
  for (let i = 0; i < 24; i++) {
    const id = randomUUID();
    const off = i % 6 === 4 ? ["2025-02-10", "2025-06-30", "2024-12-31"][Math.floor(i / 6) % 3] : undefined;
    // The last of them was reactivated on 2025-06-30: 2025-Q2 is not owed, 2025-Q3 is again.
    const on = i === 22 ? "2025-06-30" : null;
    await db.insert(organisationTable).values({
      id,
      name: `Partner ${String.fromCharCode(65 + ((i * 7) % 24))}${i}`,
      nameKey: `partner ${String.fromCharCode(97 + ((i * 7) % 24))}${i}`,
      kind: "local_cso",
      searchText: `partner ${i}`,
      deactivatedOn: off && !on ? off : null,
      pausedDays: off ? `{(${off},${on ?? ""}]}` : null,
    });
    organisationIds.push(id);
    if (off) paused.set(id, [off, on]);
    for (const [k, bodyId] of [bodyIds[i % 7], bodyIds[(i + 3) % 7]].entries()) {
      const periodType = (i + k) % 5 === 0 ? "month" : "quarter";
      const dueDays = DUE_DAYS[(i + k) % 4] as number;
      const obligationId = randomUUID();
      await db.insert(reportingObligationTable).values({
        id: obligationId,
        organisationId: id,
        bodyId: bodyId as string,
        periodType,
        dueDays,
        startPeriod: periodType === "month" ? "2025-03" : (SCORECARD[i % 6] as string),
        endPeriod: i % 7 === 2 ? (periodType === "month" ? "2025-09" : "2025-Q2") : null,
        sections: ["narrative"],
      });
      const periods = periodType === "month" ? periodsFrom("2025-03", "2025-11") : SCORECARD;
      for (const [j, period] of periods.entries()) {
        const due = dueDate(period, dueDays);
        const kind = (i * 3 + j + k) % 7;
        if (kind === 0) continue; // never started
        // The day it came: on the due day in the evening, just after midnight the day after, early, late.
        const at =
          kind === 1
            ? null // a draft, never submitted
            : kind === 2
              ? kigali(due, "23:30:00")
              : kind === 3
                ? kigali(due, "00:30:00")
                : kind === 4
                  ? new Date(kigali(due, "00:30:00").getTime() + 86_400_000)
                  : kind === 5
                    ? kigali(periodStart(period), "09:00:00")
                    : new Date(kigali(due, "10:00:00").getTime() + (j + 2) * 86_400_000);
        if (at && at.toISOString().slice(0, 10) > TODAY) continue;
        const submissionId = randomUUID();
        await db.insert(submissionTable).values({
          id: submissionId,
          organisationId: id,
          period,
          periodType,
          content: {},
          status: at ? "submitted" : "draft",
        });
        await db.insert(submissionAddresseeTable).values({
          submissionId,
          obligationId,
          bodyId: bodyId as string,
          period,
          status: at ? "submitted" : "draft",
          firstSubmittedAt: at,
          lastSubmittedAt: at,
        });
      }
    }
  }
});
afterAll(async () => handle?.close());

type Key = { bodyId: string; period: string };

/** What the JS reference says for one filter: counts per body and period, overdue reports, scorecard rows. */
async function reference(periods: string[], scorecard: string[], by: ExpectedFilter) {
  const rows = await selectExpectedReports(handle.db, [...new Set([...periods, ...scorecard])], by);
  const judged = rows.map((r) => ({ ...r, outcome: outcomeOf(r, TODAY) }));
  const main = judged.filter((r) => periods.includes(r.period));
  const byBody = new Map<string, { key: Key; outcomes: ReportOutcome[] }>();
  for (const r of main) {
    const k = `${r.bodyId}|${r.period}`;
    const entry = byBody.get(k) ?? { key: { bodyId: r.bodyId, period: r.period }, outcomes: [] };
    entry.outcomes.push(r.outcome);
    byBody.set(k, entry);
  }
  const bodies = [...byBody.values()].map(({ key, outcomes }) => ({
    ...key,
    tally: tally(outcomes),
    lateDays: outcomes.filter((o) => o.state === "late").reduce((s, o) => s + o.daysLate, 0),
  }));
  const overdue = main
    .filter((r) => r.outcome.state === "late" || r.outcome.state === "missing")
    .map((r) => ({
      obligationId: r.obligationId,
      period: r.period,
      state: r.outcome.state,
      dueDate: r.outcome.dueDate,
      daysLate: r.outcome.daysLate,
      firstSubmittedOn: r.firstSubmittedOn,
      submissionId: r.submissionId,
    }));
  const cards = new Map<string, Map<string, ReportOutcome[]>>();
  for (const r of judged.filter((r) => scorecard.includes(r.period))) {
    const periodsOf = cards.get(r.organisationId) ?? new Map<string, ReportOutcome[]>();
    periodsOf.set(r.period, [...(periodsOf.get(r.period) ?? []), r.outcome]);
    cards.set(r.organisationId, periodsOf);
  }
  const scorecardRows = [...cards.entries()].map(([organisationId, byPeriod]) => ({
    organisationId,
    total: tally([...byPeriod.values()].flat()),
    cells: [...byPeriod.entries()].map(([period, outcomes]) => {
      const worst = outcomes.reduce((w, o) =>
        SEVERITY[o.state] > SEVERITY[w.state] || (o.state === w.state && o.daysLate > w.daysLate) ? o : w,
      );
      return { period, state: worst.state, daysLate: worst.daysLate, tally: tally(outcomes) };
    }),
  }));
  return { bodies, overdue, scorecard: scorecardRows, rows: judged };
}

async function counted(
  periods: string[],
  scorecard: string[],
  by: ExpectedFilter,
  page = { limit: 500, offset: 0 },
) {
  return selectTimelinessCounts(handle.db, {
    periods,
    scorecardPeriods: scorecard,
    today: TODAY,
    by,
    overdueLimit: 10_000,
    scorecard: page,
  });
}

const sortBy = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));

describe("selectTimelinessCounts", () => {
  const filters: [string, string[], string[], () => ExpectedFilter][] = [
    ["nationally, quarters", QUARTERS, SCORECARD, () => ({})],
    ["nationally, months", MONTHS, periodsFrom("2025-04", "2025-11"), () => ({})],
    ["one district", QUARTERS, SCORECARD, () => ({ districtIds: [districtIds[0] as string] })],
    ["one body", QUARTERS, SCORECARD, () => ({ bodyIds: [bodyIds[1] as string] })],
    ["one organisation", QUARTERS, SCORECARD, () => ({ organisationId: organisationIds[5] as string })],
    [
      "a reader's reach",
      QUARTERS,
      SCORECARD,
      () => ({
        reach: {
          organisationIds: [organisationIds[0] as string],
          bodyOrganisationIds: [],
          districtIds: [districtIds[1] as string],
        },
      }),
    ],
  ];

  it.each(filters)("counts as the JS tally does: %s", async (_label, periods, scorecard, filter) => {
    const by = filter();
    const js = await reference(periods, scorecard, by);
    const sql = await counted(periods, scorecard, by);
    // The data set is varied enough to mean something: every state is there.
    if (by.organisationId === undefined && by.bodyIds === undefined)
      expect(new Set(js.rows.map((r) => r.outcome.state))).toEqual(
        new Set(["on_time", "late", "missing", "not_due"]),
      );
    expect(js.bodies.length).toBeGreaterThan(0);

    expect(
      sortBy(
        sql.bodies.map((b) => ({
          bodyId: b.bodyId,
          period: b.period,
          tally: tallyOfCounts(b),
          lateDays: b.lateDays,
        })),
        (b) => `${b.bodyId}|${b.period}`,
      ),
    ).toEqual(sortBy(js.bodies, (b) => `${b.bodyId}|${b.period}`));

    const overdueKey = (r: { obligationId: string; period: string }) => `${r.obligationId}|${r.period}`;
    expect(
      sortBy(
        sql.overdue.map(({ organisationId: _o, organisationName: _n, bodyId: _b, ...r }) => r),
        overdueKey,
      ),
    ).toEqual(sortBy(js.overdue, overdueKey));
    // Longest overdue first.
    const days = sql.overdue.map((r) => r.daysLate);
    expect(days).toEqual([...days].sort((a, b) => b - a));

    expect(sql.scorecardTotal).toBe(js.scorecard.length);
    expect(
      sortBy(
        sql.scorecard.map((o) => ({
          organisationId: o.organisationId,
          total: tallyOfCounts(
            o.periods.reduce(
              (s, p) => ({
                onTime: s.onTime + p.onTime,
                late: s.late + p.late,
                missing: s.missing + p.missing,
                notDue: s.notDue + p.notDue,
              }),
              { onTime: 0, late: 0, missing: 0, notDue: 0 },
            ),
          ),
          cells: sortBy(
            o.periods.map((p) => ({
              period: p.period,
              state: p.worstState,
              daysLate: p.worstDaysLate,
              tally: tallyOfCounts(p),
            })),
            (c) => c.period,
          ),
        })),
        (o) => o.organisationId,
      ),
    ).toEqual(
      sortBy(
        js.scorecard.map((o) => ({ ...o, cells: sortBy(o.cells, (c) => c.period) })),
        (o) => o.organisationId,
      ),
    );
  });

  it("pages the scorecard by name with the total, and keeps the overdue limit", async () => {
    const whole = await counted(QUARTERS, SCORECARD, {});
    const names = whole.scorecard.map((o) => o.organisationName);
    expect(names.length).toBeGreaterThan(10);
    const second = await counted(QUARTERS, SCORECARD, {}, { limit: 5, offset: 5 });
    expect(second.scorecardTotal).toBe(whole.scorecardTotal);
    expect(second.scorecard.map((o) => o.organisationName)).toEqual(names.slice(5, 10));
    const limited = await selectTimelinessCounts(handle.db, {
      periods: QUARTERS,
      scorecardPeriods: SCORECARD,
      today: TODAY,
      by: {},
      overdueLimit: 3,
      scorecard: { limit: 1, offset: 0 },
    });
    expect(limited.overdue).toEqual(whole.overdue.slice(0, 3));
  });

  it("expects nothing of a deactivated organisation for a period starting in its pause", async () => {
    const rows = await selectExpectedReports(handle.db, SCORECARD);
    const ofPaused = rows.filter((r) => paused.has(r.organisationId));
    expect(ofPaused.length).toBeGreaterThan(0);
    for (const r of ofPaused) {
      const [off, on] = paused.get(r.organisationId) as [string, string | null];
      const start = periodStart(r.period);
      expect(start <= off || (on !== null && start > on), r.period).toBe(true);
    }
    const periodsOf = (day: string, on: string | null) => {
      const id = [...paused].find(([, [off, back]]) => off === day && back === on)?.[0];
      return new Set(
        rows
          .filter(
            (r) => r.organisationId === id && r.bodyId === rows.find((x) => x.organisationId === id)?.bodyId,
          )
          .map((r) => r.period),
      );
    };
    // The period holding the day of deactivation is still expected (history kept): 2025-Q1 for 2025-02-10.
    const stillOff = periodsOf("2025-02-10", null);
    expect([stillOff.has("2025-Q1"), stillOff.has("2025-Q2"), stillOff.has("2025-Q3")]).toEqual([
      true,
      false,
      false,
    ]);
    const back = periodsOf("2025-02-10", "2025-06-30");
    expect([back.has("2025-Q1"), back.has("2025-Q2"), back.has("2025-Q3")]).toEqual([true, false, true]);
    expect(rows.some((r) => r.bodyId === bodyIds[6])).toBe(false);
  });
});
