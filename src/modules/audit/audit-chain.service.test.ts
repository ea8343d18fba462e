// The tamper-evident audit log (decision 010) on PGlite and PostgreSQL: the app's role may only insert and read it,
// every row is chained, verify names the first broken link, cascades and role grants leave rows, reads are recorded.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../../../tests/database";
import {
  buildUserActor,
  createOrganisationFixture,
  createProgrammeFixture,
  createUserFixture,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import { type DatabaseHandle, openDatabase, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { deleteProgramme, getProgramme } from "../programmes";
import { loadProgrammeDemo, readProgrammeSeed } from "../programmes/programme-demo";
import { listAccesses, recordChange, recordRead } from "./audit.service";
import { verifyAuditChain } from "./audit-chain";

let app: DatabaseHandle;
/** The same database as its owner: the one who could disable triggers, as an insider with the owner's password. */
let owner: DatabaseHandle;

beforeAll(async () => {
  app = await createTestDatabase();
  if (testDatabaseKind() === "postgresql") {
    if (!app.ownerUrl) throw new Error("the test database has no owner URL");
    owner = await openDatabase({ kind: "postgresql", url: app.ownerUrl, poolSize: 1 });
  } else {
    // PGlite has one session: the owner is the same engine with its role reset (decision 010 says why that is so).
    owner = app;
  }
});

afterAll(async () => {
  if (owner !== app) await owner.close();
  await app.close();
});

/** Runs `fn` as the owner; on PGlite, switching the one session there and back to the app's role. */
async function asOwner<T>(fn: (db: DatabaseHandle["db"]) => Promise<T>): Promise<T> {
  if (owner !== app) return fn(owner.db);
  await app.pglite?.exec("reset role");
  try {
    return await fn(app.db);
  } finally {
    await app.actAs("ubufatanye_app");
  }
}

async function failureOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(" | ");
  }
}

