// What a history entry looks like to the API and the browser.
import { z } from "zod";

export const AUDIT_ACTIONS = [
  "create",
  "update",
  "delete",
  "read",
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "password_change",
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorLabel: z.string(),
  action: AuditActionSchema,
  entityType: z.string(),
  entityId: z.string(),
  entityLabel: z.string().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Who read or changed one record, newest first: the reader side of `recordRead` and `recordChange`. */
export const AuditAccessSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorLabel: z.string(),
  action: AuditActionSchema,
  reason: z.string().nullable(),
  /** The HTTP request that read or changed it (its X-Request-Id, also on the request's log line); null outside one. */
  requestId: z.string().nullable(),
});
export type AuditAccess = z.infer<typeof AuditAccessSchema>;
