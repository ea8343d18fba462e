// Sign-in, refused sign-in, sign-out and password change each leave one audit row, on PGlite and PostgreSQL.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, TEST_ORIGIN, TEST_PASSWORD } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { verifyAuditChain } from "../audit";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
});
afterAll(() => handle.close());

type Row = {
  action: string;
  entity_id: string;
  actor_user_id: string | null;
  actor_label: string;
  changes: string;
};

async function rowsSince(seq: number): Promise<Row[]> {
  return queryRows<Row>(
    handle.db,
    sql`select action, entity_id, actor_user_id, actor_label, changes::text as changes from audit_log
        where chain_seq > ${seq} and action in ('sign_in', 'sign_in_failed', 'sign_out', 'password_change')
        order by chain_seq`,
  );
}
const head = async () =>
  Number(
    (
      await queryRows<{ n: string }>(handle.db, sql`select coalesce(max(chain_seq), 0) as n from audit_log`)
    )[0]?.n,
  );

const post = (path: string, body: unknown, cookie?: string) =>
  server.app.request(`${TEST_ORIGIN}/api/auth${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: TEST_ORIGIN,
      "user-agent": "AuditProbe/1.0",
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });

describe("auditing better-auth's own endpoints", () => {
  it("records a refused sign-in with the email tried and the user agent, never the password", async () => {
    const { email, userId } = await server.signInAs([nationalGrant("viewer")]);
    const since = await head();
    const wrong = "Wrong-Password-Canary-7731";
    expect((await post("/sign-in/email", { email, password: wrong })).status).toBe(401);
    expect((await post("/sign-in/email", { email: "nobody@example.org", password: wrong })).status).toBe(401);
    const rows = await rowsSince(since);
    expect(rows.map((r) => [r.action, r.entity_id, r.actor_user_id, r.actor_label])).toEqual([
      ["sign_in_failed", userId, null, "anonymous"],
      ["sign_in_failed", "unknown", null, "anonymous"],
    ]);
    expect(JSON.parse(rows[0]?.changes ?? "{}")).toMatchObject({
      email: { after: email },
      userAgent: { after: "AuditProbe/1.0" },
    });
    expect(rows.map((r) => r.changes).join("")).not.toContain(wrong);
  });

  it("records a sign-in, a password change and a sign-out, as the user", async () => {
    const { email, userId } = await server.signInAs([nationalGrant("viewer")]);
    const since = await head();
    const signedIn = await post("/sign-in/email", { email, password: TEST_PASSWORD });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const newPassword = "a much longer new passphrase 42";
    // better-auth's /change-password is turned off: the password is changed through the app's own endpoint.
    const changed = await server.app.request(`${TEST_ORIGIN}/api/me/password`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, cookie },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, password: newPassword }),
    });
    expect(changed.status).toBe(200);
    expect((await post("/sign-out", {}, cookie)).status).toBe(200);
    const rows = await rowsSince(since);
    expect(rows.map((r) => [r.action, r.entity_id, r.actor_user_id])).toEqual([
      ["sign_in", userId, userId],
      ["password_change", userId, userId],
      ["sign_out", userId, userId],
    ]);
    expect(rows[0]?.actor_label).toBe("Test User");
    const all = rows.map((r) => r.changes).join("");
    expect(all).not.toContain(newPassword);
    expect(all).not.toContain(TEST_PASSWORD);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
  });
});
