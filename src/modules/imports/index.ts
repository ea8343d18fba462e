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
