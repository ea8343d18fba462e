// Public surface of the agreements module.

// The shared upload defences, under the names the server and other modules already import from here.
export { fileTooLarge as documentTooLarge } from "../../kernel/files";
// Until programmes, coordination and the server import these from ../themes (their owners move the lines).
export { BUILT_IN_THEMES, listThemes, loadBuiltInThemes } from "../themes";
export { type BulkAgreementInput, createAgreement, createAgreementsInBulk } from "./agreement-create.service";
export {
  addAgreementDocument,
  type DocumentUpload,
  getAgreementDocumentFile,
  removeAgreementDocument,
} from "./agreement-documents.service";
export { listConditions, type PlaceFilter } from "./agreement-list.store";
export { addAgreementOtherField } from "./agreement-other-fields.service";
export { buildTextSearch } from "./agreement-search.store";
export { canChangeStatus, daysUntil, effectiveStatus, STATUS_TRANSITIONS } from "./agreement-status";
export { agreementRoutes } from "./agreements.routes";
export * from "./agreements.schema";
export {
  type AgreementChildTexts,
  changeAgreementStatus,
  deleteAgreement,
  getAgreement,
  getAgreementHistory,
  getCooperationOverview,
  listAgreementChildTexts,
  listAgreementKeepers,
  listAgreementPartySets,
  listAgreements,
  otherFieldText,
  updateAgreement,
} from "./agreements.service";
// What an import compares its rows with (listAgreementPartySets).
export type { AgreementPartySet } from "./agreements.store";
// Read model for the status report (its own module reads the register with the list's filters and search).
export {
  type AgreementRecord,
  selectPlaceFacts,
  selectThemesOf,
  toAgreementRecord,
} from "./agreements.store";
export { addCommitment, removeCommitment, updateCommitment } from "./commitments.service";
export { addProgressEntry, removeProgressEntry, updateProgressEntry } from "./progress-entries.service";
