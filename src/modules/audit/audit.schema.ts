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
  // Someone opened timed access to a record their role does not let them see, with a reason (access module).
  "break_glass",
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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE =
  "Use a date (2026-12-31) or a date and time with its offset (2026-12-31T14:00:00+02:00).";

const isRealDay = (day: string): boolean => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && day >= "1900-01-01";
};

/** A real date or instant in years the register can mean (the patterns alone let 2026-02-30 and 25:00 through). */
function isRealInstant(text: string): boolean {
  if (ISO_DATE.test(text)) return isRealDay(text);
  if (!ISO_INSTANT.test(text)) return false;
  const [hours, minutes, seconds] = [text.slice(11, 13), text.slice(14, 16), text.slice(17, 19) || "00"].map(
    Number,
  );
  return (
    isRealDay(text.slice(0, 10)) &&
    (hours ?? 99) < 24 &&
    (minutes ?? 99) < 60 &&
    (seconds ?? 99) < 60 &&
    !Number.isNaN(new Date(text).getTime())
  );
}

/**
 * One end of an activity window: a calendar day (Kigali time; as `to`, through the end of that day) or an instant
 * with its offset, for a breach report that knows the hour.
 */
export const ActivityBoundSchema = z.string().max(40, INSTANT_MESSAGE).refine(isRealInstant, INSTANT_MESSAGE);

/** The cursor of the next page: the last row's time (to the microsecond, UTC) and id. */
export const ACTIVITY_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_\d{1,18}$/;

/** "Which records did user U read or change between two times" (issue 17, the breach report). */
export const UserActivityQuerySchema = z.object({
  userId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a user id."),
  from: ActivityBoundSchema,
  to: ActivityBoundSchema,
  cursor: z.string().max(60).regex(ACTIVITY_CURSOR, "Not a cursor this server gave out.").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type UserActivityQuery = z.input<typeof UserActivityQuerySchema>;

/**
 * One thing the user did: when, what, to which record, in which request. Never the changed values: they may hold
 * personal data, and a breach report goes to people who must not see it.
 */
export const UserActivityEntrySchema = z.object({
  id: z.number().int(),
  /** UTC, to the microsecond. */
  occurredAt: z.string(),
  action: AuditActionSchema,
  entityType: z.string(),
  entityId: z.string(),
  entityLabel: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type UserActivityEntry = z.infer<typeof UserActivityEntrySchema>;

export const UserActivityPageSchema = z.object({
  items: z.array(UserActivityEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type UserActivityPage = z.infer<typeof UserActivityPageSchema>;
