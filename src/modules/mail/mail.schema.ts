// What the outbox looks like to the API and the browser; browser-safe.
import { z } from "zod";

export const MESSAGE_KINDS = [
  "invitation",
  "password_reset",
  "reporting_reminder",
  "reporting_digest",
  // To a service provider's address: a referral arrived (no personal data in it, see incidents/referral-notice.ts).
  "referral_received",
] as const;
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

export const MESSAGE_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export const MessageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

export const OutboxMessageSummarySchema = z.object({
  id: z.uuid(),
  kind: MessageKindSchema,
  recipient: z.string(),
  locale: z.enum(["en", "fr", "rw"]),
  subject: z.string(),
  status: MessageStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessageSummary = z.infer<typeof OutboxMessageSummarySchema>;

export const OutboxMessageSchema = OutboxMessageSummarySchema.extend({
  /** Null once a mail server took the message (it held a one-time link). */
  bodyText: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const OutboxListSchema = z.object({
  items: z.array(OutboxMessageSummarySchema),
  /** "smtp" when SMTP_URL is set; "outbox" when messages wait here to be read and passed on by hand. */
  delivery: z.enum(["smtp", "outbox"]),
});
export type OutboxList = z.infer<typeof OutboxListSchema>;
