// Incident counts as the statistics answer gives them, and how a cell reads: a number, "<5" for a small count the
// server withheld, or "–" for one withheld so that a total cannot give the small one away (complementary).
import type {
  IncidentStatistics,
  PublishedCount,
  StatisticsItem,
} from "../../modules/incidents/incident-statistics.schema";
import type { IncidentKind } from "../../modules/incidents/incidents.schema";

/** One count; `count` is null whenever it is suppressed, so the browser never holds the number. */
export type StatisticsCell = PublishedCount;
export type StatisticsRow = StatisticsItem;
export type { IncidentStatistics };

export type StatisticsQuery = { districtId?: string; kind?: IncidentKind; year?: string };

/** "12", "<5", "–". */
export function cellText(cell: StatisticsCell, threshold: number, locale: string): string {
  if (cell.suppressed === "small") return `<${threshold}`;
  if (cell.suppressed === "complementary" || cell.count === null) return "–";
  return new Intl.NumberFormat(locale === "rw" ? "en" : locale).format(cell.count);
}

/** Which footnotes a set of rows needs. */
export function footnotesFor(cells: readonly StatisticsCell[]): { small: boolean; complementary: boolean } {
  return {
    small: cells.some((c) => c.suppressed === "small"),
    complementary: cells.some((c) => c.suppressed === "complementary"),
  };
}
