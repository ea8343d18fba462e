// Refuses text a request cannot mean before any route sees it: bytes that are not UTF-8, and U+0000 (PostgreSQL text
// cannot hold it), in the path, the query, a JSON body, or a multipart field or file name. Each refusal names where.
import { isUtf8 } from "node:buffer";
import type { Context, MiddlewareHandler } from "hono";
import { AppError, type FieldError } from "../shared/app-errors";
import { findStrings, NUL_MESSAGE, nulFieldErrors, visibleNul } from "../shared/json-strings";

const lossyUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

const NOT_UTF8 = "This text is not valid UTF-8. Send text encoded as UTF-8.";

type Problem = { status: "bad_request" | "validation"; error: FieldError };

/** Percent-decoded bytes of a URL component (`+` as a space in a query). */
function percentDecodedBytes(component: string, plusIsSpace: boolean): Uint8Array {
  const text = plusIsSpace ? component.replace(/\+/g, " ") : component;
  const bytes: number[] = [];
  const encoded = new TextEncoder().encode(text);
  for (let i = 0; i < encoded.length; i++) {
    const byte = encoded[i] as number;
    if (byte !== 0x25) {
      bytes.push(byte);
      continue;
    }
    const hex = String.fromCharCode(encoded[i + 1] ?? 0, encoded[i + 2] ?? 0);
    // A stray % is kept as it is (clients send it), like the router does.
    if (!/^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(byte);
      continue;
    }
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return new Uint8Array(bytes);
}

/**
 * What is wrong with these bytes as text, if anything: not UTF-8, or holding U+0000 (in UTF-8, only ever the byte 0).
 * Checked without decoding: a 20 MB body costs a few milliseconds and no copy.
 */
function textFault(bytes: Uint8Array): "not_utf8" | "nul" | null {
  if (!isUtf8(bytes)) return "not_utf8";
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) >= 0 ? "nul" : null;
}

function problemOf(fault: "not_utf8" | "nul", path: string, where: FieldError["in"]): Problem {
  return fault === "not_utf8"
    ? { status: "bad_request", error: { path, message: NOT_UTF8, code: "not_utf8", in: where } }
    : { status: "validation", error: { path, message: NUL_MESSAGE, code: "nul_character", in: where } };
}

/** The query's keys and values: the first fault found, named by its key. */
function queryProblem(url: string): Problem | null {
  const at = url.indexOf("?");
  if (at < 0) return null;
  const query = url.slice(at + 1).replace(/#.*$/, "");
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const keyBytes = percentDecodedBytes(rawKey, true);
    const keyFault = textFault(keyBytes);
    const keyName = visibleNul(lossyUtf8.decode(keyBytes));
    if (keyFault) return problemOf(keyFault, keyName, "query");
    const valueFault = textFault(percentDecodedBytes(rawValue, true));
    if (valueFault) return problemOf(valueFault, keyName, "query");
  }
  return null;
}

/** Each segment of the path, named by its position (the route is not known yet): "segment.3". */
function pathProblem(url: string): Problem | null {
  const path = new URL(url).pathname;
  const segments = path.split("/");
  for (const [i, segment] of segments.entries()) {
    const fault = textFault(percentDecodedBytes(segment, false));
    if (fault) return problemOf(fault, `segment.${i}`, "path");
  }
  return null;
}

/** The path of the first string (or key) in a JSON value that holds U+0000 or a replacement of invalid bytes. */
function jsonPathOf(value: unknown, test: (s: string) => boolean): string | null {
  const [first] = findStrings(value, test, true);
  return first ? first.path.join(".") : null;
}

/**
 * Broken bytes in a JSON body are refused here. U+0000 is left to the route's validation (createRouter's hook adds
 * it to the other fields' errors, so a refusal still names every bad field) except for better-auth's endpoints,
 * which the router does not validate.
 */
function jsonProblem(bytes: Uint8Array, checkNul: boolean): Problem | null {
  const fault = textFault(bytes);
  if (fault === null || (fault === "nul" && !checkNul)) return null;
  // Invalid JSON is the JSON parser's to refuse (400 "not valid JSON"); only text faults are ours.
  let parsed: unknown;
  try {
    parsed = JSON.parse(lossyUtf8.decode(bytes));
  } catch {
    return fault === "not_utf8" ? problemOf(fault, "", "body") : null;
  }
  if (fault === "not_utf8") {
    // The decoder put U+FFFD where the bytes were broken: the first string holding one names the field.
    return problemOf(fault, jsonPathOf(parsed, (s) => s.includes("\uFFFD")) ?? "", "body");
  }
  const [first] = nulFieldErrors(parsed);
  return first ? { status: "validation", error: first } : null;
}

const indexOfBytes = (haystack: Uint8Array, needle: Uint8Array, from: number): number =>
  Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, from);

/**
 * A multipart body's part headers (field names, file names) and its plain fields' values; a file's own bytes are
 * the file's business (its parser checks them).
 */
function multipartProblem(bytes: Uint8Array, contentType: string): Problem | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return null;
  const delimiter = new TextEncoder().encode(`--${mark}`);
  const headerEnd = new TextEncoder().encode("\r\n\r\n");
  let at = indexOfBytes(bytes, delimiter, 0);
  while (at >= 0) {
    const partStart = at + delimiter.length + 2; // past the boundary and its CRLF
    const next = indexOfBytes(bytes, delimiter, partStart);
    if (next < 0) break;
    const split = indexOfBytes(bytes, headerEnd, partStart);
    if (split < 0 || split > next) break;
    const headers = bytes.subarray(partStart, split);
    const headerText = lossyUtf8.decode(headers);
    const name = /\bname="([^"]*)"/i.exec(headerText)?.[1] ?? "";
    const headerFault = textFault(headers);
    if (headerFault) {
      const field = /\bfilename\*?=/i.test(headerText) ? `${name}.filename` : name;
      return problemOf(headerFault, visibleNul(field), "body");
    }
    if (!/\bfilename\*?=/i.test(headerText)) {
      const valueFault = textFault(bytes.subarray(split + headerEnd.length, Math.max(split + 4, next - 2)));
      if (valueFault) return problemOf(valueFault, name, "body");
    }
    at = next;
  }
  return null;
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

async function bodyProblem(c: Context): Promise<Problem | null> {
  if (!BODY_METHODS.has(c.req.method)) return null;
  const type = c.req.header("content-type") ?? "";
  const isJson = /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);
  const isMultipart = /^multipart\/form-data\b/i.test(type);
  if (!isJson && !isMultipart) return null;
  // better-auth reads the request's own body: it gets a copy. Routes read through c.req, whose cache this fills: a
  // 20 MB boundary file is read once, not teed and read twice.
  const bytes = new Uint8Array(
    c.req.path.startsWith("/api/auth/") ? await c.req.raw.clone().arrayBuffer() : await c.req.arrayBuffer(),
  );
  return isJson ? jsonProblem(bytes, c.req.path.startsWith("/api/auth/")) : multipartProblem(bytes, type);
}

/** The middleware: 400 for bytes that are not UTF-8, 422 for U+0000, with the field path in both. */
export function refuseUnreadableText(): MiddlewareHandler {
  return async (c, next) => {
    const problem = pathProblem(c.req.url) ?? queryProblem(c.req.url) ?? (await bodyProblem(c));
    if (problem) {
      const message =
        problem.status === "bad_request"
          ? "The request holds text that is not UTF-8."
          : "Some fields are not valid.";
      throw new AppError(problem.status, message, [problem.error]);
    }
    await next();
  };
}
