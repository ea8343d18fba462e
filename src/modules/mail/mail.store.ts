// The only file with queries on the outbox: write a message, claim due ones for sending, record the outcome, read.
import { desc, eq, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { MessageKind, OutboxMessage, OutboxMessageSummary } from "./mail.schema";
import { outboxMessageTable } from "./mail.table";

export type NewOutboxMessage = {
  kind: MessageKind;
  recipient: string;
  locale: string;
  subject: string;
  bodyText: string;
};

export async function insertOutboxMessage(db: Executor, message: NewOutboxMessage): Promise<string> {
  const [row] = await db.insert(outboxMessageTable).values(message).returning({ id: outboxMessageTable.id });
  if (!row) throw new Error("the outbox message was not written");
  return row.id;
}

/** Many messages in one statement per 500 (a reminder run queues thousands). */
export async function insertOutboxMessages(
  db: Executor,
  messages: readonly NewOutboxMessage[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += 500)
    await db.insert(outboxMessageTable).values(messages.slice(i, i + 500));
}

export type ClaimedMessage = {
  id: string;
  recipient: string;
  locale: string;
  subject: string;
  bodyText: string;
  attempts: number;
};

/**
 * Takes up to `limit` messages that are due: pending, failed with attempts left and their retry time passed, or
 * "sending" since before `staleBefore` (a process stopped mid-send). SKIP LOCKED: two instances never take the
 * same message; the claim commits before anything is sent, so a crash leaves a visible "sending" row.
 */
export async function claimDueMessages(
  db: Executor,
  options: { limit: number; maxAttempts: number; staleMinutes: number },
): Promise<ClaimedMessage[]> {
  const rows = await queryRows<{
    id: string;
    recipient: string;
    locale: string;
    subject: string;
    body_text: string;
    attempts: number;
  }>(
    db,
    sql`update outbox_message set status = 'sending', attempts = attempts + 1, claimed_at = now()
        where id in (
          select id from outbox_message
          where body_text is not null and attempts < ${options.maxAttempts} and (
            (status in ('pending', 'failed') and next_attempt_at <= now())
            or (status = 'sending' and claimed_at < now() - make_interval(mins => ${options.staleMinutes}))
          )
          order by created_at
          limit ${options.limit}
          for update skip locked)
        returning id, recipient, locale, subject, body_text, attempts`,
  );
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    locale: r.locale,
    subject: r.subject,
    bodyText: r.body_text,
    attempts: Number(r.attempts),
  }));
}

/** The mail server took it: the text (a one-time link) is dropped. */
export async function markMessageSent(db: Executor, id: string): Promise<void> {
  await db
    .update(outboxMessageTable)
    .set({ status: "sent", sentAt: sql`now()`, bodyText: null, lastError: null })
    .where(eq(outboxMessageTable.id, id));
}

/** A failed attempt: retried after `retryInSeconds`; status stays "failed" once no attempt is left. */
export async function markMessageFailed(
  db: Executor,
  id: string,
  error: string,
  retryInSeconds: number,
): Promise<void> {
  await db
    .update(outboxMessageTable)
    .set({
      status: "failed",
      lastError: error.slice(0, 500),
      nextAttemptAt: sql`now() + make_interval(secs => ${retryInSeconds})`,
    })
    .where(eq(outboxMessageTable.id, id));
}

type OutboxRow = typeof outboxMessageTable.$inferSelect;

function summaryOf(row: OutboxRow): OutboxMessageSummary {
  return {
    id: row.id,
    kind: row.kind as MessageKind,
    recipient: row.recipient,
    locale: row.locale as OutboxMessageSummary["locale"],
    subject: row.subject,
    status: row.status as OutboxMessageSummary["status"],
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

export async function selectOutboxMessages(db: Executor, limit: number): Promise<OutboxMessageSummary[]> {
  const rows = await db
    .select()
    .from(outboxMessageTable)
    .orderBy(desc(outboxMessageTable.createdAt), desc(outboxMessageTable.id))
    .limit(limit);
  return rows.map(summaryOf);
}

export async function selectOutboxMessage(db: Executor, id: string): Promise<OutboxMessage | null> {
  const [row] = await db.select().from(outboxMessageTable).where(eq(outboxMessageTable.id, id));
  return row ? { ...summaryOf(row), bodyText: row.bodyText } : null;
}
