// `openapi`: the OpenAPI 3.1 document, exactly as the server serves it at /api/openapi.json.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import pino from "pino";
import { openDatabase } from "../../db/client";
import { createAuth } from "../../modules/access";
import { createApp } from "../../server/app";
import { APP_VERSION } from "../../server/bootstrap";
import { CliError, type RunCommand } from "../cli-command";

const ORIGIN = "http://127.0.0.1";

/**
 * Builds the app and asks it for the document. Producing it needs no database, so the app gets a pool that
 * never connects (connections open on first query): if serving the document ever queries, this fails loudly.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const handle = await openDatabase({
    kind: "postgresql",
    url: "postgresql://127.0.0.1:1/no-database",
    poolSize: 1,
  });
  try {
    const auth = createAuth(handle.db, {
      secret: randomBytes(32).toString("base64url"),
      baseURL: ORIGIN,
      secureCookies: false,
    });
    const app = createApp({
      handle,
      auth,
      logger: pino({ level: "silent" }),
      version: APP_VERSION,
      trustedOrigins: [],
      trustProxy: false,
    });
    const response = await app.request(`${ORIGIN}/api/openapi.json`);
    if (response.status !== 200) {
      throw new CliError(
        `The app answered ${response.status} for /api/openapi.json: ${await response.text()}`,
      );
    }
    return `${JSON.stringify(await response.json(), null, 2)}\n`;
  } finally {
    await handle.close();
  }
}

export const runOpenApi: RunCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { out: { type: "string" } }, strict: true });
  const document = await renderOpenApiDocument();
  if (values.out === undefined) {
    io.out(document.trimEnd());
    return;
  }
  await writeFile(values.out, document);
  io.err(`Wrote the OpenAPI document to ${values.out}.`);
};
