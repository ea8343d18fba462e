// What a history entry looks like to the API and the browser.
import { z } from "zod";

export const AUDIT_ACTIONS = ["create", "update", "delete", "read"] as const;
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
