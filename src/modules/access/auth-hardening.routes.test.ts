// HTTP tests of the hardened sign-in: password strength, password change, hashed session tokens, session limits,
// the per-account throttle, TRUST_PROXY hops and the TOTP second factor (administrators must set one up).
import { createHash, createHmac, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, TEST_ORIGIN, TEST_PASSWORD } from "../../../tests/factories";
import { secretOfTotpUri, totpCode } from "../../../tests/totp";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { createApp } from "../../server/app";
import type { Me } from "./access.schema";
import { sessionTable, signInThrottleTable, userTable } from "./access.table";
import { createAuth } from "./better-auth";

type Problem = {
  status: number;
  detail?: string;
  errors?: { path: string; code?: string; message: string }[];
};

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
const SECRET = randomBytes(32).toString("hex");

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
});
afterAll(async () => {
  await handle?.close();
});
// The two-factor endpoints allow 3 calls per 10 s per client; every in-process request is the same client.
beforeEach(async () => {
  await handle.db.execute(sql`delete from rate_limit`);
});

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c?.endsWith("="))
    .join("; ");

async function call<T>(
  app: { request: typeof server.app.request },
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers({ origin: TEST_ORIGIN, ...init.headers });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const res = await app.request(`${TEST_ORIGIN}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, res, body: (text ? JSON.parse(text) : null) as T };
}

const api = <T>(path: string, init: Parameters<typeof call>[2] = {}) => call<T>(server.app, path, init);
const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  call<{ twoFactorRedirect?: boolean }>(server.app, "/api/auth/sign-in/email", {
    body: { email, password },
    headers,
  });

describe("password strength", () => {
  it("refuses weak passwords for a new user with a 422 naming the field and the reason, and writes nothing", async () => {
    const admin = await server.signInAs([nationalGrant("administrator")]);
    const email = `weak-${randomBytes(3).toString("hex")}@example.org`;
    const cases: [string, string][] = [
      ["aaaaaaaaaa", "too_small"],
      ["aaaaaaaaaaaa", "password_too_common"],
      ["password1234", "password_too_common"],
      [`${email}!`, "password_contains_email"],
      ["Mukamana Solange 1", "password_contains_name"],
    ];
    const before = await databaseFootprint(handle.db);
    for (const [password, code] of cases) {
      const res = await admin.client.json<Problem>("/api/users", {
        method: "POST",
        headers: { origin: TEST_ORIGIN },
        body: JSON.stringify({ name: "Solange Mukamana", email, password }),
      });
      expect(res.status, password).toBe(422);
      expect(
        res.body.errors?.map((e) => [e.path, e.code]),
        password,
      ).toEqual([["password", code]]);
    }
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });
});

describe("password change", () => {
  it("needs the current password and a strong new one, then ends every other session of the user", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    const other = cookieOf((await signIn(user.email, TEST_PASSWORD)).res);
    const mine = await user.client.request("/api/me");
    expect(mine.status).toBe(200);
    const cookie = (await user.client.request("/api/me")).headers.get("set-cookie") ?? "";
    expect(cookie).toBe(""); // the client keeps its own cookie

    const before = await databaseFootprint(handle.db, { except: ["rate_limit"] });
    const weak = await user.client.json<Problem>("/api/me/password", {
      method: "POST",
      headers: { origin: TEST_ORIGIN },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, password: "qwertyuiop123" }),
    });
    expect(weak.status).toBe(422);
    expect(weak.body.errors?.map((e) => [e.path, e.code])).toEqual([["password", "password_too_common"]]);
    const wrong = await user.client.json<Problem>("/api/me/password", {
      method: "POST",
      headers: { origin: TEST_ORIGIN },
      body: JSON.stringify({
        currentPassword: "not my password at all",
        password: "inzira ndende y'amahoro",
      }),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors?.map((e) => [e.path, e.code])).toEqual([["currentPassword", "password_wrong"]]);
    expect(await databaseFootprint(handle.db, { except: ["rate_limit"] })).toEqual(before);

    const changed = await user.client.json<{ otherSessionsEnded: number }>("/api/me/password", {
      method: "POST",
      headers: { origin: TEST_ORIGIN },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, password: "inzira ndende y'amahoro" }),
    });
    expect(changed).toMatchObject({ status: 200, body: { otherSessionsEnded: 1 } });
    expect((await user.client.request("/api/me")).status).toBe(200);
    expect((await api("/api/me", { cookie: other })).status).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await signIn(user.email, "inzira ndende y'amahoro")).status).toBe(200);
  });

  it("is not offered by better-auth's own endpoint, which would skip the rule", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    const res = await user.client.request("/api/auth/change-password", {
      method: "POST",
      headers: { origin: TEST_ORIGIN },
      body: JSON.stringify({
        currentPassword: TEST_PASSWORD,
        newPassword: "aaaaaaaaaaaa",
        revokeOtherSessions: false,
      }),
    });
    expect(res.status).toBe(404);
  });
});

/** A session cookie as better-auth signs it (HMAC-SHA256 with the auth secret), for a token of our choice. */
function signedSessionCookie(token: string, secret: string): string {
  const signature = createHmac("sha256", secret).update(token).digest("base64");
  return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
}

describe("session tokens and lifetimes", () => {
  it("stores only the SHA-256 of the token: the stored value, even signed with the secret, opens no session", async () => {
    const auth = createAuth(handle.db, {
      secret: SECRET,
      baseURL: TEST_ORIGIN,
      secureCookies: false,
      signInAttemptsPerMinute: 1000,
    });
    const app = createApp({
      handle,
      auth,
      logger: pino({ level: "silent" }),
      version: "test",
      trustedOrigins: [TEST_ORIGIN],
      trustProxy: 0,
    });
    const user = await server.signInAs([nationalGrant("viewer")]);
    const res = await call(app, "/api/auth/sign-in/email", {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
    const cookie = cookieOf(res.res);
    const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
    expect(token.length).toBeGreaterThan(20);
    const stored = await handle.db
      .select({ token: sessionTable.token })
      .from(sessionTable)
      .where(eq(sessionTable.userId, user.userId));
    expect(stored.map((s) => s.token)).toContain(createHash("sha256").update(token).digest("hex"));
    expect(stored.map((s) => s.token)).not.toContain(token);
    // The forging works with the clear token (so the test can fail), and not with what a backup holds.
    expect((await call(app, "/api/me", { cookie: signedSessionCookie(token, SECRET) })).status).toBe(200);
    for (const row of stored)
      expect((await call(app, "/api/me", { cookie: signedSessionCookie(row.token, SECRET) })).status).toBe(
        401,
      );
  });

  it("ends a session 12 hours after sign-in however active, and slides only 30 minutes of idleness", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    const [row] = await handle.db.select().from(sessionTable).where(eq(sessionTable.userId, user.userId));
    if (!row) throw new Error("no session");
    const idleMs = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(idleMs).toBeGreaterThan(29 * 60 * 1000);
    expect(idleMs).toBeLessThanOrEqual(30 * 60 * 1000 + 5000);
    // Active all along (expiry renewed), but signed in 12 hours and a minute ago.
    await handle.db
      .update(sessionTable)
      .set({
        createdAt: sql`now() - interval '12 hours 1 minute'`,
        expiresAt: sql`now() + interval '25 minutes'`,
      })
      .where(eq(sessionTable.userId, user.userId));
    expect((await user.client.request("/api/me")).status).toBe(401);
    expect(await handle.db.select().from(sessionTable).where(eq(sessionTable.userId, user.userId))).toEqual(
      [],
    );
  });

  it("ends a session left idle past its expiry", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    await handle.db
      .update(sessionTable)
      .set({ updatedAt: sql`now() - interval '31 minutes'`, expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(sessionTable.userId, user.userId));
    expect((await user.client.request("/api/me")).status).toBe(401);
  });
});

describe("per-account sign-in throttle", () => {
  async function failures(email: string, n: number) {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await signIn(email, `wrong guess number ${i}`)).status);
    return statuses;
  }

  it("locks an account after 5 failures whatever the address, with doubling delays, and resets on success", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    expect(await failures(user.email, 5)).toEqual([401, 401, 401, 401, 401]);
    const locked = await signIn(user.email, TEST_PASSWORD, { "x-forwarded-for": "198.51.100.77" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(locked.res.headers.getSetCookie()).toEqual([]);

    // The minute passes; one more failure locks for two minutes.
    await handle.db
      .update(signInThrottleTable)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(signInThrottleTable.email, user.email));
    expect((await signIn(user.email, "another wrong guess")).status).toBe(401);
    const longer = await signIn(user.email, TEST_PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get("retry-after"))).toBeGreaterThan(110);

    await handle.db
      .update(signInThrottleTable)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(signInThrottleTable.email, user.email));
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
    expect(
      await handle.db.select().from(signInThrottleTable).where(eq(signInThrottleTable.email, user.email)),
    ).toEqual([]);
    // Counting starts again: four failures do not lock.
    expect(await failures(user.email, 4)).toEqual([401, 401, 401, 401]);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("answers an unknown email exactly as a known one, so the throttle tells nothing about who has an account", async () => {
    const known = await server.signInAs([nationalGrant("viewer")]);
    const unknown = `nobody-${randomBytes(3).toString("hex")}@example.org`;
    const answers = async (email: string) => {
      const out: [number, string | null, string | undefined][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await signIn(email, `wrong guess number ${i}`);
        out.push([res.status, res.headers.get("retry-after") && "set", (res.body as Problem | null)?.detail]);
      }
      return out;
    };
    expect(await answers(unknown)).toEqual(await answers(known.email));
  });
});

describe("TRUST_PROXY", () => {
  it("counts sign-in attempts per right-most X-Forwarded-For entry: forged left entries share one limit", async () => {
    const auth = createAuth(handle.db, {
      secret: SECRET,
      baseURL: TEST_ORIGIN,
      secureCookies: false,
      signInAttemptsPerMinute: 3,
    });
    const app = createApp({
      handle,
      auth,
      logger: pino({ level: "silent" }),
      version: "test",
      trustedOrigins: [TEST_ORIGIN],
      trustProxy: 1,
    });
    const attempt = (forwardedFor: string) =>
      call(app, "/api/auth/sign-in/email", {
        body: { email: `spoof-${randomBytes(3).toString("hex")}@example.org`, password: "wrong guess again" },
        headers: { "x-forwarded-for": forwardedFor },
      });
    const spoofed: number[] = [];
    for (let i = 1; i <= 4; i++) spoofed.push((await attempt(`10.9.8.${i}, 203.0.113.50`)).status);
    expect(spoofed).toEqual([401, 401, 401, 429]);
    // Another client (another right-most entry) has its own limit.
    expect((await attempt("10.9.8.1, 203.0.113.51")).status).toBe(401);
  });
});

describe("second factor (TOTP)", () => {
  async function enrol(client: Awaited<ReturnType<typeof server.signInAs>>["client"]) {
    const enabled = await client.json<{ totpURI: string; backupCodes: string[] }>(
      "/api/auth/two-factor/enable",
      {
        method: "POST",
        headers: { origin: TEST_ORIGIN },
        body: JSON.stringify({ password: TEST_PASSWORD }),
      },
    );
    expect(enabled.status).toBe(200);
    expect(enabled.body.backupCodes.length).toBeGreaterThanOrEqual(8);
    const secret = secretOfTotpUri(enabled.body.totpURI);
    const verified = await client.request("/api/auth/two-factor/verify-totp", {
      method: "POST",
      headers: { origin: TEST_ORIGIN },
      body: JSON.stringify({ code: totpCode(secret) }),
    });
    expect(verified.status).toBe(200);
    return { secret, backupCodes: enabled.body.backupCodes, cookie: cookieOf(verified) };
  }

  it("withholds administration from an administrator without one after 24 hours, until one is verified", async () => {
    const admin = await server.signInAs([nationalGrant("administrator")]);
    const fresh = await admin.client.json<Me>("/api/me");
    expect(fresh.body.secondFactor).toMatchObject({ enabled: false, required: true, overdue: false });
    expect((await admin.client.request("/api/users")).status).toBe(200);

    await handle.db
      .update(userTable)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(userTable.id, admin.userId));
    const overdue = await admin.client.json<Me>("/api/me");
    expect(overdue.body.secondFactor).toMatchObject({ required: true, overdue: true });
    expect(overdue.body.grants).toEqual([]);
    expect((await admin.client.request("/api/users")).status).toBe(403);

    const { cookie } = await enrol(admin.client);
    const after = await api<Me>("/api/me", { cookie });
    expect(after.body.secondFactor).toMatchObject({ enabled: true, required: false });
    expect(after.body.grants).toEqual([nationalGrant("administrator")]);
    expect((await api("/api/users", { cookie })).status).toBe(200);
  });

  it("asks for the code at sign-in: no session until a right TOTP or backup code", async () => {
    const user = await server.signInAs([nationalGrant("coordinator")]);
    const { secret, backupCodes } = await enrol(user.client);
    await handle.db.execute(sql`delete from rate_limit`);

    const first = await signIn(user.email, TEST_PASSWORD);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ twoFactorRedirect: true });
    const pending = cookieOf(first.res);
    expect(pending).toContain("two_factor");
    expect((await api("/api/me", { cookie: pending })).status).toBe(401);

    const wrong = await api<Problem>("/api/auth/two-factor/verify-totp", {
      body: { code: "000000" === totpCode(secret) ? "111111" : "000000" },
      cookie: pending,
    });
    expect(wrong.status).toBe(401);
    // "Trust this device" is ignored: no trust cookie, and the next sign-in from this browser asks for a code again.
    const right = await api("/api/auth/two-factor/verify-totp", {
      body: { code: totpCode(secret), trustDevice: true },
      cookie: pending,
    });
    expect(right.status).toBe(200);
    const browserCookies = cookieOf(right.res);
    expect(browserCookies).not.toContain("trust_device");
    expect((await api("/api/me", { cookie: browserCookies })).status).toBe(200);

    await handle.db.execute(sql`delete from rate_limit`);
    const second = await call<{ twoFactorRedirect?: boolean }>(server.app, "/api/auth/sign-in/email", {
      body: { email: user.email, password: TEST_PASSWORD },
      cookie: browserCookies,
    });
    expect(second.body).toMatchObject({ twoFactorRedirect: true });
    const backup = await api("/api/auth/two-factor/verify-backup-code", {
      body: { code: backupCodes[0] },
      cookie: cookieOf(second.res),
    });
    expect(backup.status).toBe(200);
    expect((await api("/api/me", { cookie: cookieOf(backup.res) })).status).toBe(200);
    const rows = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from two_factor where user_id = ${user.userId} and verified`,
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });
});
