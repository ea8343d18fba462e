// Opens, migrates and fills the database, and builds the auth service: shared by the server and the CLI.
import { readFileSync } from "node:fs";
import pino, { type Logger } from "pino";
import {
  type DatabaseHandle,
  databaseOptionsFromEnv,
  type OpenDatabaseOptions,
  openDatabase,
} from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { projectFile } from "../kernel/runtime-files";
import {
  type AccountLinks,
  type Auth,
  createAuth,
  DEFAULT_INVITATION_DAYS,
  resolveAuthSecret,
} from "../modules/access";
import { loadBuiltInThemes } from "../modules/agreements";
import { createMailer, type Mailer, smtpUrlIsValid } from "../modules/mail";
import { loadReferencePlaces } from "../modules/places";
import { loadSectorThemes } from "../modules/programmes";
import { loadReportingBodies } from "../modules/reporting";
import { trustedProxyHopsFromEnv } from "./client-address";

export const APP_VERSION: string = (
  JSON.parse(readFileSync(projectFile("package.json"), "utf8")) as { version: string }
).version;

export type ServerConfig = {
  host: string;
  port: number;
  publicUrl: string;
  trustedOrigins: string[];
  /** How many proxies of ours stand in front (TRUST_PROXY). */
  trustProxy: number;
  secureCookies: boolean;
  secret: string | undefined;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  /** SMTP_URL: smtp://user:pass@host:587; unset, emails wait in the outbox for an administrator to read. */
  smtpUrl: string | undefined;
  /** MAIL_FROM, e.g. "Ubufatanye <no-reply@example.rw>". */
  mailFrom: string;
  /** INVITATION_DAYS: how long an invitation link works (default 7). */
  invitationDays: number;
};

/** A positive number of minutes or hours from the environment, or the default. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not "${raw}".`);
  return value;
}

export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = env.HOST ?? "127.0.0.1";
  const port = Number.parseInt(env.PORT ?? "3000", 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  const publicUrl = (env.PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`).replace(
    /\/$/,
    "",
  );
  const local = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  // The message names the variable, never its value: the URL may hold the SMTP password.
  if (smtpUrl && !smtpUrlIsValid(smtpUrl))
    throw new Error("SMTP_URL must look like smtp://user:password@host:587 (or smtps://… for port 465).");
  const invitationDays = Number(env.INVITATION_DAYS ?? DEFAULT_INVITATION_DAYS);
  if (!Number.isInteger(invitationDays) || invitationDays < 1 || invitationDays > 90)
    throw new Error(
      `INVITATION_DAYS must be a whole number of days from 1 to 90, not "${env.INVITATION_DAYS}".`,
    );
  return {
    host,
    port,
    publicUrl,
    trustedOrigins: [...new Set([new URL(publicUrl).origin, ...(env.PUBLIC_URL ? [] : local)])],
    trustProxy: trustedProxyHopsFromEnv(env.TRUST_PROXY),
    // Secure cookies whenever the app is reached over https (always in production behind TLS).
    secureCookies: publicUrl.startsWith("https://") || env.SECURE_COOKIES === "1",
    secret: env.UBUFATANYE_SECRET,
    sessionIdleSeconds: Math.round(positiveNumber(env, "SESSION_IDLE_MINUTES", 30) * 60),
    sessionAbsoluteSeconds: Math.round(positiveNumber(env, "SESSION_MAX_HOURS", 12) * 3600),
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || `Ubufatanye <no-reply@${new URL(publicUrl).hostname}>`,
    invitationDays,
  };
}

/**
 * A second fence behind the code that builds log lines (src/server/log-safety.ts): whatever object a line carries,
 * these keys are censored, at the top level and one level down.
 */
export const LOG_REDACT_PATHS = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "cookie",
  "authorization",
  "email",
  "params",
  "query",
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.token",
  "*.cookie",
  "*.authorization",
  "*.email",
  "*.params",
  "*.query",
];

export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "silent" : "info");
  const redact = { paths: LOG_REDACT_PATHS, censor: "[redacted]" };
  if (env.LOG_PRETTY === "1") return pino({ level, redact, transport: { target: "pino-pretty" } });
  return pino({ level, redact });
}

/**
 * The page to open once the server listens, said in plain words: the setup page while there is no administrator
 * (a newcomer after `npm start` has nothing else to go on), otherwise the sign-in.
 */
export function pageToOpen(publicUrl: string, setupNeeded: boolean): { url: string; text: string } {
  const base = publicUrl.replace(/\/+$/, "");
  return setupNeeded
    ? { url: `${base}/setup`, text: `Open ${base}/setup in a browser to create the first administrator.` }
    : { url: `${base}/`, text: `Open ${base}/ in a browser to sign in.` };
}

/** Open → migrate → reference data. The caller closes the handle. */
/** Rwanda's places, the built-in themes and the district reporting bodies: idempotent, as every start loads them. */
export async function loadReferenceData(handle: DatabaseHandle, logger?: Logger): Promise<void> {
  const changed = await loadReferencePlaces(handle.db);
  if (changed > 0) logger?.info({ changed }, "reference places loaded");
  const themes = await loadBuiltInThemes(handle.db);
  if (themes > 0) logger?.info({ changed: themes }, "built-in themes loaded");
  // After the themes: the DAC sectors' default themes must exist to be set.
  const sectors = await loadSectorThemes(handle.db);
  if (sectors > 0) logger?.info({ changed: sectors }, "DAC sectors of the IATI sector table loaded");
  const bodies = await loadReportingBodies(handle.db);
  if (bodies > 0) logger?.info({ changed: bodies }, "district reporting bodies registered");
}

export async function prepareDatabase(
  options: OpenDatabaseOptions = databaseOptionsFromEnv(),
  logger?: Logger,
): Promise<DatabaseHandle> {
  const handle = await openDatabase(options);
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle, logger);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export const accountLinksOf = (config: ServerConfig): AccountLinks => ({
  publicUrl: config.publicUrl,
  invitationDays: config.invitationDays,
});

/** Outgoing email through SMTP_URL, or the outbox alone; failed attempts are logged without the message text. */
export function createMailerFor(handle: DatabaseHandle, config: ServerConfig, logger?: Logger): Mailer {
  return createMailer({
    db: handle.db,
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    onError: (e) => logger?.warn({ outboxMessageId: e.messageId, attempt: e.attempt }, "email not delivered"),
  });
}

export async function createAuthFor(
  handle: DatabaseHandle,
  config: ServerConfig,
  mailer?: Mailer,
  logger?: Logger,
): Promise<Auth> {
  const secret = await resolveAuthSecret(handle.db, config.secret);
  return createAuth(handle.db, {
    secret,
    baseURL: config.publicUrl,
    secureCookies: config.secureCookies,
    trustedOrigins: config.trustedOrigins,
    sessionIdleSeconds: config.sessionIdleSeconds,
    sessionAbsoluteSeconds: config.sessionAbsoluteSeconds,
    accountMail: mailer && {
      db: handle.db,
      mailer,
      links: accountLinksOf(config),
      onError: () => logger?.error("the password reset email could not be written"),
    },
  });
}
