// Dashboards: one programme's or every readable programme's people reached, targets against results and timeline.
import { listScope, type ServiceContext } from "../../kernel";
import { selectQualitativeReach, selectReach, selectTimeline, selectUndated } from "./dashboard.store";
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

/** One programme's dashboard, or (programmeId null) the one across every programme the caller may read. */
export async function getProgrammeDashboard(
  ctx: ServiceContext,
  programmeId: string | null,
): Promise<ProgrammeDashboard> {
  let programmeIds: string[];
  let filter: string[] | null;
  if (programmeId) {
    await loadAuthorised(ctx.db, ctx.actor, programmeId, "read");
    programmeIds = [programmeId];
    filter = programmeIds;
  } else {
    const scope = listScope(ctx.actor, "programme");
    const list = await selectProgrammeSummaries(
      ctx.db,
      { limit: 200, offset: 0 },
      scope.all ? null : scope.organisationIds,
    );
    programmeIds = list.items.map((p) => p.id);
    // Across programmes the people reached count every programme the caller may read, not only the first 200.
    filter = scope.all ? null : programmeIds;
  }
  const reach = await selectReach(ctx.db, filter);
  const indicators = (await selectIndicators(ctx.db, { programmeIds })).map((row) => {
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
    qualitativeReach: await selectQualitativeReach(ctx.db, filter),
    indicators,
    timeline: await selectTimeline(ctx.db, filter),
    undated: await selectUndated(ctx.db, filter),
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
