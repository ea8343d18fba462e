// The national occupancy table as a spreadsheet (XLSX through the shared report writer, or CSV), in the reader's
// language: rank, place, district, operator, kind, date, capacity, population, men, women, minors, rate, source.
import {
  paragraph,
  type ReportDocument,
  type ReportLanguage,
  reportLabels,
  writeCsv,
  writeReportXlsx,
} from "../reports";
import type { NationalOccupancy } from "./occupancy.schema";

const COLUMNS = [
  ["rank", 4],
  ["place", 18],
  ["district", 10],
  ["operator", 8],
  ["facilityKind", 12],
  ["asOf", 9],
  ["capacity", 8],
  ["population", 8],
  ["men", 7],
  ["women", 7],
  ["minors", 7],
  ["rate", 7],
  ["rateKind", 9],
  ["overcrowded", 8],
  ["source", 20],
] as const;

function tableRows(table: NationalOccupancy, language: ReportLanguage): (string | number | null)[][] {
  const t = reportLabels(language);
  return table.rows.map((r, i) => [
    i + 1,
    r.placeName,
    r.districtName,
    r.operator ? t(`monitoring.occupancy.operators.${r.operator}`) : null,
    r.facilityKind ? t(`monitoring.occupancy.facilityKinds.${r.facilityKind}`) : null,
    r.figure?.asOf ?? null,
    r.figure?.capacity ?? null,
    r.figure?.population ?? null,
    r.figure?.men ?? null,
    r.figure?.women ?? null,
    r.figure?.minors ?? null,
    r.figure?.rate ?? null,
    r.figure?.rateKind ? t(`monitoring.occupancy.rateKinds.${r.figure.rateKind}`) : null,
    r.overcrowded ? t("monitoring.occupancy.overcrowdedYes") : null,
    r.figure?.source ?? null,
  ]);
}

export async function nationalOccupancyFile(
  table: NationalOccupancy,
  format: "xlsx" | "csv",
  language: ReportLanguage,
): Promise<Uint8Array> {
  const t = reportLabels(language);
  const headers = COLUMNS.map(([key]) => t(`monitoring.occupancy.columns.${key}`));
  const rows = tableRows(table, language);
  if (format === "csv") return writeCsv([headers, ...rows]);
  const report: ReportDocument = {
    title: t("monitoring.occupancy.title"),
    subtitle: [
      table.asOf
        ? t("monitoring.occupancy.asOfLine", { date: table.asOf })
        : t("monitoring.occupancy.latestLine"),
      t("monitoring.occupancy.overcrowdedLine", { count: table.overcrowdedCount }),
    ],
    sections: [
      {
        title: t("monitoring.occupancy.title"),
        sheetName: t("monitoring.occupancy.sheetName").slice(0, 31),
        columns: COLUMNS.map(([key, width]) => ({ header: t(`monitoring.occupancy.columns.${key}`), width })),
        rows: rows.map((cells) => cells.map((c) => (c === null ? [] : [paragraph(String(c))]))),
        emptyText: t("monitoring.occupancy.empty"),
      },
    ],
    language,
  };
  return writeReportXlsx(report);
}
