// `npm start`: builds the browser app if needed, prepares the database and serves UI + API.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { serve } from "@hono/node-server";
import { DataDirLockedError } from "../db/data-dir-lock";
import { listenForBackups } from "../db/pglite-backup";
import { keyringNotice, loadFieldKeyringOnce } from "../kernel/crypto";
import { PROJECT_ROOT, projectFile } from "../kernel/runtime-files";
import { isSetupNeeded } from "../modules/access";
import { createApp } from "./app";
import { startBackgroundJobs } from "./background-jobs";
import {
  APP_VERSION,
  accountLinksOf,
  createAuthFor,
  createLogger,
  createMailerFor,
  pageToOpen,
  prepareDatabase,
  serverConfigFromEnv,
} from "./bootstrap";

const WEB_DIR = projectFile("dist/web");

/**
 * Builds the browser app in a child process (vite build, as `npm run build` does): built inside the server,
 * Vite and its bundler kept ~280 MB of the server's memory for good (652 MB after a first start, 376 MB after
 * a second one that found the app built).
 */
async function buildWebIfMissing(logger: ReturnType<typeof createLogger>): Promise<void> {
  if (existsSync(`${WEB_DIR}/index.html`)) return;
  logger.info("building the browser app (first start)");
  const vite = join(dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin", "vite.js");
  const root = PROJECT_ROOT;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, "build", "--logLevel", "warn"], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`Building the browser app failed (vite build exited with ${code}).`)),
    );
  });
}

async function main(): Promise<void> {
  const logger = createLogger();
  const config = serverConfigFromEnv();
  await buildWebIfMissing(logger);
  // The field-encryption keys (decision 020): a bad configuration stops the start here, not at the first incident.
  const keys = loadFieldKeyringOnce();
  const keysNotice = keyringNotice(keys);
  if (keysNotice) logger.warn(keysNotice);
  const handle = await prepareDatabase(undefined, logger);
  const mailer = createMailerFor(handle, config, logger);
  const auth = await createAuthFor(handle, config, mailer, logger);
  // Messages left unsent by an earlier run (server down, process stopped mid-send) go out now.
  mailer.deliverSoon();
  // Scheduled work (decision 015): started after the migrations, which built the queue's tables.
  const jobs = await startBackgroundJobs(handle, { mailer, logger, siteUrl: config.publicUrl });
  // `npm run cli -- backup` asks this process for the dump while it holds the embedded data folder.
  const backups =
    handle.pglite && handle.dataDir ? await listenForBackups(handle.pglite, handle.dataDir, logger) : null;
  const app = createApp({
    handle,
    auth,
    logger,
    version: APP_VERSION,
    trustedOrigins: config.trustedOrigins,
    trustProxy: config.trustProxy,
    webDir: WEB_DIR,
    mailer,
    jobs,
    accountLinks: accountLinksOf(config),
  });
  const open = pageToOpen(config.publicUrl, await isSetupNeeded(handle.db));
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info(
      {
        url: config.publicUrl,
        port: info.port,
        database: handle.kind,
        dataDir: handle.dataDir,
        mail: mailer.delivery === "smtp" ? "smtp" : "outbox only (no SMTP_URL)",
      },
      `Ubufatanye is listening on ${config.publicUrl}`,
    );
    logger.info({ open: open.url }, open.text);
    // In a terminal, also as a plain line: the JSON log above is for machines, this is for the person who ran it.
    if (process.stdout.isTTY && process.env.LOG_PRETTY !== "1") process.stdout.write(`\n  ${open.text}\n\n`);
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    server.close();
    // Running jobs finish (or fail, to be retried by another instance or the next start) before the database closes.
    await jobs.stop({ timeoutMs: 20_000 });
    await mailer.close();
    await backups?.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
