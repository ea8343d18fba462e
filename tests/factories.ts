// Builders for test data and a signed-in HTTP client over the app, shared by every test file.
import { randomBytes, randomUUID } from "node:crypto";
import pino from "pino";
import type { DatabaseHandle } from "../src/db/client";
import type { ServiceContext } from "../src/kernel";
import type { Grant, SystemActor, UserActor } from "../src/modules/access/access.schema";
import { insertGrants, insertUserOrganisations } from "../src/modules/access/access.store";
import { createAuth, createCredentialUser } from "../src/modules/access/better-auth";
import type { AgreementInput } from "../src/modules/agreements/agreements.schema";
import type { OrganisationInput } from "../src/modules/organisations/organisations.schema";
import { createApp } from "../src/server/app";

export const systemActor: SystemActor = { kind: "system", label: "test" };

export const nationalGrant = (role: Grant["role"]): Grant => ({ role, scopeType: "national", scopeId: null });

export function buildUserActor(grants: Grant[], organisationIds: string[] = []): UserActor {
  const userId = randomUUID();
  return { kind: "user", userId, label: `test user ${userId.slice(0, 8)}`, grants, organisationIds };
}

export function contextAs(handle: DatabaseHandle, actor: ServiceContext["actor"]): ServiceContext {
  return { db: handle.db, actor };
}

let counter = 0;
export function buildOrganisationInput(overrides: Partial<OrganisationInput> = {}): OrganisationInput {
  counter++;
  return {
    name: `Test Organisation ${counter} ${randomBytes(3).toString("hex")}`,
    kind: "local_cso",
    ...overrides,
  };
}

export const TEST_ORIGIN = "http://127.0.0.1:3000";
export const TEST_PASSWORD = "correct horse battery staple";

export type TestClient = {
  request(path: string, init?: RequestInit): Promise<Response>;
  json<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
};

/** The whole app in-process, with a helper to sign in users holding given grants. */
export function createTestServer(
  handle: DatabaseHandle,
  options: { signInAttemptsPerMinute?: number; webDir?: string } = {},
) {
  const auth = createAuth(handle.db, {
    secret: randomBytes(32).toString("hex"),
    baseURL: TEST_ORIGIN,
    secureCookies: false,
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? 1000,
  });
  const app = createApp({
    handle,
    auth,
    logger: pino({ level: "silent" }),
    version: "test",
    trustedOrigins: [TEST_ORIGIN],
    trustProxy: false,
    webDir: options.webDir,
  });

  function client(cookie?: string): TestClient {
    const request = (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookie) headers.set("cookie", cookie);
      // FormData sets its own multipart type with the boundary.
      if (init.body !== undefined && !(init.body instanceof FormData) && !headers.has("content-type"))
        headers.set("content-type", "application/json");
      return Promise.resolve(app.request(`${TEST_ORIGIN}${path}`, { ...init, headers }));
    };
    return {
      request,
      async json<T>(path: string, init?: RequestInit) {
        const res = await request(path, init);
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
      },
    };
  }

  async function signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    return app.request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({ email, password }),
    });
  }

  /** Creates a user with these grants, signs in, and returns a client carrying the session cookie. */
  async function signInAs(grants: Grant[], organisationIds: string[] = []) {
    const email = `user-${randomBytes(4).toString("hex")}@example.org`;
    const userId = await createCredentialUser(auth, {
      name: "Test User",
      email,
      password: TEST_PASSWORD,
      locale: "en",
    });
    await insertGrants(handle.db, userId, grants);
    await insertUserOrganisations(handle.db, userId, organisationIds);
    const res = await signIn(email);
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { userId, email, client: client(cookie) };
  }

  return { app, auth, anonymous: client(), signIn, signInAs };
}

/** An agreement between the given organisations (the first two as signatories); at least two ids. */
export function buildAgreementInput(
  organisationIds: readonly string[],
  overrides: Partial<AgreementInput> = {},
): AgreementInput {
  counter++;
  return {
    title: `Test agreement ${counter} ${randomBytes(3).toString("hex")}`,
    kind: "mou",
    parties: organisationIds.map((organisationId) => ({ organisationId, role: "signatory" as const })),
    ...overrides,
  };
}
