// The browser app's files: compressed copies sent to browsers that accept them, the file itself to others.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { createTestServer } from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";

let handle: DatabaseHandle;
let webDir: string;
const script = `export const greeting = ${JSON.stringify("Muraho ".repeat(400))};\n`;

beforeAll(async () => {
  handle = await createTestDatabase();
  webDir = mkdtempSync(join(tmpdir(), "ubuf-web-"));
  mkdirSync(join(webDir, "assets"));
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>Ubufatanye</title>");
  writeFileSync(join(webDir, "sw.js"), "self.addEventListener('fetch', () => {});\n");
  writeFileSync(join(webDir, "assets", "app-abc123.js"), script);
  // As the build's precompress step writes them (vite.config.ts).
  writeFileSync(join(webDir, "assets", "app-abc123.js.br"), brotliCompressSync(script));
  writeFileSync(join(webDir, "assets", "app-abc123.js.gz"), gzipSync(script));
});
afterAll(async () => {
  rmSync(webDir, { recursive: true, force: true });
  await handle?.close();
});

describe("the browser app's assets", () => {
  it("go out compressed to browsers that accept it, as they are to others, cached for good", async () => {
    const { anonymous } = createTestServer(handle, { webDir });
    const get = (encoding?: string) =>
      anonymous.request("/assets/app-abc123.js", {
        headers: encoding ? { "accept-encoding": encoding } : {},
      });

    const br = await get("gzip, deflate, br");
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("content-type")).toMatch(/javascript/);
    expect(br.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(brBytes).toString()).toBe(script);

    const gz = await get("gzip");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script);

    const plain = await get();
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  it("the service worker is always revalidated: a new build's worker is found on the next visit", async () => {
    const { anonymous } = createTestServer(handle, { webDir });
    const sw = await anonymous.request("/sw.js");
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-type")).toMatch(/javascript/);
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    // The hashed assets keep their long caching.
    const asset = await anonymous.request("/assets/app-abc123.js");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
