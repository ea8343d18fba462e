// The breach report's service on both engines: every row of a window in pages, one audit of the lookup, and only
// administrators (and the CLI's system actor) may ask.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, nationalGrant, systemActor } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { recordRead } from "./audit.service";
import { eachUserActivityPage, listUserActivity } from "./audit-activity.service";

let handle: DatabaseHandle;
const reader = buildUserActor([nationalGrant("coordinator")]);
const readerId = reader.kind === "user" ? reader.userId : "";

beforeAll(async () => {
  handle = await createTestDatabase();
  for (let i = 0; i < 5; i++)
    await recordRead(
      { db: handle.db, actor: reader, requestId: `req-${i}` },
      { entityType: "incident", entityId: `inc-${i}` },
    );
});
afterAll(async () => {
  await handle?.close();
});

const window = { userId: readerId, from: "2020-01-01", to: "2199-12-31" };

describe("eachUserActivityPage", () => {
  it("yields every row once, newest first, a page at a time, and audits the lookup once", async () => {
    const lookups = async () =>
      Number(
        (
          await queryRows<{ n: number }>(
            handle.db,
            sql`select count(*)::int as n from audit_log where entity_type = 'user' and entity_id = ${readerId}`,
          )
        )[0]?.n,
      );
    const before = await lookups();
    const pages: string[][] = [];
    for await (const page of eachUserActivityPage({ db: handle.db, actor: systemActor }, window, 2))
      pages.push(page.map((e) => e.entityId));
    expect(pages).toEqual([["inc-4", "inc-3"], ["inc-2", "inc-1"], ["inc-0"]]);
    expect(await lookups()).toBe(before + 1);
  });
});

describe("listUserActivity", () => {
  it("is refused to every role but administrator, before anything is read or written", async () => {
    for (const role of ["coordinator", "district_officer", "partner_editor", "viewer"] as const) {
      await expect(
        listUserActivity({ db: handle.db, actor: buildUserActor([nationalGrant(role)]) }, window),
      ).rejects.toMatchObject({ kind: "forbidden" });
    }
    const page = await listUserActivity(
      { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) },
      { ...window, limit: 3 },
    );
    expect(page.items.map((e) => e.requestId)).toEqual(["req-4", "req-3", "req-2"]);
    expect(page.nextCursor).toMatch(/Z_\d+$/);
  });
});
