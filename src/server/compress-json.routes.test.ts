// JSON answers of some size go out compressed to clients that accept it; small ones, and other clients, get the
// bytes as they are. The browser and every HTTP client decode either.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";
import { COMPRESS_JSON_FROM_BYTES, chosenEncoding } from "./compress-json";

let handle: DatabaseHandle;
let admin: TestClient;
let plainDocument: Buffer;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = (await createTestServer(handle).signInAs([nationalGrant("administrator")])).client;
  const res = await admin.request("/api/openapi.json");
  expect(res.headers.get("content-encoding")).toBeNull();
  plainDocument = Buffer.from(await res.arrayBuffer());
});
afterAll(() => handle.close());

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("JSON answers compressed over a size", () => {
  it("sends a large answer in brotli when accepted, the same JSON once decoded, with its length and Vary", async () => {
    expect(plainDocument.length).toBeGreaterThan(COMPRESS_JSON_FROM_BYTES * 10);
    const res = await admin.request("/api/openapi.json", {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("vary")?.toLowerCase()).toContain("accept-encoding");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const sent = await bytesOf(res);
    expect(Number(res.headers.get("content-length"))).toBe(sent.length);
    expect(sent.length).toBeLessThan(plainDocument.length / 5);
    expect(brotliDecompressSync(sent).equals(plainDocument)).toBe(true);
    // What every API answer carries is kept on the compressed one.
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("uses gzip when that is all the client takes, and nothing when it refuses both (q=0) or says nothing", async () => {
    const gz = await admin.request("/api/openapi.json", { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(await bytesOf(gz)).equals(plainDocument)).toBe(true);
    for (const header of ["br;q=0, gzip;q=0", "identity", ""]) {
      const res = await admin.request("/api/openapi.json", { headers: { "accept-encoding": header } });
      expect(res.headers.get("content-encoding"), header).toBeNull();
      expect((await bytesOf(res)).equals(plainDocument), header).toBe(true);
    }
  });

  it("leaves small answers and problems as they are, and compresses nothing but JSON", async () => {
    const health = await admin.request("/api/health", { headers: { "accept-encoding": "br, gzip" } });
    expect(health.status).toBe(200);
    expect(health.headers.get("content-encoding")).toBeNull();
    expect(await health.json()).toBeTruthy();
    const missing = await admin.request("/api/organisations/00000000-0000-4000-8000-000000000000", {
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-encoding")).toBeNull();
    expect((await missing.json()) as { status: number }).toMatchObject({ status: 404 });
  });
});

describe("the encoding chosen from Accept-Encoding", () => {
  it.each([
    ["gzip, deflate, br", "br"],
    ["gzip, deflate", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["*", "br"],
    ["*;q=0", null],
    ["identity", null],
    [undefined, null],
    ["GZIP", "gzip"],
    ["br;q=abc, gzip;q=0.5", "gzip"],
  ])("%s → %s", (header, expected) => {
    expect(chosenEncoding(header)).toBe(expected);
  });
});
