// HTTP tests of first-start setup, sign-in (cookies, rate limit), the user's profile and user administration.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  TEST_ORIGIN,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { createApp } from "../../server/app";
import { auditLogTable } from "../audit/audit.table";
import { placeTable } from "../places/places.table";
import type { Me, SessionState, UserSummary } from "./access.schema";
import { createAuth } from "./better-auth";

type Problem = {
  status: number;
  title: string;
  detail?: string;
  errors?: { path: string; message: string }[];
};

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
});
afterAll(async () => {
  await handle?.close();
});

const ADMIN = {
  name: "First Administrator",
  email: "admin@ubufatanye.example",
  password: "a long enough secret",
};

async function countUsers(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from "user"`);
  return Number(row?.n);
}

/** Rate-limit counters are per client address and shared by every auth instance on this database. */
async function resetSignInLimits(): Promise<void> {
  await handle.db.execute(sql`delete from rate_limit`);
  await handle.db.execute(sql`delete from sign_in_throttle`);
}

function sessionCookieFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A request as the browser app sends it, with the session cookie when given. */
async function call<T>(
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; ifMatch?: string } = {},
) {
  const headers = new Headers({ origin: TEST_ORIGIN });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.ifMatch) headers.set("if-match", init.ifMatch);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const res = await server.app.request(`${TEST_ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  expect(text).not.toMatch(/\n\s+at |node_modules/);
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

function expectFieldError(problem: Problem, path: string): void {
  expect(problem.errors?.map((e) => e.path)).toContain(path);
}

describe("first-start setup", () => {
  let adminCookie = "";

  it("says setup is needed while there is no user", async () => {
    expect(await countUsers()).toBe(0);
    const res = await call<{ needed: boolean }>("/api/setup");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ needed: true });
    // The browser's first request says the same, and nobody signed in, without a 401.
    const session = await call<SessionState>("/api/session");
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ setupNeeded: true, me: null });
  });

  it("refuses a short password, a bad email and a control character, naming each field, and creates nobody", async () => {
    const short = await call<Problem>("/api/setup", {
      method: "POST",
      body: { ...ADMIN, password: "short" },
    });
    expect(short.status).toBe(422);
    expect(short.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(short.body.errors?.map((e) => e.path)).toEqual(["password"]);
    const bad = await call<Problem>("/api/setup", {
      method: "POST",
      body: { name: "A\u0000B", email: "not an email", password: ADMIN.password },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(["email", "name"]);
    expect(await countUsers()).toBe(0);
    expect((await call<{ needed: boolean }>("/api/setup")).body).toEqual({ needed: true });
  });

  it("creates the first administrator, who can then sign in and holds the national administrator grant", async () => {
    const created = await call<{ userId: string }>("/api/setup", { method: "POST", body: ADMIN });
    expect(created.status).toBe(201);
    expect(created.body.userId).toEqual(expect.any(String));
    expect((await call<{ needed: boolean }>("/api/setup")).body).toEqual({ needed: false });

    const signIn = await server.signIn(ADMIN.email, ADMIN.password);
    expect(signIn.status).toBe(200);
    adminCookie = sessionCookieFrom(signIn);
    const me = await call<Me>("/api/me", { cookie: adminCookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: created.body.userId,
      name: ADMIN.name,
      email: ADMIN.email,
      locale: "en",
      grants: [{ role: "administrator", scopeType: "national", scopeId: null }],
    });
    expect(await call<SessionState>("/api/session", { cookie: adminCookie })).toMatchObject({
      status: 200,
      body: { setupNeeded: false, me: me.body },
    });
    // Signed out (or with a cookie that names no session): nobody, still a 200.
    expect(await call<SessionState>("/api/session")).toMatchObject({
      status: 200,
      body: { setupNeeded: false, me: null },
    });
    expect(
      await call<SessionState>("/api/session", { cookie: "better-auth.session_token=forged.value" }),
    ).toMatchObject({ status: 200, body: { setupNeeded: false, me: null } });

    const [entry] = await handle.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.entityType, "user"), eq(auditLogTable.entityId, created.body.userId)));
    expect(entry).toMatchObject({ action: "create", actorUserId: null, actorLabel: "first-start setup" });
    expect(entry?.changes.email).toEqual({ before: null, after: ADMIN.email });
    expect(JSON.stringify(entry?.changes)).not.toContain(ADMIN.password);
  });

  it("refuses a second setup with 409 and creates nobody", async () => {
    const before = await countUsers();
    const again = await call<Problem>("/api/setup", {
      method: "POST",
      body: { name: "Intruder", email: "intruder@example.org", password: "another long secret" },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await countUsers()).toBe(before);
    const intruder = await server.signIn("intruder@example.org", "another long secret");
    expect(intruder.status).not.toBe(200);
  });

  it("creates exactly one administrator when setup requests race on a fresh instance", async () => {
    const fresh = await createTestDatabase();
    try {
      const racing = createTestServer(fresh);
      const responses = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          racing.anonymous.request("/api/setup", {
            method: "POST",
            body: JSON.stringify({
              name: `Admin ${i}`,
              email: `admin${i}@example.org`,
              password: ADMIN.password,
            }),
          }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      const [row] = await queryRows<{ n: number }>(fresh.db, sql`select count(*)::int as n from "user"`);
      expect(Number(row?.n)).toBe(1);
      const again = await racing.anonymous.request("/api/setup", {
        method: "POST",
        body: JSON.stringify({ name: "Late", email: "late@example.org", password: ADMIN.password }),
      });
      expect(again.status).toBe(409);
    } finally {
      await fresh.close();
    }
  });

  it("keeps the language the setup page was read in on the first administrator's account", async () => {
    const fresh = await createTestDatabase();
    try {
      const first = createTestServer(fresh);
      const created = await first.anonymous.request("/api/setup", {
        method: "POST",
        body: JSON.stringify({ ...ADMIN, locale: "rw" }),
      });
      expect(created.status).toBe(201);
      const signedIn = await first.signIn(ADMIN.email, ADMIN.password);
      const session = await first.client(sessionCookieFrom(signedIn)).json<SessionState>("/api/session");
      expect(session.body.me?.locale).toBe("rw");
    } finally {
      await fresh.close();
    }
  });

  it("refuses a wrong password, and sign-up is closed", async () => {
    expect((await server.signIn(ADMIN.email, "not the password")).status).toBe(401);
    const before = await countUsers();
    const signUp = await server.app.request(`${TEST_ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({
        name: "Self Made",
        email: "self@example.org",
        password: "a long enough secret",
      }),
    });
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(await countUsers()).toBe(before);
  });

  it("remembers the user's language at the version read, and refuses an unknown one", async () => {
    const read = (await call<Me>("/api/me", { cookie: adminCookie })).body;
    const missing = await call<Problem>("/api/me", {
      method: "PATCH",
      body: { locale: "rw" },
      cookie: adminCookie,
    });
    expect(missing.status).toBe(428);
    const stale = await call<Problem>("/api/me", {
      method: "PATCH",
      body: { locale: "rw" },
      cookie: adminCookie,
      ifMatch: `"${read.version + 1}"`,
    });
    expect(stale.status).toBe(412);
    expect((await call<Me>("/api/me", { cookie: adminCookie })).body.locale).toBe(read.locale);

    const changed = await call<Me>("/api/me", {
      method: "PATCH",
      body: { locale: "rw" },
      cookie: adminCookie,
      ifMatch: `"${read.version}"`,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.locale).toBe("rw");
    expect(changed.body.version).toBe(read.version + 1);
    expect(changed.headers.get("etag")).toBe(`"${read.version + 1}"`);
    expect((await call<Me>("/api/me", { cookie: adminCookie })).body.locale).toBe("rw");

    const unknown = await call<Problem>("/api/me", {
      method: "PATCH",
      body: { locale: "xx" },
      cookie: adminCookie,
      ifMatch: `"${changed.body.version}"`,
    });
    expect(unknown.status).toBe(422);
    expectFieldError(unknown.body, "locale");
    expect((await call<Me>("/api/me", { cookie: adminCookie })).body.locale).toBe("rw");

    const anonymous = await call<Problem>("/api/me", {
      method: "PATCH",
      body: { locale: "fr" },
      ifMatch: '"1"',
    });
    expect(anonymous.status).toBe(401);
    expect((await call<Me>("/api/me", { cookie: adminCookie })).body.locale).toBe("rw");
  });
});

describe("sessions", () => {
  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const { email } = await server.signInAs([nationalGrant("viewer")]);
    const res = await server.signIn(email);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.includes("session_token="));
    expect(session, cookies.join("\n")).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
  });

  it("marks cookies Secure when the app is served over https", async () => {
    await resetSignInLimits();
    const origin = "https://ubufatanye.example";
    const auth = createAuth(handle.db, {
      secret: randomBytes(32).toString("hex"),
      baseURL: origin,
      secureCookies: true,
      trustedOrigins: [origin],
    });
    const app = createApp({
      handle,
      auth,
      logger: pino({ level: "silent" }),
      version: "test",
      trustedOrigins: [origin],
      trustProxy: false,
    });
    const res = await app.request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    }
    expect(cookies.some((c) => c.startsWith("__Secure-"))).toBe(true);
  });

  it("answers 429 to the 6th sign-in attempt within a minute, even with the right password", async () => {
    await resetSignInLimits();
    const limited = createTestServer(handle, { signInAttemptsPerMinute: 5 });
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      // A client cannot escape the limit by claiming another address.
      const res = await limited.app.request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: TEST_ORIGIN,
          "x-forwarded-for": `203.0.113.${attempt}`,
          "x-ubufatanye-client-ip": `198.51.100.${attempt}`,
        },
        body: JSON.stringify({ email: ADMIN.email, password: `wrong password ${attempt}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await limited.signIn(ADMIN.email, ADMIN.password);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
    await resetSignInLimits();
  });
});

describe("user administration", () => {
  it("lets only administrators create users, with grants and an audit entry", async () => {
    const organisation = await createOrganisationFixture(handle);
    const [district] = await handle.db
      .select({ id: placeTable.id })
      .from(placeTable)
      .where(eq(placeTable.code, "RW-D11"));
    if (!district) throw new Error("the template has no district RW-D11");
    const input = {
      name: "District Officer",
      email: `officer-${randomBytes(3).toString("hex")}@example.org`,
      password: "a long enough secret",
      locale: "fr",
      grants: [
        { role: "district_officer", scopeType: "district", scopeId: district.id },
        { role: "partner_editor", scopeType: "organisation", scopeId: organisation.id },
      ],
      organisationIds: [organisation.id],
    };

    const coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
    const before = await countUsers();
    const refused = await coordinator.json<Problem>("/api/users", {
      method: "POST",
      body: JSON.stringify(input),
    });
    expect(refused.status).toBe(403);
    expect((await coordinator.json<Problem>("/api/users")).status).toBe(403);
    expect(await countUsers()).toBe(before);

    const { client: admin, userId: adminId } = await server.signInAs([nationalGrant("administrator")]);
    const usersBefore = await countUsers();
    const created = await admin.json<UserSummary>("/api/users", {
      method: "POST",
      body: JSON.stringify(input),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: input.name,
      email: input.email,
      locale: "fr",
      disabled: false,
    });
    expect(created.body.grants).toEqual(expect.arrayContaining(input.grants));
    expect(created.body.grants).toHaveLength(2);
    expect(await countUsers()).toBe(usersBefore + 1);
    const listed = await admin.json<{ items: UserSummary[] }>("/api/users");
    expect(listed.body.items.map((u) => u.email)).toContain(input.email);

    const entries = await handle.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.entityType, "user"), eq(auditLogTable.entityId, created.body.id)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", actorUserId: adminId, entityLabel: input.email });
    expect(entries[0]?.changes.grants?.after).toEqual(input.grants);
    expect(JSON.stringify(entries[0]?.changes)).not.toContain(input.password);

    // The new user signs in with the password the administrator chose.
    expect((await server.signIn(input.email, input.password)).status).toBe(200);
  });

  it("refuses grants on unknown scopes and a taken email, naming the field, and creates nobody", async () => {
    const admin = (await server.signInAs([nationalGrant("administrator")])).client;
    const [sector] = await handle.db
      .select({ id: placeTable.id })
      .from(placeTable)
      .where(eq(placeTable.kind, "sector"))
      .limit(1);
    if (!sector) throw new Error("the template has no sector");
    const before = await countUsers();
    const unknown = await admin.json<Problem>("/api/users", {
      method: "POST",
      body: JSON.stringify({
        name: "Nobody Known",
        email: "nobody@example.org",
        password: "a long enough secret",
        grants: [
          { role: "viewer", scopeType: "organisation", scopeId: "3f2c9c8e-1b7a-4d0e-9a55-000000000000" },
          { role: "district_officer", scopeType: "district", scopeId: sector.id },
        ],
        organisationIds: ["3f2c9c8e-1b7a-4d0e-9a55-000000000001"],
      }),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.map((e) => e.path).sort()).toEqual([
      "grants.0.scopeId",
      "grants.1.scopeId",
      "organisationIds.0",
    ]);

    const national = await admin.json<Problem>("/api/users", {
      method: "POST",
      body: JSON.stringify({
        name: "Nobody Known",
        email: "nobody@example.org",
        password: "a long enough secret",
        grants: [{ role: "viewer", scopeType: "national", scopeId: "3f2c9c8e-1b7a-4d0e-9a55-000000000000" }],
      }),
    });
    expect(national.status).toBe(422);
    expectFieldError(national.body, "grants.0.scopeId");

    const taken = await admin.json<Problem>("/api/users", {
      method: "POST",
      body: JSON.stringify({
        name: "Copy Cat",
        email: ADMIN.email.toUpperCase(),
        password: "a long enough secret",
      }),
    });
    expect(taken.status).toBe(409);
    expectFieldError(taken.body, "email");
    expect(await countUsers()).toBe(before);
  });
});
