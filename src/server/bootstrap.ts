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
import { type Auth, createAuth, resolveAuthSecret } from "../modules/access";
import { loadBuiltInThemes } from "../modules/agreements";
import { loadReferencePlaces } from "../modules/places";

export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export type ServerConfig = {
  host: string;
  port: number;
  publicUrl: string;
  trustedOrigins: string[];
  trustProxy: boolean;
  secureCookies: boolean;
  secret: string | undefined;
};

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
  return {
    host,
    port,
    publicUrl,
    trustedOrigins: [...new Set([new URL(publicUrl).origin, ...(env.PUBLIC_URL ? [] : local)])],
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    // Secure cookies whenever the app is reached over https (always in production behind TLS).
    secureCookies: publicUrl.startsWith("https://") || env.SECURE_COOKIES === "1",
    secret: env.UBUFATANYE_SECRET,
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

/** Open → migrate → reference data. The caller closes the handle. */
export async function prepareDatabase(
  options: OpenDatabaseOptions = databaseOptionsFromEnv(),
  logger?: Logger,
): Promise<DatabaseHandle> {
  const handle = await openDatabase(options);
  try {
    await migrateDatabase(handle);
    const changed = await loadReferencePlaces(handle.db);
    if (changed > 0) logger?.info({ changed }, "reference places loaded");
    const themes = await loadBuiltInThemes(handle.db);
    if (themes > 0) logger?.info({ changed: themes }, "built-in themes loaded");
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export async function createAuthFor(handle: DatabaseHandle, config: ServerConfig): Promise<Auth> {
  const secret = await resolveAuthSecret(handle.db, config.secret);
  return createAuth(handle.db, {
    secret,
    baseURL: config.publicUrl,
    secureCookies: config.secureCookies,
    trustedOrigins: config.trustedOrigins,
  });
}
