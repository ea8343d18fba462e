// Public surface of the audit module.
export { type AuditEntry, AuditEntrySchema } from "./audit.schema";
export { type AuditedChange, diffRecords, listHistory, recordChange, recordChanges } from "./audit.service";
