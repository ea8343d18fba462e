// HTTP tests of the account lifecycle with a real SMTP server on 127.0.0.1: invite by email and accept by the link,
// change roles and scopes, deactivate (sessions end at once) and reactivate, forgot password by emailed link.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  TEST_ORIGIN,
  TEST_PASSWORD,
  type TestClient,
} from "../../../tests/factories";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../../../tests/smtp";
import type { DatabaseHandle } from "../../db/client";
import { auditLogTable } from "../audit/audit.table";
import type { InvitationLookup, InvitationSummary, UserDetail } from "./access.schema";
import { invitationTable } from "./access.table";

let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let server: ReturnType<typeof createTestServer>;
let admin: { userId: string; email: string; client: TestClient };

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  server = createTestServer(handle, { smtpUrl: smtp.url });
  admin = await server.signInAs([nationalGrant("administrator")]);
});
afterAll(async () => {
  await server?.mailer.close();
  await smtp?.close();
  await handle?.close();
});

const uniqueEmail = (what: string) => `${what}-${randomBytes(4).toString("hex")}@example.rw`;
const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
const patch = (body: unknown, version: number | string) => ({
  method: "PATCH",
  body: JSON.stringify(body),
  headers: { "if-match": `"${version}"` },
});
const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";

function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function invite(body: Record<string, unknown>) {
  const res = await admin.client.json<InvitationSummary>("/api/invitations", post(body));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function auditEntries(entityType: string, entityId: string) {
  return handle.db
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.entityType, entityType), eq(auditLogTable.entityId, entityId)));
}

