// Builds the HTTP application: security layers, sessions, every module's routes, the browser app.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { etag } from "hono/etag";
import { matchedRoutes, routePath } from "hono/route";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../db/client";
import type { JobQueue } from "../kernel";
import {
  type AccountLinks,
  type Auth,
  accessRoutes,
  auditActivityRoutes,
  breakGlassRoutes,
  CLIENT_IP_HEADER,
  DEFAULT_INVITATION_DAYS,
  loadUserActor,
  UserInputSchema,
} from "../modules/access";
import { agreementRoutes, documentTooLarge, MAX_DOCUMENT_BYTES } from "../modules/agreements";
import { changeRoutes } from "../modules/changes";
import { coordinationRoutes } from "../modules/coordination";
import { importRoutes, loadRoutes } from "../modules/imports";
import {
  incidentRoutes,
  incidentsDemoRoutes,
  referralRoutes,
  serviceProviderRoutes,
} from "../modules/incidents";
import { libraryRoutes } from "../modules/library";
import { createMailer, type Mailer, mailRoutes } from "../modules/mail";
import { meetingRoutes } from "../modules/meetings";
import {
  followUpActionRoutes,
  monitoringDemoRoutes,
  monitoringPlanRoutes,
  occupancyRoutes,
  placePartnerRoutes,
  recommendationPartnerRoutes,
  recommendationRoutes,
  visitRoutes,
} from "../modules/monitoring";
import { organisationRoutes } from "../modules/organisations";
import { partnershipDemoRoutes, partnershipRoutes } from "../modules/partnerships";
import {
  BOUNDARY_UPLOAD_PATH,
  MAX_BOUNDARY_BYTES,
  placeBoundaryRoutes,
  placeRoutes,
} from "../modules/places";
import { profileRoutes } from "../modules/profiles";
import { programmeRoutes, resultsTableRoutes, sectorThemeRoutes } from "../modules/programmes";
import { publicPageRoutes, publicPortalRoutes } from "../modules/public";
import { reportingRoutes } from "../modules/reporting";
import { statusReportDemoRoutes, statusReportRoutes } from "../modules/status-report";
import { themeRoutes } from "../modules/themes";
import { AppError, type FieldError } from "../shared/app-errors";
import { parseInput } from "../shared/validation";
import { createActorCache } from "./actor-cache";
import { apiDocsRoutes, serveApiDocument } from "./api-docs";
import { describeAuthEndpoints, SignInEmailBodySchema } from "./auth-docs";
import { clientAddressOf } from "./client-address";
import { API_COMPRESSION, compressAnswers, PUBLIC_COMPRESSION } from "./compress-json";
import { type AppEnv, createRouter, FieldErrorSchema } from "./http";
import { loggedError } from "./log-safety";
import { problemFor, problemFromError } from "./problem";
import { refuseUnreadableText } from "./request-text";

export type AppOptions = {
  handle: DatabaseHandle;
  auth: Auth;
  logger: Logger;
  version: string;
  /** Origins allowed to send unsafe requests besides the request's own (e.g. the public URL). */
  trustedOrigins: string[];
  /**
   * How many proxies of ours stand in front (TRUST_PROXY): the client address is the N-th X-Forwarded-For entry
   * from the right. 0 or false: the socket's address; true: one proxy.
   */
  trustProxy: number | boolean;
  /** Folder of the built browser app; absent in API-only tests. */
  webDir?: string;
  bodyLimitBytes?: number;
  /** Outgoing email; without one, messages stay in the outbox. */
  mailer?: Mailer;
  /** The job queue the server started: use cases send background work (text extraction) with it. */
  jobs?: JobQueue;
  /** Where emailed links point; defaults to the first trusted origin. */
  accountLinks?: AccountLinks;
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The endpoints that take a file (documents, report attachments, status-report and results-table imports): multipart/form-data, up to the document size limit. */
const DOCUMENT_UPLOAD_PATH =
  /^\/api\/(?:agreements\/[^/]+\/documents|submissions\/[^/]+\/attachments|incidents\/[^/]+\/attachments|monitoring-visits\/[^/]+\/findings\/[^/]+\/files|recommendations\/[^/]+\/status-changes\/[^/]+\/evidence|imports\/status-report(?:\/preview)?|occupancy\/import|programmes\/(?:[^/]+\/)?results-table|library\/documents)$/;
const isDocumentUpload = (c: Context<AppEnv>) =>
  c.req.method === "POST" && DOCUMENT_UPLOAD_PATH.test(c.req.path);
// Room for the multipart boundaries and the other fields around the file.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function clientAddress(c: Context<AppEnv>, trustProxy: number | boolean): string | undefined {
  let socketAddress: string | undefined;
  try {
    socketAddress = getConnInfo(c).remote.address;
  } catch {
    socketAddress = undefined; // in-process requests (tests) have no socket
  }
  const hops = trustProxy === true ? 1 : trustProxy === false ? 0 : trustProxy;
  return clientAddressOf(c.req.header("x-forwarded-for"), socketAddress, hops);
}

