// Public surface of the imports module.
export * from "./imports.schema";
export {
  applyStatusReportImport,
  type ImportFile,
  type ImportProgress,
  previewStatusReportImport,
} from "./imports.service";
