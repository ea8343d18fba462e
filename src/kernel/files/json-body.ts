// A JSON request body read as the routers read it (same refusals, same field paths), but in a parsing worker: a body
// of megabytes, or nested a million arrays deep, costs the worker, never the request thread.
import type { z } from "zod";
import { AppError } from "../../shared/app-errors";
import { requestInputError } from "../../shared/validation";
import { codeModuleUrl } from "../runtime-files";
import type { FileLimits } from "./file-limits";
import { parseOffThread } from "./off-thread";

/** A Zod schema the worker can load: the module that exports it (a file URL) and its export's name. */
export type SchemaRef = { module: URL; exportName: string };

/** What a limit refusal names: the whole body (path "", in "body", as other whole-body refusals). */
const BODY = { file: "The request body", field: "" };

/**
 * A body parsed and checked with `schema`, refused exactly as the routers refuse a JSON body: 400 when it is not JSON,
 * 422 naming every invalid field and every string holding U+0000. `body` is its bytes (UTF-8, already checked by the
 * server) or its text; null stands for a request without a JSON Content-Type, which the routers check as `{}`.
 */
export function readJsonBody<S extends z.ZodType>(body: ArrayBuffer | string | null, schema: S): z.output<S> {
  // As Request.text() decodes: UTF-8, a byte order mark dropped.
  const text = body instanceof ArrayBuffer ? new TextDecoder().decode(body) : body;
  let input: unknown = {};
  if (text !== null) {
    try {
      input = JSON.parse(text);
    } catch {
      // The words the server answers a body its router could not parse with (server/problem.ts).
      throw new AppError("bad_request", "The request body is not valid JSON.");
    }
  }
  // JSON text holds U+0000 only as the escape \u0000: without one there is none to look for, and the walk through
  // every value (a place per value: ~300 MB for 2 million points) is saved.
  const mayHoldNul = text?.includes("\\u0000") ?? false;
  const result = schema.safeParse(input);
  const error = result.success
    ? requestInputError(undefined, result.data, "body", mayHoldNul)
    : requestInputError(result.error, input, "body", mayHoldNul);
  if (error) throw error;
  return result.data as z.output<S>;
}

/** In the worker: loads the schema module, then reads the body with it. */
export async function readJsonBodyWithSchema(
  body: ArrayBuffer | null,
  schemaModule: string,
  exportName: string,
): Promise<unknown> {
  const loaded: Record<string, unknown> = await import(schemaModule);
  const schema = loaded[exportName];
  if (!isSchema(schema)) throw new Error(`${schemaModule} exports no Zod schema ${exportName}`);
  return readJsonBody(body, schema);
}

const isSchema = (value: unknown): value is z.ZodType =>
  typeof value === "object" && value !== null && typeof (value as z.ZodType).safeParse === "function";

/**
 * The body read in a parsing worker; only the checked value crosses back (for a z.object, the declared keys). The
 * bytes are handed over, not copied: `body` is unusable here afterwards.
 */
export function readJsonBodyOffThread<T>(
  body: ArrayBuffer | null,
  schema: SchemaRef,
  limits?: FileLimits,
): Promise<T> {
  return parseOffThread<T>({
    module: codeModuleUrl("kernel/files/json-body.ts"),
    exportName: "readJsonBodyWithSchema",
    args: [body, schema.module.href, schema.exportName],
    transfer: body ? [body] : [],
    ...BODY,
    ...(limits ? { limits } : {}),
  });
}
