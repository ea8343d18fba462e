// `npm start`: builds the browser app if needed, prepares the database and serves UI + API.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { DataDirLockedError } from "../db/data-dir-lock";
import { createApp } from "./app";
import { APP_VERSION, createAuthFor, createLogger, prepareDatabase, serverConfigFromEnv } from "./bootstrap";

const WEB_DIR = fileURLToPath(new URL("../../dist/web", import.meta.url));

async function buildWebIfMissing(logger: ReturnType<typeof createLogger>): Promise<void> {
  if (existsSync(`${WEB_DIR}/index.html`)) return;
  logger.info("building the browser app (first start)");
  const { build } = await import("vite");
  await build({
    configFile: fileURLToPath(new URL("../../vite.config.ts", import.meta.url)),
    logLevel: "warn",
  });
}

async function main(): Promise<void> {
  const logger = createLogger();
  const config = serverConfigFromEnv();
  await buildWebIfMissing(logger);
  const handle = await prepareDatabase(undefined, logger);
  const auth = await createAuthFor(handle, config);
  const app = createApp({
    handle,
    auth,
    logger,
    version: APP_VERSION,
    trustedOrigins: config.trustedOrigins,
    trustProxy: config.trustProxy,
    webDir: WEB_DIR,
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info(
      { url: config.publicUrl, port: info.port, database: handle.kind, dataDir: handle.dataDir },
      `Ubufatanye is listening on ${config.publicUrl}`,
    );
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    server.close();
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
