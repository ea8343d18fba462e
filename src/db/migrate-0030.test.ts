// Migrations 0030–0031 (audit request id) on a database whose audit chain was written before them: it still verifies,
// new rows carry their request id under the hash, and a changed request id is named.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { migrateFrom, migrateUpTo, migrationWith, runStatements } from "../../tests/migration-replay";
import { verifyAuditChain } from "../modules/audit";
import { type DatabaseHandle, queryRows } from "./client";

let handle: DatabaseHandle;
const REQUEST_ID = migrationWith('ALTER TABLE "audit_log" ADD COLUMN "request_id"');
const run = (statements: readonly string[]) => runStatements(handle, statements);

const insertRow = (entityId: string, requestId?: string) =>
  handle.db.execute(
    requestId === undefined
      ? sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes)
            values ('before', 'create', 'probe', ${entityId}, '{"name":{"before":null,"after":"x"}}')`
      : sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes, request_id)
            values ('after', 'read', 'probe', ${entityId}, '{}', ${requestId})`,
  );

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  // Back to an empty database, then every migration before 0030, as a server of the previous version left it.
  await migrateUpTo(handle, REQUEST_ID);
});
afterAll(async () => {
  await handle?.close();
});

describe("migrations 0030–0031 (audit request id)", () => {
  it("0030 is the migration that adds audit_log.request_id", () => {
    expect(REQUEST_ID).toBe(30);
  });

  it("leave an existing chain verifying, seal new rows' request ids, and name a changed one", async () => {
    for (let i = 0; i < 5; i++) await insertRow(`old-${i}`);
    const before = await queryRows<{ hash: string }>(
      handle.db,
      sql`select hash from audit_log order by chain_seq`,
    );

    await migrateFrom(handle, REQUEST_ID);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 });
    const after = await queryRows<{ hash: string; request_id: string | null }>(
      handle.db,
      sql`select hash, request_id from audit_log order by chain_seq`,
    );
    expect(after).toEqual(before.map((r) => ({ hash: r.hash, request_id: null })));

    await insertRow("new-1", "req-after-0030");
    await insertRow("new-2");
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 7 });

    await run([
      "alter table audit_log disable trigger audit_log_no_update_delete",
      "update audit_log set request_id = 'req-forged' where entity_id = 'new-1'",
      "alter table audit_log enable trigger audit_log_no_update_delete",
    ]);
    const verdict = await verifyAuditChain(handle.db);
    expect(verdict).toMatchObject({
      ok: false,
      rows: 5,
      broken: { chainSeq: 6, problem: expect.stringMatching(/changed after it was written/) },
    });
  });
});