describe("invitations", () => {
  it("an invitee gets the email in their language, accepts by the link once, and signs in with the roles given", async () => {
    const organisation = await createOrganisationFixture(handle);
    const email = uniqueEmail("invitee");
    const invitation = await invite({
      email: email.toUpperCase(),
      locale: "fr",
      grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: organisation.id }],
      organisationIds: [organisation.id],
    });
    expect(invitation).toMatchObject({ email, status: "pending", locale: "fr" });

    const mail = await smtp.waitFor(email);
    expect(mail.subject).toBe("Votre invitation à Ubufatanye");
    expect(mail.headers.get("content-language")).toBe("fr");
    expect(mail.text).toContain("en tant que : Éditeur partenaire.");
    // Nothing about anyone else: not the administrator who invited, nor the organisation.
    expect(mail.text).not.toContain(admin.email);
    expect(mail.text).not.toContain(organisation.name);
    const link = linkIn(mail, "accept-invitation");
    expect(link.startsWith(`${TEST_ORIGIN}/accept-invitation?token=`)).toBe(true);
    const token = tokenOf(link);
    // Only a hash of the token is kept.
    const stored = await handle.db
      .select()
      .from(invitationTable)
      .where(eq(invitationTable.id, invitation.id));
    expect(JSON.stringify(stored)).not.toContain(token);

    const lookup = await server.anonymous.json<InvitationLookup>(
      `/api/invitations/lookup?token=${encodeURIComponent(token)}`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ email, locale: "fr" });

    // The one password rule: not the invitee's name, not a common password; nothing written, the link still works.
    const beforeWeak = await databaseFootprint(handle.db);
    for (const [weak, code] of [
      ["amina uwase 2026", "password_contains_name"],
      ["qwertyuiop123", "password_too_common"],
    ] as const) {
      const refused = await server.anonymous.request(
        "/api/invitations/accept",
        post({ token, name: "Amina Uwase", password: weak }),
      );
      const weakProblem = await expectProblem(refused, 422, { path: "password" });
      expect(weakProblem.errors?.[0]?.code).toBe(code);
    }
    expect(await databaseFootprint(handle.db)).toEqual(beforeWeak);

    const accepted = await server.anonymous.json<{ userId: string; email: string }>(
      "/api/invitations/accept",
      post({ token, name: "Amina Uwase", password: TEST_PASSWORD }),
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.email).toBe(email);

    const signIn = await server.signIn(email);
    expect(signIn.status).toBe(200);
    const me = await server
      .client(cookieOf(signIn))
      .json<{ grants: unknown[]; locale: string; name: string }>("/api/me");
    expect(me.body).toMatchObject({
      name: "Amina Uwase",
      locale: "fr",
      grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: organisation.id }],
    });

    // The link is spent: a second use says so and writes nothing.
    const before = await databaseFootprint(handle.db);
    const again = await server.anonymous.request(
      "/api/invitations/accept",
      post({ token, name: "Someone Else", password: TEST_PASSWORD }),
    );
    const problem = await expectProblem(again, 409, { path: "token" });
    expect(problem.errors?.[0]?.code).toBe("invitation_used");
    expect(problem.detail).toMatch(/already used/);
    expect(await databaseFootprint(handle.db)).toEqual(before);

    const audit = await auditEntries("invitation", invitation.id);
    expect(audit.map((a) => a.action).sort()).toEqual(["create", "update"]);
    // The account's creation, and the sign-in above (audited since issue 15).
    const userAudit = await auditEntries("user", accepted.body.userId);
    expect(userAudit.map((a) => a.action).sort()).toEqual(["create", "sign_in"]);
  });

  it("an expired link, a replaced link and an unknown link each say why, and write nothing", async () => {
    const email = uniqueEmail("late");
    await invite({ email, grants: [nationalGrant("viewer")] });
    const first = tokenOf(linkIn(await smtp.waitFor(email), "accept-invitation"));
    await invite({ email, locale: "rw", grants: [nationalGrant("viewer")] });
    await expect.poll(() => smtp.messagesTo(email).length).toBe(2);
    const second = tokenOf(
      linkIn(smtp.messagesTo(email)[1] ?? (await smtp.waitFor(email)), "accept-invitation"),
    );
    expect(smtp.messagesTo(email)[1]?.headers.get("content-language")).toBe("rw");

    const before = await databaseFootprint(handle.db);
    const replaced = await expectProblem(
      await server.anonymous.request(
        "/api/invitations/accept",
        post({ token: first, name: "Late", password: TEST_PASSWORD }),
      ),
      409,
      { path: "token" },
    );
    expect(replaced.errors?.[0]?.code).toBe("invitation_replaced");

    await handle.db.execute(
      sql`update invitation set expires_at = now() - interval '1 minute' where lower(email) = ${email}`,
    );
    const beforeExpired = await databaseFootprint(handle.db);
    const expired = await expectProblem(
      await server.anonymous.request(`/api/invitations/lookup?token=${second}`),
      409,
      { path: "token" },
    );
    expect(expired.errors?.[0]?.code).toBe("invitation_expired");
    await expectProblem(
      await server.anonymous.request(
        "/api/invitations/accept",
        post({ token: second, name: "Late", password: TEST_PASSWORD }),
      ),
      409,
      { path: "token" },
    );
    expect(await databaseFootprint(handle.db)).toEqual(beforeExpired);
    const unknown = await expectProblem(
      await server.anonymous.request(`/api/invitations/lookup?token=${"x".repeat(43)}`),
      404,
      { path: "token" },
    );
    expect(unknown.errors?.[0]?.code).toBe("invitation_unknown");
    expect(before.user).toEqual((await databaseFootprint(handle.db)).user);
  });

  it("refuses bad input with field paths, a taken address, and non-administrators, writing nothing", async () => {
    const coordinator = await server.signInAs([nationalGrant("coordinator")]);
    const before = await databaseFootprint(handle.db);
    await expectProblem(
      await admin.client.request("/api/invitations", post({ email: "not an email", grants: [] })),
      422,
      { path: ["email", "grants"] },
    );
    await expectProblem(
      await admin.client.request(
        "/api/invitations",
        post({
          email: uniqueEmail("scope"),
          grants: [{ role: "district_officer", scopeType: "district", scopeId: crypto.randomUUID() }],
        }),
      ),
      422,
      { path: "grants.0.scopeId" },
    );
    await expectProblem(
      await admin.client.request(
        "/api/invitations",
        post({ email: admin.email, grants: [nationalGrant("viewer")] }),
      ),
      409,
      { path: "email" },
    );
    await expectProblem(
      await coordinator.client.request(
        "/api/invitations",
        post({ email: uniqueEmail("x"), grants: [nationalGrant("viewer")] }),
      ),
      403,
    );
    await expectProblem(await server.anonymous.request("/api/invitations"), 401);
    await expectProblem(
      await server.anonymous.request(
        "/api/invitations/accept",
        post({ token: "short", name: "A", password: "x" }),
      ),
      422,
      { path: ["token", "name", "password"] },
    );
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });
});