type App = ReturnType<typeof createRouter>;

/** The route that answered, as declared ("/api/organisations/:id"): middlewares are registered for every method. */
function answeringRoute(c: Context<AppEnv>): string {
  const handler = matchedRoutes(c).findLast((r) => r.method !== "ALL");
  return handler?.path ?? routePath(c, -1);
}

/**
 * Per request: an id (kept from X-Request-Id), the database and auth in the context, one log line with the request
 * id and the signed-in user's id. The line names the matched route ("/api/organisations/:id"), never the path or
 * the query string as sent: both can carry what a user typed.
 */
function addRequestContext(app: App, options: AppOptions): void {
  const mailer =
    options.mailer ??
    createMailer({ db: options.handle.db, smtpUrl: undefined, from: "Ubufatanye <no-reply@localhost>" });
  const accountLinks = options.accountLinks ?? {
    publicUrl: options.trustedOrigins[0] ?? "http://localhost:3000",
    invitationDays: DEFAULT_INVITATION_DAYS,
  };
  app.use("*", async (c, next) => {
    // Only a plain token is echoed back and logged: a client's header must not write into our logs.
    const given = c.req.header("x-request-id");
    const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    c.set("db", options.handle.db);
    c.set("databaseKind", options.handle.kind);
    c.set("auth", options.auth);
    c.set("mailer", mailer);
    c.set("jobs", options.jobs);
    c.set("accountLinks", accountLinks);
    c.set("actor", null);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const actor = c.get("actor");
    options.logger.info(
      {
        requestId,
        userId: actor?.kind === "user" ? actor.userId : null,
        method: c.req.method,
        route: answeringRoute(c),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
}

/**
 * Nothing the API answers is kept by a browser, a shared computer's cache or a proxy: JSON, problems, exports and
 * downloads all carry `Cache-Control: no-store` (the browser app's hashed assets keep their own long caching; the
 * district shapes say private, no-cache).
 */
function forbidCachingOfApiAnswers(app: App): void {
  app.use("/api/*", async (c, next) => {
    await next();
    // The public portal's API answers only what is published, the same to everyone: it says how long to keep it
    // (its refusals are not kept).
    if (isPublicPath(c.req.path) && c.res.ok && /\bpublic\b/.test(c.res.headers.get("cache-control") ?? ""))
      return;
    // A route that says no-cache itself keeps it: the district shapes (public reference data, megabytes) are
    // revalidated by ETag on every use, never used unchecked.
    if (/\bno-(?:store|cache)\b/.test(c.res.headers.get("cache-control") ?? "")) return;
    try {
      c.res.headers.set("cache-control", "no-store");
    } catch {
      // A response whose headers are immutable (one made by fetch): copied with the header set.
      const headers = new Headers(c.res.headers);
      headers.set("cache-control", "no-store");
      c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
    }
  });
}

/** The public portal's pages and API (decision 031): no session needed, nothing unpublished. */
const isPublicPath = (path: string) => path === "/public" || /^\/(?:api\/)?public(?:\/|$)/.test(path);

/**
 * Answers go out compressed by one layer (src/server/compress-json.ts): the API's JSON from 8 KB; the public portal,
 * read on phones over slow mobile data, from 1 KB, pages and files too. The app's assets are precompressed at build.
 */
function compressAnswersByPath(app: App): void {
  app.use(
    "*",
    compressAnswers((path) =>
      isPublicPath(path) ? PUBLIC_COMPRESSION : path.startsWith("/api/") ? API_COMPRESSION : null,
    ),
  );
}

/** The public portal's answers carry an ETag (of what is sent before compression), so a page read again is a 304. */
function tagPublicAnswers(app: App): void {
  const tag = etag({ weak: true });
  app.use("*", (c, next) => (isPublicPath(c.req.path) ? tag(c, next) : next()));
}

/** Bytes that are not UTF-8 and U+0000 anywhere in an API request: 400 or 422 naming where, before any route. */
function refuseUnreadableRequestText(app: App): void {
  app.use("/api/*", refuseUnreadableText());
}

/** A strict content security policy: the app loads nothing from elsewhere. */
function addSecurityHeaders(app: App): void {
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The app (Preact) and Swagger UI set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
    }),
  );
}

/** Body size limits: 1 MB of JSON, documents and boundary files with their own limits named in the problem. */
function limitRequestBodies(app: App, options: AppOptions): void {
  const jsonBodyLimit = bodyLimit({ maxSize: options.bodyLimitBytes ?? 1024 * 1024 });
  const uploadBodyLimit = bodyLimit({
    maxSize: MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD_BYTES,
    onError: () => {
      throw documentTooLarge();
    },
  });
  // District boundary files are large JSON: their own limit, named in the problem (issue 5).
  const boundaryBodyLimit = bodyLimit({
    maxSize: MAX_BOUNDARY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", "The boundary file is larger than 20 MB. Simplify the shapes.");
    },
  });
  app.use("/api/*", (c, next) =>
    isDocumentUpload(c)
      ? uploadBodyLimit(c, next)
      : c.req.method === "PUT" && c.req.path === BOUNDARY_UPLOAD_PATH
        ? boundaryBodyLimit(c, next)
        : jsonBodyLimit(c, next),
  );
}