const auditCount = async (db: DatabaseHandle["db"] = app.db) =>
  Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`))[0]?.n);

async function addEntry(entityId: string): Promise<void> {
  await recordChange(app.db, systemActor, {
    action: "create",
    entityType: "probe",
    entityId,
    before: null,
    after: { name: entityId },
  });
}

describe("the app's database role", () => {
  it("owns no table, and may insert and read audit rows but not update, delete, truncate or disable the triggers", async () => {
    const [role] = await queryRows<{ role: string; owns: number; superuser: boolean }>(
      app.db,
      sql`select current_user as role, (select rolsuper from pg_roles where rolname = current_user) as superuser,
            (select count(*)::int from pg_class c where c.relnamespace = 'public'::regnamespace
               and pg_has_role(current_user, c.relowner, 'MEMBER')) as owns`,
    );
    expect(role?.superuser).toBe(false);
    expect(role?.owns).toBe(0);
    await addEntry("role-probe");
    const before = await auditCount();
    for (const statement of [
      sql`alter table audit_log disable trigger all`,
      sql`alter table audit_log disable trigger audit_log_no_update_delete`,
      sql`alter table audit_log disable trigger audit_log_chain`,
      sql`update audit_log set actor_label = 'forged'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`drop table audit_log`,
      sql`drop trigger audit_log_chain on audit_log`,
      sql`create or replace function audit_log_row_hash(previous_hash text, entry audit_log) returns text language sql as $$ select 'x' $$`,
    ]) {
      const failure = await failureOf(app.db.execute(statement));
      expect(failure, JSON.stringify(statement.queryChunks)).toMatch(/must be owner|permission denied/);
    }
    expect(await auditCount()).toBe(before);
    // Normal work on the other tables goes on.
    await expect(createOrganisationFixture(app)).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe("the hash chain", () => {
  it("chains each row to the one before, and a fresh and a busy log verify", async () => {
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
    // Busy: many writers at once (on PostgreSQL several connections contend for the chain's head).
    await Promise.all(Array.from({ length: 40 }, (_, i) => addEntry(`busy-${i}`)));
    const verdict = await verifyAuditChain(app.db, 7); // small pages: the walk crosses page boundaries
    expect(verdict).toMatchObject({ ok: true, rows: await auditCount() });
    const rows = await queryRows<{ chain_seq: string; previous_hash: string; hash: string }>(
      app.db,
      sql`select chain_seq, previous_hash, hash from audit_log order by chain_seq`,
    );
    rows.forEach((row, i) => {
      expect(Number(row.chain_seq)).toBe(i + 1);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.previous_hash).toBe(i === 0 ? "" : rows[i - 1]?.hash);
    });
  });

  it("ignores chain values a writer sends: the database sets them", async () => {
    await app.db.execute(
      sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes, chain_seq, previous_hash, hash)
          values ('forger', 'create', 'probe', 'forged-chain', '{}', 1, 'aaaa', 'bbbb')`,
    );
    const [row] = await queryRows<{ chain_seq: string; hash: string }>(
      app.db,
      sql`select chain_seq, hash from audit_log where entity_id = 'forged-chain'`,
    );
    expect(Number(row?.chain_seq)).toBe(await auditCount());
    expect(row?.hash).not.toBe("bbbb");
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
  });
});

describe("reads and the reader side", () => {
  it("records who read a record and why, and lists who read or changed it, newest first", async () => {
    const reader = buildUserActor([nationalGrant("coordinator")]);
    const ctx: ServiceContext = { db: app.db, actor: reader };
    await recordChange(app.db, systemActor, {
      action: "create",
      entityType: "incident",
      entityId: "inc-1",
      before: null,
      after: { summary: "x" },
    });
    await recordRead(ctx, { entityType: "incident", entityId: "inc-1", reason: "case review" });
    const accesses = await listAccesses(app.db, "incident", "inc-1");
    expect(accesses.map((a) => [a.action, a.actorLabel, a.reason])).toEqual([
      ["read", reader.label, "case review"],
      ["create", "test", null],
    ]);
    expect(accesses[0]?.actorUserId).toBe(reader.kind === "user" ? reader.userId : null);
  });
});

describe("rows removed by a cascade", () => {
  it("deleting a programme writes one audit row per logframe item, indicator, result and event it takes along", async () => {
    const admin: ServiceContext = { db: app.db, actor: buildUserActor([nationalGrant("administrator")]) };
    const { programmeId } = await loadProgrammeDemo(
      { db: app.db, actor: systemActor },
      await readProgrammeSeed(),
    );
    const ids = async (table: "logframe_item" | "indicator" | "programme_event") =>
      (
        await queryRows<{ id: string }>(
          app.db,
          sql`select id::text as id from ${sql.identifier(table)} where programme_id = ${programmeId}::uuid`,
        )
      )
        .map((r) => r.id)
        .sort();
    const children = {
      logframe_item: await ids("logframe_item"),
      indicator: await ids("indicator"),
      programme_event: await ids("programme_event"),
      result: (
        await queryRows<{ id: string }>(
          app.db,
          sql`select r.id::text as id from result r join indicator i on i.id = r.indicator_id where i.programme_id = ${programmeId}::uuid`,
        )
      )
        .map((r) => r.id)
        .sort(),
    };
    expect(children.indicator.length).toBeGreaterThan(0);
    expect(children.result.length).toBeGreaterThan(0);
    expect(children.programme_event.length).toBeGreaterThan(0);
    expect(children.logframe_item.length).toBeGreaterThan(0);

    const { version } = await getProgramme(admin, programmeId);
    const since = await auditCount();
    await deleteProgramme(admin, programmeId, version);

    const rows = await queryRows<{
      entity_type: string;
      entity_id: string;
      action: string;
      actor_label: string;
    }>(
      app.db,
      sql`select entity_type, entity_id, action, actor_label from audit_log where chain_seq > ${since} order by chain_seq`,
    );
    for (const [table, expected] of Object.entries(children)) {
      const audited = rows.filter((r) => r.entity_type === table);
      expect(audited.map((r) => r.entity_id).sort(), table).toEqual(expected);
      expect(new Set(audited.map((r) => `${r.action} by ${r.actor_label}`)), table).toEqual(
        new Set([`delete by ${admin.actor.label}`]),
      );
    }
    expect(rows.filter((r) => r.entity_type === "programme").map((r) => r.action)).toEqual(["delete"]);
    const [indicatorRow] = await queryRows<{ changes: Record<string, { before: unknown; after: unknown }> }>(
      app.db,
      sql`select changes from audit_log where chain_seq > ${since} and entity_type = 'indicator' limit 1`,
    );
    expect(indicatorRow?.changes.programmeId).toEqual({ before: programmeId, after: null });
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
  });

  it("covers every table a foreign key ON DELETE CASCADE empties, but for derived data and secrets", async () => {
    const uncovered = await queryRows<{ child: string }>(
      app.db,
      sql`select distinct c.conrelid::regclass::text as child from pg_constraint c
          where c.contype = 'f' and c.confdeltype = 'c'
            -- The register's tables; the job queue's (schema pgboss, decision 015) hold no register data.
            and c.connamespace = 'public'::regnamespace
            and c.conrelid::regclass::text not in ('agreement_search', 'indicator_rollup', 'session', 'account',
              'commitment', 'progress_entry', 'membership')
            and not exists (select 1 from pg_trigger t where t.tgrelid = c.conrelid
                            and t.tgname in ('audit_log_cascade', 'audit_log_role_grant', 'audit_log_user_organisation'))
          order by 1`,
    );
    expect(uncovered).toEqual([]);
  });

  it("a child removed directly is audited once, by its service, not again by the database", async () => {
    const programme = await createProgrammeFixture(app);
    const links = async () =>
      Number(
        (
          await queryRows<{ n: number }>(
            app.db,
            sql`select count(*)::int as n from programme_theme where programme_id = ${programme.id}::uuid`,
          )
        )[0]?.n,
      );
    await app.db.execute(
      sql`insert into programme_theme (programme_id, theme_code) select ${programme.id}::uuid, code from theme limit 1`,
    );
    expect(await links()).toBe(1);
    const since = await auditCount();
    // A direct delete (the parent stays): the database adds nothing; the service that does it writes its own row.
    await app.db.execute(sql`delete from programme_theme where programme_id = ${programme.id}::uuid`);
    expect(await links()).toBe(0);
    expect(await auditCount()).toBe(since);
  });
});

describe("role grants", () => {
  it("every grant given or taken is audited, with the acting user", async () => {
    const since = await auditCount();
    const { user } = await createUserFixture(app, { grants: [nationalGrant("viewer")] });
    const admin = buildUserActor([nationalGrant("administrator")]);
    await app.db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('ubufatanye.actor_user_id', ${admin.kind === "user" ? admin.userId : ""}, true), set_config('ubufatanye.actor_label', ${admin.label}, true)`,
      );
      await tx.execute(sql`update role_grant set role = 'coordinator' where user_id = ${user.id}`);
    });
    const rows = await queryRows<{ action: string; actor_label: string; changes: Record<string, unknown> }>(
      app.db,
      sql`select action, actor_label, changes from audit_log
          where chain_seq > ${since} and entity_type = 'role_grant' and entity_id = ${user.id} order by chain_seq`,
    );
    expect(rows.map((r) => r.action)).toEqual(["create", "update"]);
    expect(rows[1]?.actor_label).toBe(admin.label);
    expect(rows[1]?.changes).toEqual({ role: { before: "viewer", after: "coordinator" } });
  });
});

