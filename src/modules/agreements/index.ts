// Public surface of the agreements module.

// Until programmes, coordination and the server import these from ../themes (their owners move the lines).
export { BUILT_IN_THEMES, listThemes, loadBuiltInThemes } from "../themes";
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
  deleteAgreement,
  getAgreement,
  getAgreementDocumentFile,
  getAgreementHistory,
  getCooperationOverview,
  listAgreements,
  removeAgreementDocument,
  removeCommitment,
  removeProgressEntry,
  updateAgreement,
  updateCommitment,
  updateProgressEntry,
} from "./agreements.service";
export * from "./status-report.schema";
