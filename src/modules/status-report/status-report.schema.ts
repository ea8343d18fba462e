// The status report export: its formats and query (the agreements list's filters, plus date, language, section); browser-safe.
import { z } from "zod";
import { AgreementListQuerySchema, IsoDateSchema } from "../agreements/agreements.schema";

export const REPORT_FORMATS = ["docx", "xlsx", "pdf", "csv", "hxl"] as const;
export const ReportFormatSchema = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const REPORT_SECTIONS = ["1", "2", "3"] as const;
export const REPORT_SORTS = [
  "reference",
  "signed_desc",
  "signed_asc",
  "title",
  "updated_desc",
  "expiry",
] as const;

export const StatusReportQuerySchema = AgreementListQuerySchema.omit({
  limit: true,
  offset: true,
  sort: true,
}).extend({
  /** docx, xlsx, pdf, csv (UTF-8 with BOM) or hxl (HXL-tagged who-does-what-where CSV). */
  format: ReportFormatSchema,
  /** The day the report describes (default today): agreements signed and progress dated on or before it. */
  asOf: IsoDateSchema.optional(),
  lang: z.enum(["en", "fr", "rw"]).default("en"),
  /** 1: MoUs with local partners; 2: with foreign correctional services; 3: memberships in associations. */
  section: z.enum(REPORT_SECTIONS).optional(),
  /** "reference": the register's reference numbers, as the printed report numbers its rows. */
  sort: z.enum(REPORT_SORTS).default("reference"),
});
export type StatusReportQuery = z.output<typeof StatusReportQuerySchema>;
export type StatusReportQueryInput = z.input<typeof StatusReportQuerySchema>;

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  hxl: "text/csv; charset=utf-8",
};
