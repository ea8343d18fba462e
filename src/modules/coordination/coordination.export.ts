// 3W views out of the register: HXL-tagged CSV (a header row, then the hashtag row) and the district page as xlsx.
import type ExcelJS from "exceljs";
import {
  csvText,
  type SpreadsheetValue,
  XLSX_TEXT_FORMAT,
  xlsxCellValue,
} from "../../shared/spreadsheet-text";
import type { Theme } from "../agreements";
import { type ReportLanguage, reportLabels } from "../reports";
import type { Coverage, DistrictSummary, Matrix, OrganisationRef, PlaceRef } from "./coordination.schema";
import { hxlDateValue } from "./period-bounds";
import { shortName } from "./presence";

type Column = { header: string; tag: string };

/** The columns of every 3W CSV we write, with their HXL hashtags (see docs/decisions/005-coordination-3w.md). */
export const HXL_COLUMNS: readonly Column[] = [
  { header: "Organisation", tag: "#org +name" },
  { header: "Acronym", tag: "#org +acronym" },
  { header: "Organisation type", tag: "#org +type" },
  { header: "Role", tag: "#meta +role" },
  { header: "Theme", tag: "#sector +name" },
  { header: "Theme code", tag: "#sector +code" },
  { header: "Province", tag: "#adm1 +name" },
  { header: "District", tag: "#adm2 +name" },
  { header: "District code", tag: "#adm2 +code" },
  { header: "Sector", tag: "#adm3 +name" },
  { header: "Place of detention", tag: "#loc +name" },
  { header: "Place code", tag: "#loc +code" },
  { header: "Agreement", tag: "#activity +name" },
  { header: "Agreement id", tag: "#activity +code" },
  { header: "Start", tag: "#date +start" },
  { header: "End", tag: "#date +end" },
  { header: "Status", tag: "#status" },
  { header: "Coverage", tag: "#meta +coverage" },
];

/** NISR two-digit district code from our place code (RW-D11 → 11). */
const nisrDistrictCode = (code: string) => code.replace(/^RW-D/, "");

function placeColumns(place: PlaceRef, placeById: Map<string, PlaceRef>) {
  const province =
    place.kind === "province" ? place : place.provinceId ? placeById.get(place.provinceId) : undefined;
  const district =
    place.kind === "district" ? place : place.districtId ? placeById.get(place.districtId) : undefined;
  return {
    province: province?.name ?? "",
    district: district?.name ?? "",
    districtCode: district ? nisrDistrictCode(district.code) : "",
    sector: place.kind === "sector" ? place.name : "",
    loc: place.kind === "place_of_detention" ? place.name : "",
    locCode: place.kind === "place_of_detention" ? place.code : "",
  };
}

/** One row per organisation × theme × place × record of the matrix, as HXL CSV. */
export function matrixToHxlCsv(
  matrix: Matrix,
  themes: readonly Theme[],
  ancestors: readonly PlaceRef[],
): string {
  const organisations = new Map(matrix.organisations.map((o) => [o.id, o]));
  const placeById = new Map([...ancestors, ...matrix.places].map((p) => [p.id, p]));
  const records = new Map(matrix.records.map((r) => [r.id, r]));
  const themeName = new Map(themes.map((t) => [t.code, t.names.en]));
  const rows: string[][] = [HXL_COLUMNS.map((c) => c.header), HXL_COLUMNS.map((c) => c.tag)];
  const ordered = [...matrix.cells].sort((a, b) => {
    const pa = placeById.get(a.placeId)?.code ?? "";
    const pb = placeById.get(b.placeId)?.code ?? "";
    const oa = organisations.get(a.organisationId)?.name ?? "";
    const ob = organisations.get(b.organisationId)?.name ?? "";
    return pa.localeCompare(pb) || a.theme.localeCompare(b.theme) || oa.localeCompare(ob);
  });
  for (const cell of ordered) {
    const organisation = organisations.get(cell.organisationId);
    const place = placeById.get(cell.placeId);
    if (!organisation || !place) continue;
    const where = placeColumns(place, placeById);
    for (const recordId of cell.recordIds) {
      const record = records.get(recordId);
      if (!record) continue;
      rows.push([
        organisation.name,
        organisation.acronym ?? "",
        organisation.kind,
        cell.roles.join(" "),
        themeName.get(cell.theme) ?? cell.theme,
        cell.theme,
        where.province,
        where.district,
        where.districtCode,
        where.sector,
        where.loc,
        where.locCode,
        record.title,
        record.id,
        // As precise as known: "2024" stays a year and reads back as one (a day would claim 1 January).
        record.validFrom ? hxlDateValue(record.validFrom, record.validFromPrecision) : "",
        record.validUntil ? hxlDateValue(record.validUntil, record.validUntilPrecision) : "",
        record.status,
        cell.coverage.join(" "),
      ]);
    }
  }
  return csvText(rows);
}

