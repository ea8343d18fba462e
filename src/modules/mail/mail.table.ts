// The outbox: every outgoing email is written here in the transaction that caused it, then delivered after commit.
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const outboxMessageTable = pgTable(
  "outbox_message",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Which template wrote it: invitation, password_reset. */
    kind: text("kind").notNull(),
    recipient: text("recipient").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    /** Null once the mail server took the message: the text holds a one-time link nobody else should read. */
    bodyText: text("body_text"),
    /** pending (waiting for a mail server, or for its turn), sending, sent, failed (gave up after the last attempt). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** When a sender took it; a "sending" message claimed long ago was left by a process that stopped: retried. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("outbox_message_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_message_created_idx").on(t.createdAt),
    check("outbox_message_status_check", sql`${t.status} in ('pending', 'sending', 'sent', 'failed')`),
  ],
);
