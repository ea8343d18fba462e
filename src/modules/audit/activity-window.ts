// The instants an activity window's two ends stand for: a day is a Kigali day, an instant is itself.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Kigali keeps UTC+2 all year (no daylight saving). */
const KIGALI_OFFSET = "+02:00";

export type ActivityWindow = { from: Date; toExclusive: Date };

/**
 * `from` is the start of its day (or the instant); `to` is the end of its day (or the instant, to the millisecond),
 * so `from=2026-12-01&to=2026-12-01` is the whole first of December in Kigali. Bounds are checked by the schema
 * (ActivityBoundSchema) before they come here.
 */
export function activityWindow(from: string, to: string): ActivityWindow {
  const start = ISO_DATE.test(from) ? new Date(`${from}T00:00:00${KIGALI_OFFSET}`) : new Date(from);
  const end = ISO_DATE.test(to)
    ? new Date(new Date(`${to}T00:00:00${KIGALI_OFFSET}`).getTime() + 24 * 60 * 60 * 1000)
    : new Date(new Date(to).getTime() + 1);
  return { from: start, toExclusive: end };
}

/** The cursor naming the last row of a page; the next page starts just before it (newest first). */
export const activityCursor = (row: { occurredAt: string; id: number }): string =>
  `${row.occurredAt}_${row.id}`;

export function parseActivityCursor(cursor: string): { occurredAt: string; id: number } {
  const at = cursor.lastIndexOf("_");
  return { occurredAt: cursor.slice(0, at), id: Number(cursor.slice(at + 1)) };
}
