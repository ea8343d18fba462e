// What every *.routes.ts shares: the request environment, the router factory, versions and problem details.
import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Database, DatabaseKind } from "../db/client";
import type { Actor, JobQueue, ServiceContext } from "../kernel";
import { readJsonBodyOffThread, type SchemaRef } from "../kernel/files";
import type { AccountLinks, Auth } from "../modules/access";
import type { Mailer } from "../modules/mail";
import { AppError, type FieldError } from "../shared/app-errors";
import { requestInputError } from "../shared/validation";

export { problemFromError } from "./problem";
export { type ProgressListener, streamWithProgress, wantsProgress } from "./progress-stream";

export type AppEnv = {
  Variables: {
    db: Database;
    databaseKind: DatabaseKind;
    auth: Auth;
    /** Outgoing email: queue in the transaction, then `deliverSoon()` after commit. */
    mailer: Mailer;
    /** Where account links (invitation, password reset) point, and how long an invitation lasts. */
    accountLinks: AccountLinks;
    actor: Actor | null;
    requestId: string;
    /** The job queue when the server runs one (absent in API-only tests and the OpenAPI export). */
    jobs: JobQueue | undefined;
  };
};

/**
 * A router whose request validation failures become 422 problems with every field's path. A JSON body's strings
 * holding U+0000 (PostgreSQL text cannot store it) are refused with the other invalid fields, on every route.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      const location: FieldError["in"] =
        result.target === "json" || result.target === "form"
          ? "body"
          : result.target === "param"
            ? "path"
            : result.target === "header"
              ? "header"
              : "query";
      // The hook gets the request's input as `data` on failure too (the parsed output on success).
      const value: unknown = "data" in result ? result.data : undefined;
      const error = requestInputError(
        result.success ? undefined : result.error,
        value,
        location,
        result.target === "json",
      );
      if (error) throw error;
    },
  });
}

/** zod-openapi's test of a request's Content-Type against a declared JSON body (a 415 when it fails). */
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * The bytes of a JSON body the router did not read (a route declared with `bodyReadOffThread`), after the checks the
 * router makes first: another Content-Type, or a body without one, is a 415; no Content-Type and no body is null
 * (the router would check `{}`). Hand them to a parsing worker: decoding them here would cost the request thread.
 */
export async function jsonBodyBytes(c: Context<AppEnv>): Promise<ArrayBuffer | null> {
  const type = c.req.header("content-type");
  const bytes = await c.req.arrayBuffer();
  if (type ? !JSON_REQUEST.test(type) : bytes.byteLength > 0)
    throw new HTTPException(415, { message: "Unsupported Media Type" });
  return type ? bytes : null;
}

type JsonBodyRoute = RouteConfig & {
  request: { body: { content: { "application/json": { schema: z.ZodType } } } };
};
type RouteWithoutBody<R extends JsonBodyRoute> = Omit<R, "request"> & {
  request: Omit<R["request"], "body">;
};

/**
 * A route whose JSON body may be megabytes or nested a million deep. The router's own validator would JSON.parse it
 * on the request thread before the handler runs; here the OpenAPI document (and the typed client) describe `route` as
 * declared, and the router gets it without that validator. Given `schema` (the declared body schema, by module and
 * export name, so the worker can load it), the route's middleware reads the body in a parsing worker and
 * `c.req.valid("json")` holds what the router would have put there, refusals alike; without it, the handler takes
 * `jsonBodyBytes(c)` and reads them off the thread itself.
 */
export function bodyReadOffThread<const R extends JsonBodyRoute>(
  router: Pick<OpenAPIHono<AppEnv>, "openAPIRegistry">,
  route: R,
  schema: SchemaRef,
): R;
export function bodyReadOffThread<const R extends JsonBodyRoute>(
  router: Pick<OpenAPIHono<AppEnv>, "openAPIRegistry">,
  route: R,
): RouteWithoutBody<R>;
export function bodyReadOffThread(
  router: Pick<OpenAPIHono<AppEnv>, "openAPIRegistry">,
  route: JsonBodyRoute,
  schema?: SchemaRef,
): JsonBodyRoute | RouteWithoutBody<JsonBodyRoute> {
  router.openAPIRegistry.registerPath(route);
  const { body: _described, ...request } = route.request;
  const declared = route.request.body.content["application/json"].schema;
  let checked = false;
  const readBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!schema) return next();
    if (!checked) {
      // The worker loads the schema by name: it must be the one the document describes.
      const loaded: Record<string, unknown> = await import(schema.module.href);
      if (loaded[schema.exportName] !== declared)
        throw new Error(
          `${route.method} ${route.path}: ${schema.exportName} is not the body schema it declares`,
        );
      checked = true;
    }
    const value: object = await readJsonBodyOffThread(await jsonBodyBytes(c), schema);
    c.req.addValidatedData("json", value);
    await next();
  };
  const middleware = route.middleware === undefined ? [] : [route.middleware].flat();
  return { ...route, request, hide: true, middleware: [...middleware, readBody] };
}

