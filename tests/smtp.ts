// A real SMTP server on 127.0.0.1 for tests: it takes what the app sends (with a login, like a real relay) and
// keeps each message parsed, so tests read the headers, the language and the links that arrived.
import { type AddressInfo, createServer } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export const SMTP_USER = "relay-user";
export const SMTP_PASSWORD = "relay-secret";

export type ReceivedMail = ParsedMail & { envelopeTo: string[] };

export type TestSmtpServer = {
  /** smtp://user:pass@127.0.0.1:port, as SMTP_URL takes it. */
  url: string;
  received: ReceivedMail[];
  /** Waits (up to `timeoutMs`) for a message to this address and returns the latest one. */
  waitFor(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  messagesTo(to: string): ReceivedMail[];
  close(): Promise<void>;
};

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to make, and a login over it is allowed here only.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ ...mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const messagesTo = (to: string) => received.filter((m) => m.envelopeTo.includes(to.toLowerCase()));
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    messagesTo,
    async waitFor(to, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messagesTo(to).at(-1);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port with nothing listening, for delivery failures. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The first link to this app's page in a message's text. */
export function linkIn(mail: ParsedMail, page: string): string {
  const match = new RegExp(`https?://\\S+/${page}\\?token=[A-Za-z0-9_%-]+`).exec(mail.text ?? "");
  if (!match) throw new Error(`no ${page} link in: ${mail.text}`);
  return match[0];
}
