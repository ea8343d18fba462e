// A canary run through the whole app: every log line is captured in-process, and none may carry a password, a
// search text, an email or a name that was sent, while each request line carries the request id and the user id.
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { createTestServer, nationalGrant, TEST_ORIGIN } from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";
import { LOG_REDACT_PATHS } from "./bootstrap";
import { loggedError } from "./log-safety";

const CANARY = {
  password: "canary-password-5b1e9f",
  search: "canarysearch7d2c",
  email: "canary.person.4f0a@example.org",
  name: "Canaryname Uwimana",
};

let handle: DatabaseHandle;
const lines: string[] = [];
let server: ReturnType<typeof createTestServer>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  // The server's own logger settings (level aside): what production writes, captured here.
  const logger = pino(
    { level: "debug", redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" } },
    destination,
  );
  server = createTestServer(handle, { logger });
});
afterAll(() => handle.close());

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("log lines", () => {
  it("carry no canary sent through sign-in, search, failed queries and errors, and name the request and the user", async () => {
    const admin = await server.signInAs([nationalGrant("administrator")]);
    const headers = {
      "content-type": "application/json",
      origin: TEST_ORIGIN,
      "x-request-id": "req-canary-1",
    };
    // A refused sign-in with the canary email and password, then a user created with the canary name and email.
    await server.app.request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email: CANARY.email, password: CANARY.password }),
    });
    const created = await admin.client.json("/api/users", {
      method: "POST",
      body: JSON.stringify({
        name: CANARY.name,
        email: CANARY.email,
        password: `${CANARY.password}-long-enough`,
        locale: "en",
        grants: [nationalGrant("viewer")],
        organisationIds: [],
      }),
    });
    expect(created.status).toBeLessThan(500);
    // Searches, one of them with a NUL byte that PostgreSQL refuses in text (a failed query with the canary as parameter).
    await admin.client.request(`/api/organisations?q=${CANARY.search}`, {
      headers: { "x-request-id": "req-canary-2" },
    });
    await admin.client.request(`/api/organisations?q=%00${CANARY.search}`);
    await admin.client.request(`/api/agreements?q=${CANARY.search}%00`);
    await admin.client.request(`/api/organisations/${CANARY.search}`);
    await server.signIn(CANARY.email, `${CANARY.password}-long-enough`);

    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) for (const canary of Object.values(CANARY)) expect(line).not.toContain(canary);

    const requests = parsed().filter((l) => l.msg === "request");
    expect(requests.find((l) => l.requestId === "req-canary-1")).toMatchObject({
      route: "/api/auth/*",
      userId: null,
    });
    expect(requests.find((l) => l.requestId === "req-canary-2")).toMatchObject({
      route: "/api/organisations",
      userId: admin.userId,
      status: 200,
    });
    for (const line of requests) expect(line.requestId).toEqual(expect.any(String));
  });

  it("turns a failed query into its kind and SQLSTATE, without its parameters or the database's message", async () => {
    const failure = await handle.db.execute(sql`select ${CANARY.search}::uuid`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const logged = JSON.stringify(loggedError(failure));
    expect(logged).not.toContain(CANARY.search);
    expect(logged).toContain('"code":"22P02"');
    // An error of the code itself keeps its message.
    expect(loggedError(new TypeError("x is not a function"))).toMatchObject({
      name: "TypeError",
      message: "x is not a function",
    });
  });

  it("a request id that is not a plain token is replaced, so a client cannot write into the logs", async () => {
    const res = await server.anonymous.request("/api/health", {
      headers: { "x-request-id": 'a"} {"forged":1' },
    });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.join("\n")).not.toContain("forged");
  });
});