/** An OpenAPI JSON response with its description. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** The signed-in caller, or a 401; with the request's id, which every audit row the request writes carries. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const actor = c.get("actor");
  if (!actor) throw new AppError("unauthenticated", "Sign in to use this.");
  const jobs = c.get("jobs");
  return { db: c.get("db"), actor, requestId: c.get("requestId"), ...(jobs ? { jobs } : {}) };
}

export const etagOf = (version: number) => `"${version}"`;

/** The version the client last saw, from If-Match: missing → 428, unreadable → 400. */
export function expectedVersion(c: Context<AppEnv>): number {
  const header = c.req.header("if-match");
  if (!header) {
    throw new AppError(
      "precondition_required",
      "Send the If-Match header with the version (ETag) you last read.",
      [{ path: "If-Match", message: "This header is required when changing a record.", in: "header" }],
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new AppError("validation", "The If-Match header is not a version this server gave out.", [
      { path: "If-Match", message: 'Use the ETag value, such as "3".', in: "header" },
    ]);
  }
  return Number(match[1]);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A malformed id cannot name a record: answer 404 like any unknown id. */
export function recordId(value: string, label: string): string {
  if (!UUID_RE.test(value)) throw new AppError("not_found", `${label} was not found.`);
  return value;
}

/** One field's error in a problem (the shape of FieldError in shared/app-errors). */
export const FieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  in: z.enum(["body", "query", "path", "header"]).optional(),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error responses most routes can give, for the OpenAPI document. */
export const problemResponses = {
  400: problem("The request could not be read"),
  401: problem("Not signed in"),
  403: problem("The caller's role does not allow this"),
  404: problem("Not found, or outside the caller's scope"),
  422: problem("Some fields are not valid; errors[] names each"),
};
export const versionedProblemResponses = {
  ...problemResponses,
  409: problem("Conflicts with another record"),
  412: problem("The record changed since the version in If-Match"),
  428: problem("If-Match is missing"),
};

export const IfMatchHeaderSchema = z.object({
  "if-match": z.string().optional().openapi({ description: 'The ETag last read, e.g. "3". Required.' }),
});

/** The ETag header a versioned answer carries, for the OpenAPI document. */
const EtagHeaders = z.object({
  ETag: z.string().openapi({ description: 'The record\'s version, e.g. "3"; send it back as If-Match.' }),
});

type VersionedRouteConfig = Omit<RouteConfig, "path" | "request"> & {
  method: "patch" | "delete" | "post" | "put";
  request?: Omit<NonNullable<RouteConfig["request"]>, "headers">;
};

/**
 * A route that changes a record the client read: declares the If-Match header, the 412 and 428 answers and the
 * ETag of a successful answer. Its handler reads the version with `expectedVersion(c)` before anything else, so
 * a missing If-Match answers 428 whatever the record. Every PATCH and DELETE is declared with it (a test walks
 * the OpenAPI document and sends each one without, and with a stale, If-Match).
 */
type WithIfMatch<R extends VersionedRouteConfig> = Omit<R, "request" | "responses"> & {
  request: NonNullable<R["request"]> & { headers: typeof IfMatchHeaderSchema };
  responses: R["responses"] & typeof versionedProblemResponses;
};

// `const R`: inside a router's .openapi(…) call, the path would otherwise be inferred from the context as string.
export function versionedRoute<const R extends VersionedRouteConfig & { path: string }>(config: R) {
  const responses: RouteConfig["responses"] = {};
  for (const [status, response] of Object.entries(config.responses)) {
    responses[status] =
      status.startsWith("2") && "content" in response && response.content
        ? { ...response, headers: EtagHeaders }
        : response;
  }
  // TypeScript cannot follow a spread of a generic object; the object built here is exactly WithIfMatch<R>.
  const route = {
    ...config,
    request: { ...config.request, headers: IfMatchHeaderSchema },
    responses: { ...responses, ...versionedProblemResponses },
  } as unknown as WithIfMatch<R> & { path: R["path"] };
  return createRoute<R["path"], WithIfMatch<R> & { path: R["path"] }>(route);
}

/** Answers a record's JSON with its version as the ETag, the value a later change sends back as If-Match. */
export function jsonWithVersion<T extends { version: number }, S extends 200 | 201>(
  c: Context<AppEnv>,
  record: T,
  status: S,
) {
  c.header("ETag", etagOf(record.version));
  return c.json(record, status);
}