/** Cross-site requests refused: Origin checked when a browser sends it, and JSON only on unsafe requests. */
function refuseCrossSiteRequests(app: App, options: AppOptions): void {
  const csrfCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || options.trustedOrigins.includes(origin),
  });
  // Browsers send Origin (and Sec-Fetch-Site) on every cross-site unsafe request; a request with neither
  // comes from a script or CLI client, which a forged page cannot make carry the user's cookie.
  app.use("/api/*", (c, next) =>
    c.req.header("origin") || c.req.header("sec-fetch-site") ? csrfCheck(c, next) : next(),
  );
  // JSON only on unsafe API requests: a cross-site form cannot send it without a CORS preflight we never grant.
  app.use("/api/*", async (c, next) => {
    if (UNSAFE.has(c.req.method) && !c.req.path.startsWith("/api/auth/")) {
      const type = c.req.header("content-type") ?? "";
      const hasBody = c.req.header("content-length") !== "0" && (c.req.header("content-length") || type);
      // The upload takes a file; the CSRF check above still refuses it from another site's page.
      const isJson = /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);
      const isUpload = isDocumentUpload(c) && /^multipart\/form-data\b/i.test(type);
      if (hasBody && !isJson && !isUpload) {
        throw new AppError("unsupported_media_type", "Send the request body as application/json.", [
          { path: "Content-Type", message: "Use application/json.", in: "header" },
        ]);
      }
    }
    await next();
  });
}

/**
 * Length limits better-auth does not hold on its own endpoints (it took a 20,000-character name on update-user, and
 * hashes a password of any length): the same rules as the app's own user schema, checked before it runs.
 */
const AUTH_BODY_SCHEMAS: Record<string, z.ZodType> = {
  "/api/auth/update-user": z.looseObject({
    name: UserInputSchema.shape.name.optional(),
    image: z.string().max(2000).nullable().optional(),
  }),
  "/api/auth/sign-in/email": SignInEmailBodySchema,
  "/api/auth/change-password": z.looseObject({
    currentPassword: z.string().max(128),
    newPassword: z.string().max(128),
  }),
  "/api/auth/request-password-reset": z.looseObject({
    email: z.string().max(254),
    redirectTo: z.string().max(2000).optional(),
  }),
  "/api/auth/reset-password": z.looseObject({ newPassword: z.string().max(128), token: z.string().max(256) }),
  "/api/auth/two-factor/enable": z.looseObject({ password: z.string().max(128) }),
  "/api/auth/two-factor/disable": z.looseObject({ password: z.string().max(128) }),
  "/api/auth/two-factor/get-totp-uri": z.looseObject({ password: z.string().max(128) }),
  "/api/auth/two-factor/generate-backup-codes": z.looseObject({ password: z.string().max(128) }),
  "/api/auth/two-factor/verify-totp": z.looseObject({ code: z.string().max(16) }),
  "/api/auth/two-factor/verify-backup-code": z.looseObject({ code: z.string().max(64) }),
};

