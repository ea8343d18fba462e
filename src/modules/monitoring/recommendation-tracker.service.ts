// The recommendations tracker: per place, addressee, theme or year, how many, by status, implemented, overdue and the
// average days to implementation, over what the reader reaches; and the same as an Excel workbook in their language.
import { type ServiceContext, todayOf } from "../../kernel";
import { parseInput } from "../../shared/validation";
import {
  paragraph,
  type ReportDocument,
  type ReportLanguage,
  reportLabels,
  writeReportXlsx,
} from "../reports";
import { reachOf } from "./recommendation-access";
import { RECOMMENDATION_STATUSES } from "./recommendation-status";
import {
  ALL_FACILITIES_KEY,
  selectOrganisationNames,
  selectPlaceNames,
  selectTrackerCounts,
  type TrackerCounts,
} from "./recommendation-tracker.store";
import { type Tracker, TrackerQuerySchema } from "./recommendations.schema";

export async function getRecommendationTracker(ctx: ServiceContext, query: unknown): Promise<Tracker> {
  const q = parseInput(TrackerQuerySchema, query, "query");
  const today = todayOf(ctx);
  const filter = {
    reach: reachOf(ctx.actor, today),
    today,
    ...(q.fromYear !== undefined ? { fromYear: q.fromYear } : {}),
    ...(q.toYear !== undefined ? { toYear: q.toYear } : {}),
    ...(q.addresseeOrganisationId ? { addresseeOrganisationId: q.addresseeOrganisationId } : {}),
    ...(q.theme ? { theme: q.theme } : {}),
    ...(q.placeId ? { placeId: q.placeId } : {}),
    ...(q.monitoringOrganisationId ? { monitoringOrganisationId: q.monitoringOrganisationId } : {}),
  };
  const { groups, total } = await selectTrackerCounts(ctx.db, q.by, filter);
  const keys = groups.map((g) => g.key).filter((k) => k !== ALL_FACILITIES_KEY);
  const names =
    q.by === "place"
      ? await selectPlaceNames(ctx.db, keys)
      : q.by === "addressee"
        ? await selectOrganisationNames(ctx.db, keys)
        : new Map<string, string>();
  // Themes and "all facilities" are codes the reader's language names; places, organisations and years are names.
  const label = (g: TrackerCounts) => names.get(g.key) ?? g.key;
  return {
    by: q.by,
    rows: groups.map((g) => ({ ...g, label: label(g) })),
    total: { ...total, label: "total" },
  };
}

/** The tracker as a workbook: one sheet, headers and theme names in the reader's language. */
export async function trackerToXlsx(tracker: Tracker, language: ReportLanguage): Promise<Uint8Array> {
  const t = reportLabels(language);
  const groupLabel = (key: string, label: string) => {
    if (key === ALL_FACILITIES_KEY) return t("monitoring.recommendations.allFacilities");
    if (key === "total") return t("monitoring.recommendations.tracker.total");
    return tracker.by === "theme" ? t(`monitoring.themes.${key}`) : label;
  };
  const columns = [
    { header: t(`monitoring.recommendations.tracker.by.${tracker.by}`), width: 4 },
    { header: t("monitoring.recommendations.tracker.columns.total"), width: 1 },
    ...RECOMMENDATION_STATUSES.map((s) => ({
      header: t(`monitoring.recommendations.statuses.${s}`),
      width: 1,
    })),
    { header: t("monitoring.recommendations.tracker.columns.overdue"), width: 1 },
    { header: t("monitoring.recommendations.tracker.columns.averageDays"), width: 1.5 },
  ];
  const cells = (row: Tracker["rows"][number]) => [
    [paragraph(groupLabel(row.key, row.label))],
    [paragraph(String(row.total))],
    ...RECOMMENDATION_STATUSES.map((s) => [paragraph(String(row.byStatus[s] ?? 0))]),
    [paragraph(String(row.overdue))],
    [paragraph(row.averageDaysToImplementation === null ? "" : String(row.averageDaysToImplementation))],
  ];
  const report: ReportDocument = {
    title: t("monitoring.recommendations.tracker.title"),
    subtitle: [t(`monitoring.recommendations.tracker.by.${tracker.by}`)],
    language,
    sections: [
      {
        title: t("monitoring.recommendations.tracker.title"),
        sheetName: t("monitoring.nav.tracker").slice(0, 31),
        columns,
        rows: [...tracker.rows.map(cells), cells(tracker.total)],
        emptyText: t("monitoring.recommendations.tracker.empty"),
      },
    ],
  };
  return writeReportXlsx(report);
}