describe("administering accounts", () => {
  it("changes roles and scopes with If-Match, audited, and the next request sees the new role", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    const current = await admin.client.json<UserDetail>(`/api/users/${user.userId}`);
    expect(current.status).toBe(200);
    expect(current.headers.get("etag")).toBe(`"${current.body.version}"`);

    const noIfMatch = await admin.client.request(`/api/users/${user.userId}`, {
      method: "PATCH",
      body: JSON.stringify({ grants: [nationalGrant("coordinator")] }),
    });
    await expectProblem(noIfMatch, 428);

    const district = (await handle.db.execute(
      sql`select id from place where kind = 'district' limit 1`,
    )) as unknown as {
      rows: { id: string }[];
    };
    const districtId = district.rows[0]?.id;
    const changed = await admin.client.json<UserDetail>(
      `/api/users/${user.userId}`,
      patch(
        {
          grants: [
            nationalGrant("coordinator"),
            { role: "district_officer", scopeType: "district", scopeId: districtId },
          ],
        },
        current.body.version,
      ),
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.version).toBe(current.body.version + 1);
    expect(changed.body.grants.map((g) => g.role).sort()).toEqual(["coordinator", "district_officer"]);
    const me = await user.client.json<{ grants: { role: string }[] }>("/api/me");
    expect(me.body.grants.map((g) => g.role).sort()).toEqual(["coordinator", "district_officer"]);

    const stale = await admin.client.request(
      `/api/users/${user.userId}`,
      patch({ locale: "fr" }, current.body.version),
    );
    await expectProblem(stale, 412);

    const [entry] = (await auditEntries("user", user.userId)).filter((a) => a.action === "update");
    expect(entry?.actorUserId).toBe(admin.userId);
    expect(Object.keys(entry?.changes ?? {})).toEqual(["grants"]);
  });

  it("deactivating ends the user's sessions at once and refuses sign-in; reactivating lets them back", async () => {
    const user = await server.signInAs([nationalGrant("coordinator")]);
    expect((await user.client.request("/api/me")).status).toBe(200);
    const { body: current } = await admin.client.json<UserDetail>(`/api/users/${user.userId}`);

    const off = await admin.client.json<UserDetail>(
      `/api/users/${user.userId}`,
      patch({ disabled: true }, current.version),
    );
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    // The very next request with their cookie is anonymous.
    await expectProblem(await user.client.request("/api/me"), 401);
    await expectProblem(await user.client.request("/api/organisations"), 401);
    const refused = await server.signIn(user.email);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/deactivated/);
    const sessions = (await handle.db.execute(
      sql`select count(*)::int as n from session where user_id = ${user.userId}`,
    )) as unknown as { rows: { n: number }[] };
    expect(Number(sessions.rows[0]?.n)).toBe(0);

    const on = await admin.client.json<UserDetail>(
      `/api/users/${user.userId}`,
      patch({ disabled: false }, off.body.version),
    );
    expect(on.body.disabled).toBe(false);
    expect((await server.signIn(user.email)).status).toBe(200);
    const changes = (await auditEntries("user", user.userId)).map((a) => a.changes);
    expect(changes).toContainEqual({ disabled: { before: false, after: true } });
    expect(changes).toContainEqual({ disabled: { before: true, after: false } });
  });

  it("keeps an administrator from locking themselves or everyone out", async () => {
    const { body: self } = await admin.client.json<UserDetail>(`/api/users/${admin.userId}`);
    const before = await databaseFootprint(handle.db);
    const own = await expectProblem(
      await admin.client.request(`/api/users/${admin.userId}`, patch({ disabled: true }, self.version)),
      409,
      { path: "disabled" },
    );
    expect(own.errors?.[0]?.code).toBe("own_account");
    // Every other administrator is made inactive first, so this one is the last.
    await handle.db.execute(
      sql`update "user" set disabled = true where id <> ${admin.userId} and id in (select user_id from role_grant where role = 'administrator')`,
    );
    const last = await expectProblem(
      await admin.client.request(
        `/api/users/${admin.userId}`,
        patch({ grants: [nationalGrant("viewer")] }, self.version),
      ),
      409,
      { path: "grants" },
    );
    expect(last.errors?.[0]?.code).toBe("last_administrator");
    await handle.db.execute(sql`update "user" set disabled = false where id <> ${admin.userId}`);
    const after = await databaseFootprint(handle.db);
    expect(after.role_grant).toEqual(before.role_grant);
  });

  it("refuses unknown fields, unknown users and non-administrators", async () => {
    const user = await server.signInAs([nationalGrant("coordinator")]);
    const { body: current } = await admin.client.json<UserDetail>(`/api/users/${user.userId}`);
    const before = await databaseFootprint(handle.db);
    await expectProblem(
      await admin.client.request(
        `/api/users/${user.userId}`,
        patch({ email: "new@example.rw" }, current.version),
      ),
      422,
    );
    await expectProblem(
      await admin.client.request(
        `/api/users/${user.userId}`,
        patch({ name: "x".repeat(500) }, current.version),
      ),
      422,
      { path: "name" },
    );
    await expectProblem(
      await admin.client.request("/api/users/nobody-has-this-id", patch({ locale: "fr" }, 1)),
      404,
    );
    await expectProblem(
      await user.client.request(
        `/api/users/${user.userId}`,
        patch({ grants: [nationalGrant("administrator")] }, current.version),
      ),
      403,
    );
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });
});