async function checkAuthBody(c: Context<AppEnv>): Promise<void> {
  const schema = AUTH_BODY_SCHEMAS[c.req.path];
  if (!schema || c.req.method !== "POST") return;
  let body: unknown;
  try {
    body = await c.req.raw.clone().json();
  } catch {
    return; // better-auth answers unreadable JSON itself
  }
  parseInput(schema, body, "body");
}

/** better-auth under /api/auth, given the client address, its errors turned into problem details. */
function mountAuth(app: App, options: AppOptions): void {
  app.on(["GET", "POST"], "/api/auth/*", async (c) => {
    await checkAuthBody(c);
    const headers = new Headers(c.req.raw.headers);
    headers.delete(CLIENT_IP_HEADER);
    const address = clientAddress(c, options.trustProxy);
    if (address) headers.set(CLIENT_IP_HEADER, address);
    const request = new Request(c.req.raw, { headers });
    const response = await options.auth.handler(request);
    if (response.status < 400) return response;
    // Same error shape as the rest of the API: a problem with a readable detail.
    // Our own hooks may add field errors (the password rule on /reset-password): kept, so forms show them per field.
    let detail: string | undefined;
    let errors: FieldError[] | undefined;
    try {
      const body = (await response.clone().json()) as { message?: string; errors?: unknown };
      detail = body.message;
      const parsed = FieldErrorSchema.array().safeParse(body.errors);
      errors = parsed.success ? parsed.data : undefined;
    } catch {
      detail = undefined;
    }
    const problemHeaders = new Headers(response.headers);
    problemHeaders.set("content-type", "application/problem+json");
    problemHeaders.delete("content-length");
    return new Response(JSON.stringify(problemFor(response.status, detail, errors)), {
      status: response.status,
      headers: problemHeaders,
    });
  });
}

/** The signed-in user of each API request, with their grants, as the acting user. */
function resolveActingUser(app: App, options: AppOptions): void {
  // One per app instance: instances share only the database, whose auth epoch tells each when to read again.
  const actors = createActorCache(options.handle.db);
  app.use("/api/*", async (c, next) => {
    const actor = await actors.resolve(c.req.header("cookie"), async () => {
      const session = await options.auth.api.getSession({ headers: c.req.raw.headers });
      if (!session) return null;
      return {
        actor: await loadUserActor(options.handle.db, session.user.id),
        sessionEndsAt: new Date(session.session.expiresAt),
      };
    });
    if (actor) c.set("actor", actor);
    await next();
  });
}

/** Liveness, and which database answers. */
function mountHealth(app: App, options: AppOptions): void {
  app.openapi(
    {
      method: "get",
      path: "/api/health",
      tags: ["System"],
      security: [],
      summary: "Liveness and which database is in use",
      responses: {
        200: {
          description: "Healthy",
          content: {
            "application/json": {
              schema: z.object({
                status: z.literal("ok"),
                database: z.enum(["pglite", "postgresql"]),
                version: z.string(),
              }),
            },
          },
        },
      },
    },
    async (c) => {
      await options.handle.db.execute("select 1");
      return c.json({ status: "ok" as const, database: options.handle.kind, version: options.version }, 200);
    },
  );
}

/** The browser app: hashed assets cached for good, precompressed; every other path is a page of the app. */
function serveWebApp(app: App, options: AppOptions): void {
  if (!options.webDir || !existsSync(options.webDir)) return;
  const webDir = options.webDir;
  // Asset names carry a hash of their content: cached for good. Set once the file is found (serveStatic's own
  // onFound hook runs after the response is made, too late for a header).
  app.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set("cache-control", "public, max-age=31536000, immutable");
  });
  // The build writes .br and .gz beside each asset (vite.config.ts): sent to browsers that accept them.
  app.use("/assets/*", serveStatic({ root: webDir, precompressed: true }));
  // The service worker is looked for at one address: always revalidated, so a new build's worker is found at once.
  app.use("/sw.js", async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set("cache-control", "no-cache");
  });
  const files = serveStatic({ root: webDir, index: "" });
  // Only paths that name a file (favicon.svg…); every other path is a page of the browser app.
  app.use("*", (c, next) => (/\/[^/]+\.[a-z0-9]+$/i.test(c.req.path) ? files(c, next) : next()));
  const indexFile = join(webDir, "index.html");
  app.get("*", async (c) => {
    c.header("cache-control", "no-cache");
    return c.html(await readFile(indexFile, "utf8"));
  });
}

