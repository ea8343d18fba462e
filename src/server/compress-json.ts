// JSON answers of some size go out compressed (issue 20): the 3W matrix's answer was 521 KB as sent, and a district
// office's connection is often 3G. Brotli when the client accepts it (a quality that costs a few milliseconds for
// half a megabyte), else gzip; small answers go as they are, where compressing costs more than it saves.
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { MiddlewareHandler } from "hono";

/** Answers smaller than this go uncompressed: a list page or a record is a few kilobytes. */
export const COMPRESS_JSON_FROM_BYTES = 8 * 1024;

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\b/i;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The encoding to answer in, from an Accept-Encoding header: "br", "gzip" or none (q=0 refuses one). */
export function chosenEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    accepted.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = accepted.get("*");
  const weightOf = (name: string) => accepted.get(name) ?? wildcard ?? 0;
  if (weightOf("br") > 0) return "br";
  if (weightOf("gzip") > 0) return "gzip";
  return null;
}

/** `body` as the API sends it in `encoding` (brotli at quality 4: ~5 ms for half a megabyte of JSON). */
export function compressedAs(body: Buffer, encoding: "br" | "gzip"): Promise<Buffer> {
  return encoding === "br"
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: 6 });
}

/** What a group of paths gets compressed: answers of these content types, from this many bytes. */
export type CompressionRule = { fromBytes: number; types: RegExp };

/** The API's JSON answers (problems too), from 8 KB. */
export const API_COMPRESSION: CompressionRule = { fromBytes: COMPRESS_JSON_FROM_BYTES, types: JSON_TYPE };

/**
 * The public portal (decision 031), read on phones over slow mobile data: its pages, JSON, CSV and IATI XML from 1 KB.
 */
export const PUBLIC_COMPRESSION: CompressionRule = {
  fromBytes: 1024,
  types: /^(?:text\/(?:html|csv|plain)|application\/(?:[\w.-]+\+)?(?:json|xml))\b/i,
};

/**
 * Compresses answers by the rule for their path (none: left alone) for clients that accept it, and says Vary:
 * Accept-Encoding on every answer a rule covers. The one compression layer of the app: the API's JSON and the public
 * portal's pages go through it alike.
 */
export function compressAnswers(ruleFor: (path: string) => CompressionRule | null): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const rule = ruleFor(c.req.path);
    const res = c.res;
    if (!rule || c.req.method === "HEAD" || !res.body || res.headers.has("content-encoding")) return;
    if (!rule.types.test(res.headers.get("content-type") ?? "")) return;
    const encoding = chosenEncoding(c.req.header("accept-encoding"));
    const body = Buffer.from(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    headers.append("vary", "accept-encoding");
    let sent: Buffer = body;
    if (encoding && body.length >= rule.fromBytes) {
      sent = await compressedAs(body, encoding);
      headers.set("content-encoding", encoding);
    }
    headers.set("content-length", String(sent.length));
    // Unset first: Hono copies the previous answer's headers onto a new one, which would bring an old length back.
    c.res = undefined;
    c.res = new Response(new Uint8Array(sent), { status: res.status, statusText: res.statusText, headers });
  };
}
