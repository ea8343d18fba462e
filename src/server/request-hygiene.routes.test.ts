// HTTP-level hygiene of every API answer and request: Cache-Control no-store on all API answers and downloads,
// bytes that are not UTF-8 and U+0000 refused (400/422 naming the field) wherever they come, nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, SIGN_IN_TABLES } from "../../tests/assertions";
import { createTestDatabase } from "../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";

type OpenApi = {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
};
type Problem = { status: number; errors?: { path: string; in?: string; code?: string }[] };

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
let document: OpenApi;
/** Rate-limit counters move on any request; the rest of the database must not. */
const footprint = () => databaseFootprint(handle.db, { except: ["rate_limit", "session"] });

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  document = (await admin.json<OpenApi>("/api/openapi.json")).body;
});
afterAll(async () => {
  await handle?.close();
});

/** Every GET operation of the document with no path parameter, with its query parameters. */
function plainGets(): { path: string; query: string[] }[] {
  return Object.entries(document.paths)
    .filter(([path, item]) => item.get && !path.includes("{"))
    .map(([path, item]) => ({
      path,
      query: (item.get?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
    }));
}

describe("Cache-Control on API answers", () => {
  it("every GET of the API document answers no-store, whatever its status", async () => {
    const gets = plainGets();
    expect(gets.length).toBeGreaterThan(10);
    for (const { path } of gets) {
      const res = await admin.request(path);
      await res.arrayBuffer();
      // The district shapes alone (public reference data, megabytes) may be kept, but only checked by ETag each time.
      // The public portal's answers (only what is published, the same to everyone) may be kept five minutes.
      const expected =
        path === "/api/places/boundaries" && res.status === 200
          ? /^private, no-cache$/
          : /^\/api\/public(\/|$)/.test(path) && res.status === 200
            ? /^public, max-age=300$/
            : /\bno-store\b/;
      expect(res.headers.get("cache-control"), `${path} (${res.status})`).toMatch(expected);
    }
  });

  it("problems, sign-in answers and downloads too", async () => {
    const answers = await Promise.all([
      server.anonymous.request("/api/organisations"),
      admin.request("/api/no-such-endpoint"),
      admin.request("/api/organisations?limit=-1"),
      admin.request("/api/auth/get-session"),
      server.signIn("nobody@example.org", "wrong password"),
      admin.request("/api/reports/status-report?format=csv"),
      admin.request("/api/coordination/districts/RW-D11/export?format=xlsx"),
      admin.request("/api/coordination/matrix.csv"),
    ]);
    expect(answers.map((r) => r.status)).toEqual([401, 404, 422, 200, 401, 200, 200, 200]);
    for (const res of answers) expect(res.headers.get("cache-control"), res.url).toMatch(/\bno-store\b/);
  });
});

describe("U+0000 and bytes that are not UTF-8", () => {
  it("GET /api/organisations?q=%00 is a 422 naming q (it was a 500)", async () => {
    const res = await admin.json<Problem>("/api/organisations?q=%00");
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: "q", in: "query", code: "nul_character" }),
    ]);
  });

  it("every query parameter of every GET refuses U+0000 (422) and broken UTF-8 (400), naming itself", async () => {
    let checked = 0;
    for (const { path, query } of plainGets()) {
      for (const name of query) {
        for (const [value, status] of [
          ["a%00b", 422],
          ["%C3%28", 400],
          ["%FF", 400],
        ] as const) {
          const res = await admin.json<Problem>(`${path}?${encodeURIComponent(name)}=${value}`);
          expect(res.status, `${path}?${name}=${value}`).toBe(status);
          expect(res.body.errors?.[0], `${path}?${name}=${value}`).toMatchObject({ path: name, in: "query" });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("a broken key or a stray % is handled: the key named, the % read as text", async () => {
    const key = await admin.json<Problem>("/api/organisations?%FFq=1");
    expect(key.status).toBe(400);
    expect(key.body.errors?.[0]?.in).toBe("query");
    expect((await admin.request("/api/organisations?q=100%")).status).toBe(200);
    expect((await admin.request("/api/organisations?q=%zz")).status).toBe(200);
  });

  it("path segments: U+0000 is a 422 and broken UTF-8 a 400, naming the segment", async () => {
    const nul = await admin.json<Problem>("/api/organisations/%00");
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toEqual([expect.objectContaining({ path: "segment.3", in: "path" })]);
    const broken = await admin.json<Problem>("/api/themes/%E2%82");
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([expect.objectContaining({ path: "segment.3", in: "path" })]);
  });

  it("JSON bodies: the field holding U+0000 or broken bytes is named, nothing is written", async () => {
    const before = await footprint();
    const nul = await admin.json<Problem>("/api/organisations", {
      method: "POST",
      body: JSON.stringify({ name: "Valid name", kind: "local_cso", aliases: ["ok", "a\u0000b"] }),
    });
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toEqual([expect.objectContaining({ path: "aliases.1", in: "body" })]);
    const head = new TextEncoder().encode('{"kind":"local_cso","name":"Caf');
    const tail = new TextEncoder().encode('"}');
    const bytes = new Uint8Array([...head, 0xc3, 0x28, ...tail]);
    const broken = await admin.json<Problem>("/api/organisations", { method: "POST", body: bytes });
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([expect.objectContaining({ path: "name", code: "not_utf8" })]);
    // With other invalid fields, every one is named.
    const both = await admin.json<Problem>("/api/agreements", {
      method: "POST",
      body: JSON.stringify({ title: "Title", kind: "nonsense", parties: [], purpose: "P\u0000" }),
    });
    expect(both.status).toBe(422);
    expect(both.body.errors?.map((e) => e.path).sort()).toEqual(["kind", "parties", "purpose"]);
    expect(await footprint()).toEqual(before);
  });

  it("multipart: a file name or a field with U+0000 or broken bytes is named, nothing is written", async () => {
    const before = await footprint();
    const send = (parts: Uint8Array[]) => {
      const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        body.set(p, at);
        at += p.length;
      }
      return admin.json<Problem>("/api/imports/status-report/preview", {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=XyZ" },
        body,
      });
    };
    const text = (s: string) => new TextEncoder().encode(s);
    const file = (name: Uint8Array) => [
      text('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="'),
      name,
      text('"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n'),
    ];
    const nulName = await send(file(text("report\u0000.txt")));
    expect(nulName.status).toBe(422);
    expect(nulName.body.errors).toEqual([expect.objectContaining({ path: "file.filename", in: "body" })]);
    const brokenName = await send(file(new Uint8Array([0x72, 0xff, 0x2e, 0x74, 0x78, 0x74])));
    expect(brokenName.status).toBe(400);
    expect(brokenName.body.errors).toEqual([expect.objectContaining({ path: "file.filename" })]);
    const field = await send([
      text('--XyZ\r\nContent-Disposition: form-data; name="options"\r\n\r\n{"a":"\u0000"}\r\n'),
      ...file(text("report.txt")),
    ]);
    expect(field.status).toBe(422);
    expect(field.body.errors).toEqual([expect.objectContaining({ path: "options" })]);
    expect(await footprint()).toEqual(before);
  });

  it("better-auth's own endpoints too, and update-user holds the name rules (it took 20,000 characters)", async () => {
    const { client } = await server.signInAs([nationalGrant("viewer")]);
    const before = await databaseFootprint(handle.db, { except: [...SIGN_IN_TABLES] });
    const name = (value: string) =>
      client.json<Problem>("/api/auth/update-user", {
        method: "POST",
        body: JSON.stringify({ name: value }),
      });
    const long = await name("n".repeat(20_000));
    expect(long.status).toBe(422);
    expect(long.body.errors).toEqual([expect.objectContaining({ path: "name" })]);
    const nul = await name("Ana\u0000");
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toEqual([expect.objectContaining({ path: "name" })]);
    const password = await server.anonymous.json<Problem>("/api/auth/sign-in/email", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000" },
      body: JSON.stringify({ email: "a@example.org", password: "p".repeat(100_000) }),
    });
    expect(password.status).toBe(422);
    expect(password.body.errors).toEqual([expect.objectContaining({ path: "password" })]);
    expect(await databaseFootprint(handle.db, { except: [...SIGN_IN_TABLES] })).toEqual(before);
    const ok = await name("Ana Uwase");
    expect(ok.status).toBe(200);
  });
});
