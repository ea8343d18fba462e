// Outgoing email through a real SMTP server on 127.0.0.1: written with the transaction that caused it, delivered
// after commit, once, in the recipient's language; failures recorded and retried; without SMTP kept in the outbox.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant, systemActor } from "../../../tests/factories";
import { closedPort, linkIn, startSmtpServer, type TestSmtpServer } from "../../../tests/smtp";
import type { DatabaseHandle } from "../../db/client";
import {
  createMailer,
  getOutboxMessage,
  listOutboxMessages,
  MAX_DELIVERY_ATTEMPTS,
  queueMessage,
} from "./mail.service";
import { outboxMessageTable } from "./mail.table";
import { invitationMessage, passwordResetMessage } from "./mail-message";

let handle: DatabaseHandle;
let smtp: TestSmtpServer;

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.delete(outboxMessageTable);
});

const FROM = "Ubufatanye <no-reply@ubufatanye.test>";
const inFrench = (to: string) =>
  invitationMessage({
    to,
    locale: "fr",
    roles: ["district_officer"],
    link: "https://ubufatanye.test/accept-invitation?token=abcdefghijklmnopqrstuvwxyz",
    expiresAt: new Date("2026-12-13T07:00:00Z"),
    siteUrl: "https://ubufatanye.test",
  });

async function rowOf(id: string) {
  const [row] = await handle.db.select().from(outboxMessageTable).where(eq(outboxMessageTable.id, id));
  if (!row) throw new Error("no outbox row");
  return row;
}

