// Which status a monitoring visit may move to: planned → conducted | cancelled, nothing after; a visit is conducted
// only once it has started (browser-safe, so the visit page offers only the moves the server accepts).
import type { VisitStatus } from "./visits.schema";

const NEXT: Record<VisitStatus, readonly VisitStatus[]> = {
  planned: ["conducted", "cancelled"],
  conducted: [],
  cancelled: [],
};

/** The statuses a visit in `from` may move to. */
export const nextVisitStatuses = (from: VisitStatus): readonly VisitStatus[] => NEXT[from];

/** Why the move is refused (a message for the `status` field), or null when it is allowed. */
export function visitStatusChangeError(
  from: VisitStatus,
  to: VisitStatus,
  startsOn: string,
  today: string,
): string | null {
  if (from === to) return null;
  if (!NEXT[from].includes(to))
    return from === "planned" ? `A planned visit cannot become ${to}.` : `A ${from} visit keeps its status.`;
  if (to === "conducted" && startsOn > today)
    return "A visit that starts in the future cannot be conducted yet.";
  return null;
}
