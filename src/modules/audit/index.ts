// Public surface of the audit module.

export { type AuditAccess, AuditAccessSchema, type AuditEntry, AuditEntrySchema } from "./audit.schema";
export {
  type AuditedChange,
  type AuditedRead,
  diffRecords,
  listAccesses,
  listHistory,
  recordChange,
  recordChanges,
  recordRead,
  recordSecurityEvent,
  type SecurityEvent,
} from "./audit.service";
export { type BrokenLink, type ChainVerdict, verifyAuditChain } from "./audit-chain";
