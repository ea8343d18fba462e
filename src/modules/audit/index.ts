// Public surface of the audit module.

export { activityWindow } from "./activity-window";
export {
  type AuditAccess,
  AuditAccessSchema,
  type AuditEntry,
  AuditEntrySchema,
  type UserActivityEntry,
  type UserActivityPage,
  UserActivityPageSchema,
  type UserActivityQuery,
  UserActivityQuerySchema,
} from "./audit.schema";
export {
  type AuditedChange,
  type AuditedRead,
  diffRecords,
  holdOtherWrites,
  lastWriteMark,
  listAccesses,
  listHistory,
  recordChange,
  recordChanges,
  recordRead,
  recordSecurityEvent,
  type SecurityEvent,
} from "./audit.service";
export { eachUserActivityPage, listUserActivity } from "./audit-activity.service";
export { type BrokenLink, type ChainVerdict, verifyAuditChain } from "./audit-chain";
