// Public surface of the reports module: the report shape and its writers, reusable by any module.
// The Word, Excel and PDF writers run in a worker thread (report-writers.worker.ts): their libraries (docx, exceljs,
// pdfmake and its fonts, ~100 MB) are loaded there, a long report never holds the server's other requests, and one
// too large for the worker's memory or time is refused with the limit named (export_memory_limit,
// export_time_limit) — it once took the whole server down (10,000 agreements as Word, issue 20).
import { FILE_LIMITS } from "../../kernel/files/file-limits";
import { parseOffThread } from "../../kernel/files/off-thread";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError } from "../../shared/app-errors";
import type { ReportDocument } from "./report-document";

export * from "./report-csv.export";
export * from "./report-document";
export { REPORT_LANGUAGES, type ReportLanguage, reportLabels, type Translate } from "./report-labels";

const WRITERS = codeModuleUrl("modules/reports/report-writers.worker.ts");

/** What writing one report file may cost: generous for every real report, bounded for the server's sake. */
export const REPORT_WRITER_LIMITS = { timeoutMs: 120_000, heapMb: 512 };

type WrittenFormat = "docx" | "xlsx" | "pdf";
const FORMAT_NAMES: Record<WrittenFormat, string> = { docx: "Word", xlsx: "Excel", pdf: "PDF" };

/** 422 at the request's `format`: the report is too large to write in this format within the limits. */
function exportLimitExceeded(
  code: "file_time_limit" | "file_memory_limit",
  format: WrittenFormat,
  limits: { timeoutMs: number; heapMb: number },
): AppError {
  const timed = code === "file_time_limit";
  const limit = timed ? Math.max(1, Math.round(limits.timeoutMs / 1000)) : limits.heapMb;
  const message = timed
    ? `The report takes longer than ${limit} seconds to write as ${FORMAT_NAMES[format]}, the limit. Narrow it with the filters, or choose CSV.`
    : `The report needs more than ${limit} MB of memory to write as ${FORMAT_NAMES[format]}, the limit. Narrow it with the filters, or choose CSV.`;
  return new AppError("validation", message, [
    {
      path: "format",
      code: timed ? "export_time_limit" : "export_memory_limit",
      message,
      params: { format: FORMAT_NAMES[format], limit },
      in: "query",
    },
  ]);
}

async function writeOffThread(
  exportName: string,
  format: WrittenFormat,
  report: ReportDocument,
  limits = REPORT_WRITER_LIMITS,
): Promise<Uint8Array> {
  return parseOffThread<Uint8Array>({
    module: WRITERS,
    exportName,
    args: [report],
    file: `${report.title}.${format}`,
    field: "format",
    limits: { ...FILE_LIMITS, ...limits },
    limitError: (code) => exportLimitExceeded(code, format, limits),
  });
}

export function writeReportDocx(
  report: ReportDocument,
  limits?: typeof REPORT_WRITER_LIMITS,
): Promise<Uint8Array> {
  return writeOffThread("writeReportDocx", "docx", report, limits);
}

export function writeReportXlsx(
  report: ReportDocument,
  limits?: typeof REPORT_WRITER_LIMITS,
): Promise<Uint8Array> {
  return writeOffThread("writeReportXlsx", "xlsx", report, limits);
}

export function writeReportPdf(
  report: ReportDocument,
  limits?: typeof REPORT_WRITER_LIMITS,
): Promise<Uint8Array> {
  return writeOffThread("writeReportPdf", "pdf", report, limits);
}
