// The breach report over HTTP (issue 17): an administrator sees what user U read and changed in a window — with the
// request ids of U's requests, without changed values — page by page and as CSV; nobody else does; bad dates are 422.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { todayInKigali } from "../../shared/today";
import { recordRead, type UserActivityEntry, type UserActivityPage } from "../audit";
import { loadUserActor } from "./access.service";

let handle: DatabaseHandle;
let admin: TestClient;
let adminId: string;
/** User U: a coordinator whose reads and changes the report is about. */
let u: { userId: string; client: TestClient };
let organisationId: string;
const today = todayInKigali();
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const CREATE_REQUEST = `req-create-${randomUUID().slice(0, 8)}`;
const READ_REQUEST = `req-read-${randomUUID().slice(0, 8)}`;

const auditCount = async () =>
  Number((await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from audit_log`))[0]?.n);

const activityUrl = (params: Record<string, string>) => `/api/audit/activity?${new URLSearchParams(params)}`;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  const signedInAdmin = await server.signInAs([nationalGrant("administrator")]);
  admin = signedInAdmin.client;
  adminId = signedInAdmin.userId;
  u = await server.signInAs([nationalGrant("coordinator")]);

  // U changes a record over HTTP, in a request whose id the client chose.
  const created = await u.client.json<{ id: string }>("/api/organisations", {
    method: "POST",
    headers: { "x-request-id": CREATE_REQUEST },
    // The acronym is a value of the change: it stays in the audit log, out of the report (the name is the label).
    body: JSON.stringify({ name: "Kigali Legal Aid Clinic", acronym: "CNRYQ7", kind: "local_cso" }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  organisationId = created.body.id;
  // U reads a record (the incidents module will record its reads this way, with the request's context).
  const actor = await loadUserActor(handle.db, u.userId);
  if (!actor) throw new Error("U cannot act");
  await recordRead(
    { db: handle.db, actor, requestId: READ_REQUEST },
    { entityType: "incident", entityId: "inc-42", entityLabel: "INC-42", reason: "case review" },
  );
  // Long before the window: U's row of 2020, and another user's row today.
  await handle.db.execute(
    sql`insert into audit_log (occurred_at, actor_user_id, actor_label, action, entity_type, entity_id, changes)
        values ('2020-03-01T10:00:00Z', ${u.userId}, 'U', 'read', 'incident', 'inc-2020', '{}'),
               (now(), 'someone-else', 'Other', 'read', 'incident', 'inc-other', '{}')`,
  );
});
afterAll(async () => {
  await handle?.close();
});

describe("GET /api/audit/activity", () => {
  it("shows an administrator U's read and change in the window, with request ids and without changed values", async () => {
    const res = await admin.json<UserActivityPage>(
      activityUrl({ userId: u.userId, from: yesterday, to: today }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const items = res.body.items;
    const read = items.find((i) => i.entityId === "inc-42");
    const change = items.find((i) => i.entityType === "organisation" && i.entityId === organisationId);
    expect(read).toMatchObject({
      action: "read",
      entityType: "incident",
      entityLabel: "INC-42",
      requestId: READ_REQUEST,
    });
    expect(change).toMatchObject({ action: "create", requestId: CREATE_REQUEST });
    expect(items.map((i) => i.entityId)).not.toContain("inc-2020");
    expect(items.map((i) => i.entityId)).not.toContain("inc-other");
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual([
        "action",
        "entityId",
        "entityLabel",
        "entityType",
        "id",
        "occurredAt",
        "requestId",
      ]);
    // Newest first: the read was recorded after the change.
    expect(items.findIndex((i) => i.entityId === "inc-42")).toBeLessThan(
      items.findIndex((i) => i.entityId === organisationId),
    );
    expect(res.body.nextCursor).toBeNull();
    expect(change?.entityLabel).toBe("Kigali Legal Aid Clinic");
    // The change's values stay in the audit log.
    const [stored] = await queryRows<{ changes: string }>(
      handle.db,
      sql`select changes::text as changes from audit_log where entity_id = ${organisationId} and action = 'create'`,
    );
    expect(stored?.changes).toContain("CNRYQ7");
    expect(JSON.stringify(res.body)).not.toContain("CNRYQ7");
  });

  it("finds the 2020 row in a 2020 window, and only it", async () => {
    const res = await admin.json<UserActivityPage>(
      activityUrl({ userId: u.userId, from: "2020-03-01", to: "2020-03-01T23:59:59+02:00" }),
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.entityId, i.occurredAt])).toEqual([
      ["inc-2020", "2020-03-01T10:00:00.000000Z"],
    ]);
  });

  it("pages newest first by cursor, giving every row once", async () => {
    const whole = await admin.json<UserActivityPage>(
      activityUrl({ userId: u.userId, from: "2020-01-01", to: today }),
    );
    expect(whole.body.items.length).toBeGreaterThanOrEqual(3);
    const paged: UserActivityEntry[] = [];
    let cursor: string | null = null;
    do {
      const params: Record<string, string> = { userId: u.userId, from: "2020-01-01", to: today, limit: "1" };
      if (cursor) params.cursor = cursor;
      const page: { status: number; body: UserActivityPage } = await admin.json<UserActivityPage>(
        activityUrl(params),
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      paged.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged.map((i) => i.id)).toEqual(whole.body.items.map((i) => i.id));
  });

  it("audits the administrator's look, in the administrator's request", async () => {
    await admin.request(activityUrl({ userId: u.userId, from: yesterday, to: today }), {
      headers: { "x-request-id": "req-admin-look" },
    });
    const [row] = await queryRows<{
      actor_user_id: string;
      entity_type: string;
      entity_id: string;
      reason: string;
    }>(
      handle.db,
      sql`select actor_user_id, entity_type, entity_id, changes -> 'reason' ->> 'after' as reason from audit_log
          where request_id = 'req-admin-look'`,
    );
    expect(row).toEqual({
      actor_user_id: adminId,
      entity_type: "user",
      entity_id: u.userId,
      reason: "activity report",
    });
  });

  it("refuses anyone but an administrator, and writes nothing", async () => {
    const before = await auditCount();
    await expectProblem(
      await u.client.request(activityUrl({ userId: u.userId, from: yesterday, to: today })),
      403,
    );
    await expectProblem(
      await u.client.request(
        `/api/audit/activity.csv?${new URLSearchParams({ userId: u.userId, from: yesterday, to: today })}`,
      ),
      403,
    );
    expect(await auditCount()).toBe(before);
    const anonymous = createTestServer(handle).anonymous;
    await expectProblem(
      await anonymous.request(activityUrl({ userId: u.userId, from: yesterday, to: today })),
      401,
    );
  });

  it("answers 422 naming the field for a date that does not exist, an end before the start, a forged cursor", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await admin.request(activityUrl({ userId: u.userId, from: "2026-02-30", to: today })),
        422,
        {
          path: "from",
          in: "query",
        },
      );
      await expectProblem(
        await admin.request(activityUrl({ userId: u.userId, from: today, to: "last week" })),
        422,
        {
          path: "to",
          in: "query",
        },
      );
      await expectProblem(
        await admin.request(activityUrl({ userId: u.userId, from: today, to: "2020-01-01" })),
        422,
        {
          path: "to",
          in: "query",
        },
      );
      await expectProblem(
        await admin.request(
          activityUrl({ userId: u.userId, from: yesterday, to: today, cursor: "' or 1=1 --" }),
        ),
        422,
        { path: "cursor", in: "query" },
      );
      await expectProblem(await admin.request(activityUrl({ userId: u.userId, to: today })), 422, {
        path: "from",
        in: "query",
      });
    });
  });
});

describe("GET /api/audit/activity.csv", () => {
  it("downloads the same rows as CSV with a header in the reader's language", async () => {
    const query = { userId: u.userId, from: "2020-01-01", to: today };
    const json = await admin.json<UserActivityPage>(activityUrl({ ...query, limit: "500" }));
    const res = await admin.request(
      `/api/audit/activity.csv?${new URLSearchParams({ ...query, lang: "fr" })}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="user-activity-/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Date et heure,Action,Type de dossier,Identifiant du dossier,Dossier,Identifiant de requête",
    );
    // The page above was itself audited (a read of U's record by the administrator): not U's activity.
    expect(lines.length - 1).toBe(json.body.items.length);
    expect(lines).toContain(
      `${json.body.items.find((i) => i.entityId === "inc-42")?.occurredAt},Consultation,incident,inc-42,INC-42,${READ_REQUEST}`,
    );
    expect(lines.join("\n")).not.toContain("CNRYQ7");
  });
});
