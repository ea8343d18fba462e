// Public surface of the status-report module: the register's status report, its queries and its example data.
export {
  buildStatusReportData,
  exportStatusReport,
  renderStatusReport,
  type StatusReportData,
} from "./status-report.export";
export { statusReportRoutes } from "./status-report.routes";
export * from "./status-report.schema";
export { loadStatusReportDemo, readStatusReportSeed } from "./status-report-demo";
export { statusReportDemoRoutes } from "./status-report-demo.routes";