describe("verify after tampering by the owner", () => {
  it("names the first row changed behind the triggers' back, and the first gap left by a deleted row", async () => {
    await addEntry("tamper-1");
    await addEntry("tamper-2");
    await addEntry("tamper-3");
    const [target] = await queryRows<{ id: string; chain_seq: string }>(
      app.db,
      sql`select id, chain_seq from audit_log where entity_id = 'tamper-2'`,
    );
    await asOwner(async (db) => {
      await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await db.execute(sql`update audit_log set actor_label = 'someone else' where entity_id = 'tamper-2'`);
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    });
    const changed = await verifyAuditChain(app.db);
    expect(changed).toMatchObject({
      ok: false,
      broken: {
        id: Number(target?.id),
        chainSeq: Number(target?.chain_seq),
        problem: expect.stringMatching(/changed after it was written/),
      },
    });
    await asOwner(async (db) => {
      await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await db.execute(sql`delete from audit_log where entity_id = 'tamper-2'`);
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    });
    const deleted = await verifyAuditChain(app.db);
    expect(deleted.ok).toBe(false);
    if (!deleted.ok) {
      expect(deleted.broken.chainSeq).toBe(Number(target?.chain_seq) + 1);
      expect(deleted.broken.problem).toMatch(/1 row was deleted/);
    }
  });
});
