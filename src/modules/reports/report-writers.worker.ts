// The Word, Excel and PDF writers as a worker runs them (src/kernel/files/off-thread.ts): a large report costs the
// worker's memory and time, never the server's — the server keeps answering while it is written, and a report past
// the worker's limits is refused by name instead of taking the server down.
export { writeReportDocx } from "./report-docx.export";
export { writeReportPdf } from "./report-pdf.export";
export { writeReportXlsx } from "./report-xlsx.export";