/** The district page as HXL CSV: one row per organisation × theme × place (district or facility). */
export function districtToHxlCsv(summary: DistrictSummary, themes: readonly Theme[]): string {
  const themeName = new Map(themes.map((t) => [t.code, t.names.en]));
  const byId = new Map(summary.organisationsById.map((o) => [o.id, o]));
  const province = summary.province?.name ?? "";
  const districtCode = nisrDistrictCode(summary.district.code);
  const rows: string[][] = [HXL_COLUMNS.map((c) => c.header), HXL_COLUMNS.map((c) => c.tag)];
  const row = (o: OrganisationRef, theme: string, loc: PlaceRef | null, coverage: string) => [
    o.name,
    o.acronym ?? "",
    o.kind,
    "",
    themeName.get(theme) ?? theme,
    theme,
    province,
    summary.district.name,
    districtCode,
    "",
    loc?.name ?? "",
    loc?.code ?? "",
    "",
    "",
    summary.period.from,
    summary.period.to,
    "active",
    coverage,
  ];
  for (const entry of summary.organisations) {
    for (const theme of entry.themes)
      rows.push(row(entry.organisation, theme, null, entry.coverage.join(" ")));
  }
  for (const facility of summary.facilities) {
    for (const { theme, organisationIds } of facility.themes) {
      for (const id of organisationIds) {
        const o = byId.get(id);
        if (o) rows.push(row(o, theme, facility.place, ""));
      }
    }
  }
  return csvText(rows);
}

/** The district page as a workbook, in the reader's language (the app's own catalogs): who works there,
 * facilities by theme, agreements, rows of imported 3W files, progress, expiring agreements. */
export async function districtToXlsx(
  summary: DistrictSummary,
  themes: readonly Theme[],
  locale: ReportLanguage,
): Promise<Uint8Array> {
  const t = reportLabels(locale);
  const themeName = (code: string) => themes.find((th) => th.code === code)?.names[locale] ?? code;
  const byId = new Map(summary.organisationsById.map((o) => [o.id, o]));
  const { default: ExcelJS } = await import("exceljs"); // loaded on first use (see reports/index.ts)
  // Every value through the shared neutraliser; text cells in Excel's Text format (see spreadsheet-text.ts).
  const addTextRow = (ws: ExcelJS.Worksheet, values: readonly SpreadsheetValue[]) => {
    const row = ws.addRow(values.map(xlsxCellValue));
    row.eachCell((cell) => {
      if (typeof cell.value === "string") cell.numFmt = XLSX_TEXT_FORMAT;
    });
    return row;
  };
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Ubufatanye";
  workbook.created = new Date(`${summary.period.to}T00:00:00Z`);
  const column = (key: string) => t(`coordination.export.columns.${key}`);
  const sheet = (key: string, headers: string[]) => {
    const ws = workbook.addWorksheet(t(`coordination.export.sheets.${key}`).slice(0, 31));
    addTextRow(ws, headers.map(column)).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    return ws;
  };
  const coverageWord = (c: Coverage) =>
    c === "place" ? t("coordination.export.inDistrict") : t(`coordination.coverage.${c}`);
  const partners = (ids: readonly string[]) =>
    ids
      .map((id) => byId.get(id))
      .flatMap((o) => (o ? [shortName(o)] : []))
      .join("; ");

  const organisations = sheet("organisations", ["organisation", "acronym", "themes", "coverage"]);
  for (const o of summary.organisations) {
    addTextRow(organisations, [
      o.organisation.name,
      o.organisation.acronym ?? "",
      o.themes.map(themeName).join("; "),
      o.coverage.map(coverageWord).join("; "),
    ]);
  }
  const facilities = sheet("facilities", ["facility", "theme", "partners"]);
  for (const f of summary.facilities) {
    const name = f.isOpen
      ? f.place.names[locale]
      : `${f.place.names[locale]} (${t("coordination.district.closed")})`;
    if (f.themes.length === 0) addTextRow(facilities, [name, "", ""]);
    // The service sorts each theme's partners by the short name shown here.
    for (const th of f.themes)
      addTextRow(facilities, [name, themeName(th.theme), partners(th.organisationIds)]);
  }
  const agreements = sheet("agreements", [
    "agreement",
    "status",
    "validFrom",
    "validUntil",
    "partners",
    "themes",
  ]);
  for (const a of summary.agreements) {
    addTextRow(agreements, [
      a.title,
      t(`agreements.statuses.${a.status}`),
      a.validFrom ?? "",
      a.validUntil ?? "",
      partners(a.organisationIds),
      a.themes.map(themeName).join("; "),
    ]);
  }
  const reported = sheet("reported", [
    "activity",
    "organisations",
    "themes",
    "validFrom",
    "validUntil",
    "file",
    "importedOn",
    "line",
  ]);
  for (const r of summary.reported) {
    addTextRow(reported, [
      r.reportedRow?.activity ?? "",
      partners(r.organisationIds),
      r.themes.map(themeName).join("; "),
      r.validFrom ? hxlDateValue(r.validFrom, r.validFromPrecision) : "",
      r.validUntil ? hxlDateValue(r.validUntil, r.validUntilPrecision) : "",
      r.reportedRow?.fileName ?? "",
      r.reportedRow?.importedAt.slice(0, 10) ?? "",
      r.reportedRow?.line ?? "",
    ]);
  }
  const progress = sheet("progress", ["date", "agreement", "kind", "text"]);
  for (const p of summary.recentProgress) {
    addTextRow(progress, [
      p.entry.entryDate,
      p.agreementTitle,
      t(`agreements.progressKinds.${p.entry.kind}`),
      p.entry.text,
    ]);
  }
  const expiring = sheet("expiring", ["agreement", "validUntil", "partners"]);
  for (const a of summary.expiring)
    addTextRow(expiring, [a.title, a.validUntil ?? "", partners(a.organisationIds)]);
  for (const ws of workbook.worksheets) {
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 48 : 28;
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
