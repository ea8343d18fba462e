// Public surface of the reports module: the report shape and its writers, reusable by any module.
export * from "./report-csv.export";
export * from "./report-document";
export * from "./report-docx.export";
export { REPORT_LANGUAGES, type ReportLanguage, reportLabels, type Translate } from "./report-labels";
export * from "./report-pdf.export";
export * from "./report-xlsx.export";
