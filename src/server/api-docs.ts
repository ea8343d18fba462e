// The API's contract for integrators: the OpenAPI document at /api/openapi.json (security schemes, servers, an
// operationId for every operation) and its reference at /api/docs (Swagger UI from the local swagger-ui-dist, no CDN).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "./http";

type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;
type DocumentInfo = Parameters<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>[0]["info"];
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * The operationId of an operation that does not name its own: the method, then the path's words with each
 * parameter as "By<Name>" ("GET /api/agreements/{id}/history" → getAgreementsByIdHistory). Derived, so that every
 * new route has one and it changes only when the route's method or path does.
 */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split("/")
    .flatMap((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      const parts = (parameter?.[1] ?? segment).split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
      return parameter ? ["by", ...parts] : parts;
    });
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/**
 * Completes the document the routes describe: who may call (the session cookie, required unless an operation
 * says `security: []`), where (`servers`: the address the document was read from), and an operationId for
 * every operation, unique (a clash is a programming error, thrown when the document is built).
 */
export function completeApiDocument(document: OpenApiDocument, sessionCookieName: string): OpenApiDocument {
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId ??= operationIdFor(method, path);
      const other = seen.get(operation.operationId);
      if (other)
        throw new Error(`operationId ${operation.operationId} of ${method} ${path} is also ${other}'s`);
      seen.set(operation.operationId, `${method} ${path}`);
    }
  }
  return {
    ...document,
    servers: [{ url: "/", description: "The server this document was read from" }],
    security: [{ sessionCookie: [] }],
    components: {
      ...document.components,
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: sessionCookieName,
          description:
            "The session cookie that signing in (POST /api/auth/sign-in/email) sets. Requests that carry it from a script send no Origin header, or this server's own; the API has no bearer tokens.",
        },
      },
    },
  };
}

/**
 * Serves the completed document at /api/openapi.json, built at the first request (the routes are all mounted by
 * then) and kept: the routes do not change while the process runs.
 */
export function serveApiDocument(
  app: OpenAPIHono<AppEnv>,
  info: DocumentInfo,
  sessionCookieName: () => Promise<string>,
): void {
  let built: Promise<OpenApiDocument> | undefined;
  app.get("/api/openapi.json", async (c) => {
    built ??= sessionCookieName().then((name) =>
      completeApiDocument(app.getOpenAPI31Document({ openapi: "3.1.0", info }), name),
    );
    try {
      return c.json(await built);
    } catch (error) {
      built = undefined; // the next request tries again, and this one answers 500 like any unexpected error
      throw error;
    }
  });
}

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve("swagger-ui-dist/package.json"));
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ubufatanye API</title><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

// A file rather than an inline script, so the page works under a CSP without 'unsafe-inline'.
const INIT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

export const apiDocsRoutes = new Hono<AppEnv>()
  .get("/api/docs", (c) => c.html(PAGE))
  .get("/api/docs/init.js", (c) => c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8" }))
  .get("/api/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return c.notFound();
    const body = await readFile(join(SWAGGER_DIR, file));
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
