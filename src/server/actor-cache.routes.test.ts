// The cache of signed-in users (issue 20) with two app instances on one database, as two servers behind a load
// balancer: a grant changed or an account deactivated through one takes effect on the other at its next request;
// and the cache itself reads a user once while nothing changed.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { createTestServer, nationalGrant } from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";
import type { UserActor } from "../kernel";
import { createActorCache } from "./actor-cache";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("two instances, one database", () => {
  it("a grant changed, then the account deactivated, on one instance counts on the other at once", async () => {
    const secret = randomBytes(32).toString("hex");
    const one = createTestServer(handle, { secret });
    const other = createTestServer(handle, { secret });
    const admin = await one.signInAs([nationalGrant("administrator")]);
    const user = await one.signInAs([nationalGrant("viewer")]);
    const onOne = one.client(user.cookie);
    const onOther = other.client(user.cookie);
    const adminOnOther = other.client(admin.cookie);

    // Both instances know the viewer now (and keep what they read): a viewer may not list users.
    expect((await onOne.request("/api/agreements")).status).toBe(200);
    expect((await onOther.request("/api/agreements")).status).toBe(200);
    expect((await onOne.request("/api/users")).status).toBe(403);

    // Made administrator through the other instance: the first sees it on its next request.
    const read = await adminOnOther.request(`/api/users/${user.userId}`);
    const promoted = await adminOnOther.request(`/api/users/${user.userId}`, {
      method: "PATCH",
      headers: { "if-match": read.headers.get("etag") ?? "" },
      body: JSON.stringify({ grants: [nationalGrant("administrator")] }),
    });
    expect(promoted.status).toBe(200);
    expect((await onOne.request("/api/users")).status).toBe(200);

    // Deactivated through the other instance: the first refuses the session at once.
    const deactivated = await adminOnOther.request(`/api/users/${user.userId}`, {
      method: "PATCH",
      headers: { "if-match": promoted.headers.get("etag") ?? "" },
      body: JSON.stringify({ disabled: true }),
    });
    expect(deactivated.status).toBe(200);
    expect((await onOne.request("/api/agreements")).status).toBe(401);
    expect((await onOther.request("/api/agreements")).status).toBe(401);
  });
});

describe("the cache", () => {
  const actor: UserActor = {
    kind: "user",
    userId: "u1",
    label: "Test <t@example.org>",
    grants: [],
    organisationIds: [],
  };
  const cookie = "lang=fr; better-auth.session_token=abc.signature";

  it("reads a user once while nothing changes, again after any change to users, grants or sessions", async () => {
    const cache = createActorCache(handle.db);
    let loads = 0;
    const load = async () => {
      loads++;
      return { actor, sessionEndsAt: new Date(Date.now() + 3_600_000) };
    };
    await cache.resolve(cookie, load);
    await cache.resolve(cookie, load);
    expect(loads).toBe(1);
    // Any change to who may do what, however made (here by hand in SQL), raises the epoch.
    await handle.db.execute(sql`delete from role_grant where false`);
    await cache.resolve(cookie, load);
    expect(loads).toBe(2);
    await handle.db.execute(sql`update session set expires_at = expires_at where false`);
    await cache.resolve(cookie, load);
    expect(loads).toBe(3);
    // Another session is another entry; a request without a session cookie is never cached.
    await cache.resolve("better-auth.session_token=other.signature", load);
    expect(loads).toBe(4);
    await cache.resolve(undefined, load);
    await cache.resolve(undefined, load);
    expect(loads).toBe(6);
    expect(cache.size()).toBe(2);
  });

  it("keeps an entry 30 s at most and never past its session's end; keeps no refused session", async () => {
    let clock = Date.now();
    const cache = createActorCache(handle.db, () => clock);
    let loads = 0;
    const ending = async () => {
      loads++;
      return { actor, sessionEndsAt: new Date(clock + 10_000) };
    };
    await cache.resolve(cookie, ending);
    clock += 9_000;
    await cache.resolve(cookie, ending);
    expect(loads).toBe(1);
    clock += 2_000;
    await cache.resolve(cookie, ending);
    expect(loads).toBe(2);
    const refused = async () => {
      loads++;
      return null;
    };
    const stranger = "better-auth.session_token=forged.value";
    expect(await cache.resolve(stranger, refused)).toBeNull();
    expect(await cache.resolve(stranger, refused)).toBeNull();
    expect(loads).toBe(4);
  });
});
