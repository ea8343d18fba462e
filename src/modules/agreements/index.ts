// Public surface of the agreements module.

// Until programmes, coordination and the server import these from ../themes (their owners move the lines).
export { BUILT_IN_THEMES, listThemes, loadBuiltInThemes } from "../themes";
export { attachmentDisposition } from "./agreement-document-content";
export { canChangeStatus, daysUntil, effectiveStatus, STATUS_TRANSITIONS } from "./agreement-status";
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
// Read model for the status report (its own module reads the register with the list's filters and search).
export {
  type AgreementRecord,
  buildTextSearch,
  listConditions,
  type PlaceFilter,
  selectPlaceFacts,
  selectThemesOf,
  toAgreementRecord,
} from "./agreements.store";
export {
  agreementAreaTable,
  agreementSearchTable,
  agreementStatusChangeTable,
  agreementTable,
  commitmentTable,
  progressEntryTable,
} from "./agreements.table";