/** Unknown paths and every thrown error answer as problem details; unexpected ones are logged with the request id. */
function handleErrors(app: App, options: AppOptions): void {
  app.notFound((c) =>
    c.json(problemFor(404, "Nothing here."), 404, { "content-type": "application/problem+json" }),
  );
  app.onError((error, c) => {
    const { status, body, unexpected } = problemFromError(error);
    if (unexpected) {
      const actor = c.get("actor");
      options.logger.error(
        {
          error: loggedError(error),
          requestId: c.get("requestId"),
          userId: actor?.kind === "user" ? actor.userId : null,
          method: c.req.method,
          route: answeringRoute(c),
        },
        "unexpected error",
      );
    }
    return c.json(body, status, { "content-type": "application/problem+json" });
  });
}

export function createApp(options: AppOptions) {
  const app = createRouter();
  addRequestContext(app, options);
  // Outside every other API layer, so that what they answer (problems too) is what gets compressed.
  // Outside every other layer, so that what they answer (problems too) is what gets compressed.
  compressAnswersByPath(app);
  forbidCachingOfApiAnswers(app);
  tagPublicAnswers(app);
  addSecurityHeaders(app);
  limitRequestBodies(app, options);
  refuseCrossSiteRequests(app, options);
  refuseUnreadableRequestText(app);
  mountAuth(app, options);
  resolveActingUser(app, options);
  mountHealth(app, options);

  const api = app
    .route("/", accessRoutes)
    .route("/", auditActivityRoutes)
    .route("/", changeRoutes)
    .route("/", breakGlassRoutes)
    .route("/", mailRoutes)
    .route("/", organisationRoutes)
    .route("/", profileRoutes)
    // Boundaries first: GET /api/places/{id} would otherwise answer /api/places/boundaries (404, not an id).
    .route("/", placeBoundaryRoutes)
    .route("/", placeRoutes)
    .route("/", agreementRoutes)
    .route("/", themeRoutes)
    .route("/", statusReportDemoRoutes)
    .route("/", statusReportRoutes)
    .route("/", importRoutes)
    .route("/", loadRoutes)
    .route("/", programmeRoutes)
    .route("/", sectorThemeRoutes)
    .route("/", resultsTableRoutes)
    .route("/", coordinationRoutes)
    .route("/", reportingRoutes)
    .route("/", meetingRoutes)
    .route("/", partnershipRoutes)
    .route("/", partnershipDemoRoutes)
    .route("/", incidentRoutes)
    .route("/", visitRoutes)
    .route("/", serviceProviderRoutes)
    .route("/", recommendationRoutes)
    .route("/", followUpActionRoutes)
    .route("/", referralRoutes)
    .route("/", incidentsDemoRoutes)
    .route("/", monitoringPlanRoutes)
    .route("/", placePartnerRoutes)
    .route("/", recommendationPartnerRoutes)
    .route("/", occupancyRoutes)
    .route("/", monitoringDemoRoutes)
    .route("/", libraryRoutes)
    .route("/", publicPortalRoutes);

  describeAuthEndpoints(app);
  serveApiDocument(
    app,
    {
      title: "Ubufatanye API",
      version: options.version,
      description:
        "The shared register of Rwanda's justice, rule-of-law and human-rights sector. Sign in with POST /api/auth/sign-in/email and send the session cookie it sets. Errors are RFC 9457 problem details; changes need If-Match with the ETag last read.",
    },
    async () => (await options.auth.$context).authCookies.sessionToken.name,
  );
  app.route("/", apiDocsRoutes);
  app.route("/", publicPageRoutes);
  app.all("/api/*", () => {
    throw new AppError("not_found", "There is no such API endpoint.");
  });
  serveWebApp(app, options);
  handleErrors(app, options);

  return api;
}

export type AppType = ReturnType<typeof createApp>;
