// The breach report as CSV: a header row in the reader's language, then one row per audit entry, formulas neutralised.
import { csvText } from "../../shared/spreadsheet-text";
import type { UserActivityEntry } from "../audit";
import { type ReportLanguage, reportLabels, writeCsv } from "../reports";

const COLUMNS = ["when", "action", "entityType", "entityId", "entityLabel", "requestId"] as const;

/** The header row, with the byte-order mark that opens the file (writeCsv's): once per file. */
export function userActivityCsvHeader(language: ReportLanguage): Uint8Array {
  const t = reportLabels(language);
  return writeCsv([COLUMNS.map((column) => t(`userActivity.columns.${column}`))]);
}

/** One page of rows, after the header (no second byte-order mark). */
export function userActivityCsvRows(
  entries: readonly UserActivityEntry[],
  language: ReportLanguage,
): Uint8Array {
  const t = reportLabels(language);
  const text = csvText(
    entries.map((e) => [
      e.occurredAt,
      t(`history.actions.${e.action}`),
      e.entityType,
      e.entityId,
      e.entityLabel,
      e.requestId,
    ]),
  );
  return new TextEncoder().encode(text);
}
