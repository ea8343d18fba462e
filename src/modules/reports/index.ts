// Public surface of the reports module: the report shape and its writers, reusable by any module.
// The Word, Excel and PDF writers load their libraries (docx, exceljs, pdfmake and its fonts) on first use:
// together they weigh about 100 MB of a server's memory, which a server that never exports need not carry.
import type { ReportDocument } from "./report-document";

export * from "./report-csv.export";
export * from "./report-document";
export { REPORT_LANGUAGES, type ReportLanguage, reportLabels, type Translate } from "./report-labels";

export async function writeReportDocx(report: ReportDocument): Promise<Uint8Array> {
  return (await import("./report-docx.export")).writeReportDocx(report);
}

export async function writeReportXlsx(report: ReportDocument): Promise<Uint8Array> {
  return (await import("./report-xlsx.export")).writeReportXlsx(report);
}

export async function writeReportPdf(report: ReportDocument): Promise<Uint8Array> {
  return (await import("./report-pdf.export")).writeReportPdf(report);
}
