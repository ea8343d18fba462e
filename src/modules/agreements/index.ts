// Public surface of the agreements module.

export { canChangeStatus, daysUntil, effectiveStatus, STATUS_TRANSITIONS } from "./agreement-status";
export { buildStatusReportData, exportStatusReport, renderStatusReport } from "./agreements.export";
export * from "./agreements.schema";
export {
  addAgreementDocument,
  addCommitment,
  addProgressEntry,
  type BulkAgreementInput,
  changeAgreementStatus,
  createAgreement,
  createAgreementsInBulk,
  createAgreementsOneByOne,
  createTheme,
  deleteAgreement,
  getAgreement,
  getAgreementDocumentFile,
  getAgreementHistory,
  getCooperationOverview,
  listAgreements,
  listThemes,
  loadBuiltInThemes,
  removeAgreementDocument,
  removeCommitment,
  removeProgressEntry,
  updateAgreement,
  updateCommitment,
  updateProgressEntry,
} from "./agreements.service";
export { BUILT_IN_THEMES } from "./built-in-themes";
export * from "./status-report.schema";
