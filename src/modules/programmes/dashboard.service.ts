// Dashboards: one programme's or every readable programme's people reached, targets against results and timeline.
import type { Executor } from "../../db/client";
import { listScope, type ServiceContext } from "../../kernel";
import {
  readDashboardStamp,
  selectQualitativeReach,
  selectReach,
  selectTimeline,
  selectUndated,
} from "./dashboard.store";
import { toIndicator } from "./indicators.service";
import { selectIndicators } from "./indicators.store";
import { loadAuthorised } from "./programme-access.service";
import type { ProgrammeDashboard, ReachTableRow } from "./programmes.schema";
import { getProgramme } from "./programmes.service";
import { selectProgrammeSummaries } from "./programmes.store";

/** The rule for double counting, as the dashboard and the API state it. */
export const DOUBLE_COUNTING_RULE =
  "People reached adds up the participants of every event once. A person at two events counts twice, " +
  "unless the later event is marked as having the same participants as an earlier one (a follow-up session): " +
  "its participants are not added again. Reach that is not a count (such as “Nationwide”) is shown beside the number, never added to it.";

/**
 * The dashboard across programmes, per database handle and scope, valid while programme_dashboard_change_seq has not
 * moved (statement triggers note every transaction that changes what it reads; the counter moves at its commit). It
 * read ~2,000 indicators with their targets, the reach and the timeline on every request (~280 ms on the embedded
 * database with 500 programmes). The age limit bounds what a reader racing a commit can keep: it reads the counter
 * before the dashboard, so a commit in between makes the next reader read again, but a reader that saw the counter
 * move before the commit's rows were visible could keep the old dashboard for this long.
 */
const ACROSS_CACHE_MAX_AGE_MS = 30_000;
const ACROSS_CACHE_MAX_ENTRIES = 100;
type CachedDashboard = { stamp: string; at: number; dashboard: ProgrammeDashboard };
const acrossCaches = new WeakMap<Executor, Map<string, CachedDashboard>>();

/** One programme's dashboard, or (programmeId null) the one across every programme the caller may read. */
export async function getProgrammeDashboard(
  ctx: ServiceContext,
  programmeId: string | null,
): Promise<ProgrammeDashboard> {
  if (programmeId) {
    await loadAuthorised(ctx.db, ctx.actor, programmeId, "read");
    return readDashboard(ctx.db, programmeId, [programmeId], [programmeId]);
  }
  const scope = listScope(ctx.actor, "programme");
  const key = scope.all ? "*" : [...scope.organisationIds].sort().join(",");
  const stamp = await readDashboardStamp(ctx.db);
  let cache = acrossCaches.get(ctx.db);
  const hit = cache?.get(key);
  const now = Date.now();
  if (hit && hit.stamp === stamp && now - hit.at < ACROSS_CACHE_MAX_AGE_MS) return hit.dashboard;
  const list = await selectProgrammeSummaries(
    ctx.db,
    { limit: 200, offset: 0 },
    scope.all ? null : scope.organisationIds,
  );
  const programmeIds = list.items.map((p) => p.id);
  // Across programmes the people reached count every programme the caller may read, not only the first 200.
  const dashboard = await readDashboard(ctx.db, null, programmeIds, scope.all ? null : programmeIds);
  if (!cache) {
    cache = new Map();
    acrossCaches.set(ctx.db, cache);
  }
  if (cache.size >= ACROSS_CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, { stamp, at: now, dashboard });
  return dashboard;
}

async function readDashboard(
  db: Executor,
  programmeId: string | null,
  programmeIds: string[],
  filter: string[] | null,
): Promise<ProgrammeDashboard> {
  const reach = await selectReach(db, filter);
  const indicators = (await selectIndicators(db, { programmeIds })).map((row) => {
    const i = toIndicator(row);
    return {
      id: i.id,
      programmeId: row.programmeId,
      title: i.title,
      unit: i.unit,
      target: i.target,
      actual: i.actual,
      progressPercent: i.progressPercent,
    };
  });
  return {
    programmeId,
    peopleReached: reach.reduce((s, r) => s + r.people, 0),
    reach,
    qualitativeReach: await selectQualitativeReach(db, filter),
    indicators,
    timeline: await selectTimeline(db, filter),
    undated: await selectUndated(db, filter),
  };
}

/** The "people reached" table of a programme report: each activity, and whom its events reached, by category. */
export async function getReachTable(ctx: ServiceContext, programmeId: string): Promise<ReachTableRow[]> {
  const detail = await getProgramme(ctx, programmeId);
  const activities = detail.logframe.filter((i) => i.level === "activity");
  return activities.map((a) => {
    const events = detail.events.filter((e) => e.activityId === a.id);
    const counts = new Map<string, number>();
    for (const e of events) {
      if (e.repeatAudience) continue;
      for (const p of e.participants) counts.set(p.category, (counts.get(p.category) ?? 0) + p.count);
    }
    return {
      activityId: a.id,
      activity: a.text,
      counts: [...counts].map(([category, people]) => ({
        category: category as ReachTableRow["counts"][number]["category"],
        people,
      })),
      notes: [...new Set(events.flatMap((e) => (e.reachNote ? [e.reachNote] : [])))],
    };
  });
}
