// Public surface of the imports module.
export { importRoutes } from "./imports.routes";
export * from "./imports.schema";
export {
  applyStatusReportImport,
  type ImportFile,
  type ImportProgress,
  previewStatusReportImport,
} from "./imports.service";
export { areaNoteText } from "./place-resolution";
// Re-dating progress loaded before imports asked for the report's day (decision 042).
export { loadRoutes } from "./redate.routes";
export * from "./redate.schema";
export { listStatusReportLoads, redateStatusReportLoad, STATUS_REPORT_LOAD_ENTITY } from "./redate.service";
