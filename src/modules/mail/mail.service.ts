// Outgoing email: a message is written to the outbox inside the caller's transaction (it exists if and only if the
// change committed), then delivered after commit through SMTP_URL; with no SMTP it stays for an administrator to read.
import nodemailer, { type Transporter } from "nodemailer";
import type { Database, Executor } from "../../db/client";
import { assertAllowedOnResource, type ServiceContext } from "../../kernel";
import { notFound } from "../../shared/app-errors";
import type { OutboxList, OutboxMessage } from "./mail.schema";
import {
  claimDueMessages,
  insertOutboxMessage,
  insertOutboxMessages,
  markMessageFailed,
  markMessageSent,
  type NewOutboxMessage,
  selectOutboxMessage,
  selectOutboxMessages,
} from "./mail.store";

/** After this many attempts a message stays "failed" for an administrator to see. */
export const MAX_DELIVERY_ATTEMPTS = 5;
/** A message "sending" for longer was claimed by a process that stopped before it knew the outcome. */
const STALE_CLAIM_MINUTES = 10;
const BATCH = 20;

export type DeliveryReport = { sent: number; failed: number };

export type Mailer = {
  readonly delivery: "smtp" | "outbox";
  /** Delivers what is due in the background (after a commit); returns at once. */
  deliverSoon(): void;
  /** Delivers what is due now (start-up, the CLI, tests) and waits for any background delivery too. */
  deliverPending(): Promise<DeliveryReport>;
  close(): Promise<void>;
};

export type MailerOptions = {
  db: Database;
  /** smtp://user:pass@host:587 or smtps://…:465; undefined keeps every message in the outbox. */
  smtpUrl: string | undefined;
  from: string;
  /** Told about failed attempts (never the message text: it holds one-time links). */
  onError?: (error: { messageId: string; attempt: number; reason: string }) => void;
};

/** Writes a message to the outbox with the caller's transaction: sent after commit, or never if it rolls back. */
export async function queueMessage(tx: Executor, message: NewOutboxMessage): Promise<string> {
  return insertOutboxMessage(tx, message);
}

/** queueMessage for many messages at once. */
export async function queueMessages(tx: Executor, messages: readonly NewOutboxMessage[]): Promise<void> {
  await insertOutboxMessages(tx, messages);
}

/** Seconds before the next attempt: 1, 4, 9, 16 minutes. */
const retryDelaySeconds = (attempt: number) => 60 * attempt * attempt;

export function smtpUrlIsValid(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl !== undefined && !smtpUrlIsValid(options.smtpUrl))
    throw new Error("SMTP_URL must look like smtp://user:password@host:587 (or smtps://… for port 465).");
  const transport: Transporter | null = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl, { from: options.from })
    : null;
  let running: Promise<DeliveryReport> | null = null;
  let again = false;

  async function deliverBatch(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0 };
    if (!transport) return report;
    for (;;) {
      const batch = await claimDueMessages(options.db, {
        limit: BATCH,
        maxAttempts: MAX_DELIVERY_ATTEMPTS,
        staleMinutes: STALE_CLAIM_MINUTES,
      });
      for (const message of batch) {
        try {
          await transport.sendMail({
            to: message.recipient,
            subject: message.subject,
            text: message.bodyText,
            headers: { "Content-Language": message.locale, "Auto-Submitted": "auto-generated" },
          });
          await markMessageSent(options.db, message.id);
          report.sent++;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          await markMessageFailed(options.db, message.id, reason, retryDelaySeconds(message.attempts));
          options.onError?.({ messageId: message.id, attempt: message.attempts, reason });
          report.failed++;
        }
      }
      if (batch.length < BATCH) return report;
    }
  }

  /** One delivery loop at a time per process; a request made while it runs makes it go round once more. */
  function run(): Promise<DeliveryReport> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const total: DeliveryReport = { sent: 0, failed: 0 };
      do {
        again = false;
        const report = await deliverBatch();
        total.sent += report.sent;
        total.failed += report.failed;
      } while (again);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    delivery: transport ? "smtp" : "outbox",
    deliverSoon() {
      if (!transport) return;
      run().catch((error: unknown) =>
        options.onError?.({
          messageId: "",
          attempt: 0,
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    },
    async deliverPending() {
      if (running) await running.catch(() => undefined);
      return run();
    },
    async close() {
      if (running) await running.catch(() => undefined);
      transport?.close();
    },
  };
}

/** The outbox, newest first: administrators read it (messages hold account links and addresses). */
export async function listOutboxMessages(ctx: ServiceContext, mailer: Mailer): Promise<OutboxList> {
  // Messages are about user accounts: whoever administers users reads them.
  assertAllowedOnResource(ctx.actor, "user", "read");
  return { items: await selectOutboxMessages(ctx.db, 200), delivery: mailer.delivery };
}

export async function getOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessage> {
  assertAllowedOnResource(ctx.actor, "user", "read");
  const message = await selectOutboxMessage(ctx.db, id);
  if (!message) throw notFound("The message");
  return message;
}