describe("outbox and delivery", () => {
  it("sends a committed message once, in the recipient's language, and forgets its text", async () => {
    const mailer = createMailer({ db: handle.db, smtpUrl: smtp.url, from: FROM });
    const id = await handle.db.transaction((tx) => queueMessage(tx, inFrench("amina@example.rw")));
    expect((await rowOf(id)).status).toBe("pending");

    expect(await mailer.deliverPending()).toEqual({ sent: 1, failed: 0 });
    const mail = await smtp.waitFor("amina@example.rw");
    expect(mail.subject).toBe("Votre invitation à Ubufatanye");
    expect(mail.headers.get("content-language")).toBe("fr");
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.from?.text).toContain("no-reply@ubufatanye.test");
    expect(mail.text).toContain("Agent de district");
    expect(mail.text).toContain("2026-12-13 09:00");
    expect(linkIn(mail, "accept-invitation")).toBe(
      "https://ubufatanye.test/accept-invitation?token=abcdefghijklmnopqrstuvwxyz",
    );

    const row = await rowOf(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, bodyText: null });
    // Nothing is due any more: a second run sends nothing.
    expect(await mailer.deliverPending()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messagesTo("amina@example.rw")).toHaveLength(1);
    await mailer.close();
  });

  it("writes nothing when the change's transaction rolls back", async () => {
    const mailer = createMailer({ db: handle.db, smtpUrl: smtp.url, from: FROM });
    await expect(
      handle.db.transaction(async (tx) => {
        await queueMessage(tx, inFrench("rolled-back@example.rw"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await mailer.deliverPending()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messagesTo("rolled-back@example.rw")).toHaveLength(0);
    expect(await handle.db.select().from(outboxMessageTable)).toHaveLength(0);
    await mailer.close();
  });

  it("two senders at once deliver each message once", async () => {
    const first = createMailer({ db: handle.db, smtpUrl: smtp.url, from: FROM });
    const second = createMailer({ db: handle.db, smtpUrl: smtp.url, from: FROM });
    const recipients = Array.from({ length: 6 }, (_, i) => `parallel-${i}@example.rw`);
    for (const to of recipients) await queueMessage(handle.db, inFrench(to));
    const [a, b] = await Promise.all([first.deliverPending(), second.deliverPending()]);
    expect(a.sent + b.sent).toBe(6);
    for (const to of recipients) expect(smtp.messagesTo(to), to).toHaveLength(1);
    await Promise.all([first.close(), second.close()]);
  });

  it("records a failed attempt with its reason and retries it when due, up to the last attempt", async () => {
    const down = createMailer({
      db: handle.db,
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      from: FROM,
    });
    const id = await queueMessage(
      handle.db,
      passwordResetMessage({
        to: "retry@example.rw",
        locale: "rw",
        link: "https://ubufatanye.test/reset-password?token=abcdefghijklmnopqrstuvwxyz",
        expiresInMinutes: 60,
        siteUrl: "https://ubufatanye.test",
      }),
    );
    expect(await down.deliverPending()).toEqual({ sent: 0, failed: 1 });
    const failed = await rowOf(id);
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failed.bodyText).toContain("reset-password?token=");
    // Not due yet: the next attempt waits.
    expect(await down.deliverPending()).toEqual({ sent: 0, failed: 0 });

    // Due again (as after the wait, or on the next start): the working server gets it once.
    await handle.db.execute(sql`update outbox_message set next_attempt_at = now() where id = ${id}`);
    const up = createMailer({ db: handle.db, smtpUrl: smtp.url, from: FROM });
    expect(await up.deliverPending()).toEqual({ sent: 1, failed: 0 });
    const mail = await smtp.waitFor("retry@example.rw");
    expect(mail.subject).toBe("Hindura ijambo ry'ibanga rya Ubufatanye");
    expect(mail.headers.get("content-language")).toBe("rw");
    expect((await rowOf(id)).attempts).toBe(2);

    // A message out of attempts stays failed for an administrator to see.
    const hopeless = await queueMessage(handle.db, inFrench("hopeless@example.rw"));
    await handle.db.execute(
      sql`update outbox_message set status = 'failed', attempts = ${MAX_DELIVERY_ATTEMPTS} where id = ${hopeless}`,
    );
    expect(await up.deliverPending()).toEqual({ sent: 0, failed: 0 });
    await Promise.all([down.close(), up.close()]);
  });

  it("takes over a message left 'sending' by a process that stopped mid-send", async () => {
    const id = await queueMessage(handle.db, inFrench("stale@example.rw"));
    await handle.db.execute(
      sql`update outbox_message set status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour' where id = ${id}`,
    );
    const mailer = createMailer({ db: handle.db, smtpUrl: smtp.url, from: FROM });
    expect(await mailer.deliverPending()).toEqual({ sent: 1, failed: 0 });
    expect((await rowOf(id)).status).toBe("sent");
    await mailer.close();
  });

  it("without SMTP keeps messages in the outbox for administrators only", async () => {
    const mailer = createMailer({ db: handle.db, smtpUrl: undefined, from: FROM });
    const id = await queueMessage(handle.db, inFrench("offline@example.rw"));
    expect(await mailer.deliverPending()).toEqual({ sent: 0, failed: 0 });
    const admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
    const list = await listOutboxMessages(admin, mailer);
    expect(list.delivery).toBe("outbox");
    expect(list.items.map((m) => [m.recipient, m.status, m.locale])).toEqual([
      ["offline@example.rw", "pending", "fr"],
    ]);
    const message = await getOutboxMessage(admin, id);
    expect(message.bodyText).toContain("accept-invitation?token=");

    const coordinator = contextAs(handle, buildUserActor([nationalGrant("coordinator")]));
    await expect(listOutboxMessages(coordinator, mailer)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(getOutboxMessage(coordinator, id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(getOutboxMessage(contextAs(handle, systemActor), crypto.randomUUID())).rejects.toMatchObject(
      {
        kind: "not_found",
      },
    );
  });

  it("refuses an SMTP_URL that is not one", () => {
    expect(() => createMailer({ db: handle.db, smtpUrl: "mail.example.rw:25", from: FROM })).toThrow(
      /SMTP_URL/,
    );
  });
});

describe("message texts", () => {
  it("each language has its own words, the link and no one else's data", () => {
    for (const locale of ["en", "fr", "rw"] as const) {
      const m = invitationMessage({
        to: "x@example.rw",
        locale,
        roles: ["administrator", "viewer"],
        link: "https://u.test/accept-invitation?token=t0k3n",
        expiresAt: new Date("2026-01-01T00:00:00Z"),
        siteUrl: "https://u.test",
      });
      expect(m.bodyText).toContain("https://u.test/accept-invitation?token=t0k3n");
      expect(m.bodyText).not.toMatch(/\{\{|mail\./);
      expect(m.bodyText).toContain("2026-01-01 02:00");
    }
    expect(
      new Set(
        (["en", "fr", "rw"] as const).map(
          (locale) =>
            passwordResetMessage({
              to: "x@example.rw",
              locale,
              link: "l",
              expiresInMinutes: 60,
              siteUrl: "s",
            }).subject,
        ),
      ).size,
    ).toBe(3);
  });
});