describe("forgot password", () => {
  async function requestReset(email: string) {
    return server.anonymous.json<{ status: boolean; message: string }>("/api/auth/request-password-reset", {
      method: "POST",
      body: JSON.stringify({ email }),
      headers: { origin: TEST_ORIGIN },
    });
  }

  it("answers the same for an unknown address and sends nothing", async () => {
    const known = await server.signInAs([nationalGrant("viewer")]);
    await handle.db.execute(sql`delete from rate_limit`);
    const unknown = await requestReset(uniqueEmail("nobody"));
    const existing = await requestReset(known.email);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(existing.body);
    await smtp.waitFor(known.email);
    expect(smtp.received.filter((m) => m.envelopeTo.some((t) => t.startsWith("nobody-")))).toHaveLength(0);
  });

  it("emails a link in the account's language; the reset ends other sessions and the new password signs in", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    const { body: current } = await admin.client.json<UserDetail>(`/api/users/${user.userId}`);
    await admin.client.json(`/api/users/${user.userId}`, patch({ locale: "rw" }, current.version));
    await handle.db.execute(sql`delete from rate_limit`);
    await requestReset(user.email);
    const mail = await smtp.waitFor(user.email);
    expect(mail.subject).toBe("Hindura ijambo ry'ibanga rya Ubufatanye");
    expect(mail.headers.get("content-language")).toBe("rw");
    const token = tokenOf(linkIn(mail, "reset-password"));

    // The one password rule holds here too: a common password, or one holding the address, is refused and the
    // link stays usable.
    for (const [weak, code] of [
      ["password1234", "password_too_common"],
      [`${user.email.split("@")[0]} 2026!`, "password_contains_email"],
    ] as const) {
      const refused = await server.anonymous.request("/api/auth/reset-password", {
        method: "POST",
        body: JSON.stringify({ token, newPassword: weak }),
        headers: { origin: TEST_ORIGIN },
      });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ status: 422, errors: [{ path: "password", code }] });
    }
    expect((await user.client.request("/api/me")).status).toBe(200);

    const reset = await server.anonymous.request("/api/auth/reset-password", {
      method: "POST",
      body: JSON.stringify({ token, newPassword: "a brand new passphrase" }),
      headers: { origin: TEST_ORIGIN },
    });
    expect(reset.status).toBe(200);
    await expectProblem(await user.client.request("/api/me"), 401);
    expect((await server.signIn(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await server.signIn(user.email, "a brand new passphrase")).status).toBe(200);
    const reused = await server.anonymous.request("/api/auth/reset-password", {
      method: "POST",
      body: JSON.stringify({ token, newPassword: "yet another passphrase" }),
      headers: { origin: TEST_ORIGIN },
    });
    expect(reused.status).toBe(400);
    const changes = (await auditEntries("user", user.userId)).map((a) => Object.keys(a.changes).sort());
    expect(changes).toContainEqual(["otherSessions", "passwordResetAt"]);
  });

  it("sends nothing to a deactivated account", async () => {
    const user = await server.signInAs([nationalGrant("viewer")]);
    const { body: current } = await admin.client.json<UserDetail>(`/api/users/${user.userId}`);
    await admin.client.json(`/api/users/${user.userId}`, patch({ disabled: true }, current.version));
    await handle.db.execute(sql`delete from rate_limit`);
    const res = await requestReset(user.email);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    await server.mailer.deliverPending();
    expect(smtp.messagesTo(user.email)).toHaveLength(0);
  });
});

describe("outbox", () => {
  it("administrators list and open messages; others may not", async () => {
    const viewer = await server.signInAs([nationalGrant("viewer")]);
    const list = await admin.client.json<{ delivery: string; items: { id: string; status: string }[] }>(
      "/api/outbox",
    );
    expect(list.status).toBe(200);
    expect(list.body.delivery).toBe("smtp");
    const sent = list.body.items.find((m) => m.status === "sent");
    if (!sent) throw new Error("no sent message in the outbox");
    const one = await admin.client.json<{ bodyText: string | null }>(`/api/outbox/${sent.id}`);
    expect(one.status).toBe(200);
    // Sent messages keep no link.
    expect(one.body.bodyText).toBeNull();
    await expectProblem(await viewer.client.request("/api/outbox"), 403);
    await expectProblem(await admin.client.request(`/api/outbox/${crypto.randomUUID()}`), 404);
  });
});
