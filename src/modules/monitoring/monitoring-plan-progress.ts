// How far the roadmap has come: per area and overall, each item weighing the same, a done item counting 100 %
// whatever its percentage says; and which items are overdue. Pure, browser-safe.
import { type AreaProgress, PLAN_AREAS, type PlanArea, type PlanItemStatus } from "./monitoring-plan.schema";

export type ProgressItem = {
  area: PlanArea;
  status: PlanItemStatus;
  progress: number;
  dueOn: string | null;
};

/** Due date passed (strictly before today) and not done; a postponed item past its date is still overdue. */
export function isPlanItemOverdue(item: Pick<ProgressItem, "status" | "dueOn">, today: string): boolean {
  return item.dueOn !== null && item.dueOn < today && item.status !== "done";
}

const effective = (item: ProgressItem) => (item.status === "done" ? 100 : item.progress);

function mean(items: readonly ProgressItem[]): number | null {
  if (items.length === 0) return null;
  return Math.round(items.reduce((sum, item) => sum + effective(item), 0) / items.length);
}

export function planProgress(
  items: readonly ProgressItem[],
  today: string,
): { progress: number | null; items: number; overdue: number; areas: AreaProgress[] } {
  const areas = PLAN_AREAS.map((area) => {
    const inArea = items.filter((item) => item.area === area);
    return {
      area,
      progress: mean(inArea),
      items: inArea.length,
      done: inArea.filter((item) => item.status === "done").length,
      overdue: inArea.filter((item) => isPlanItemOverdue(item, today)).length,
    };
  });
  return {
    progress: mean(items),
    items: items.length,
    overdue: items.filter((item) => isPlanItemOverdue(item, today)).length,
    areas,
  };
}
