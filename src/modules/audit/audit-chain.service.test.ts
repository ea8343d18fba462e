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
import { inTransaction, type ServiceContext } from "../../kernel";
import { deleteProgramme, getProgramme } from "../programmes";
import { loadProgrammeDemo, readProgrammeSeed } from "../programmes/programme-demo";
import { diffRecords, listAccesses, recordChange, recordChanges, recordRead } from "./audit.service";
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

  it("writes many changes at once in their order, every value as given, and the chain verifies", async () => {
    // Texts that an array parameter must carry intact: quotes, backslashes, braces, commas, NULL as a word, accents.
    const tricky = ['say "hi"', "back\\slash \\", "{braces}, commas", "NULL", "", "Imanza z’abana – é"];
    const changes = Array.from({ length: 2_050 }, (_, i) => ({
      action: "create" as const,
      entityType: "bulk-probe",
      entityId: `bulk-${String(i).padStart(4, "0")}`,
      entityLabel: i % 3 === 0 ? null : (tricky[i % tricky.length] ?? null),
      before: null,
      after: { text: tricky[i % tricky.length], n: i, nested: { list: [1, null, "x"] } },
    }));
    const actor = { ...buildUserActor([]), label: 'Claudine "Bulk" \\ M.' };
    const first = await auditCount();
    await inTransaction({ db: app.db, actor }, (inner) => recordChanges(inner.db, actor, changes));
    const rows = await queryRows<{
      chain_seq: string;
      entity_id: string;
      entity_label: string | null;
      actor_user_id: string | null;
      actor_label: string;
      changes: { n: { after: number } };
    }>(
      app.db,
      sql`select chain_seq, entity_id, entity_label, actor_user_id, actor_label, changes from audit_log
          where entity_type = 'bulk-probe' order by chain_seq`,
    );
    expect(rows).toHaveLength(changes.length);
    rows.forEach((row, i) => {
      const change = changes[i];
      expect(Number(row.chain_seq)).toBe(first + i + 1);
      expect(row.entity_id).toBe(change?.entityId);
      expect(row.entity_label).toBe(change?.entityLabel);
      expect(row.actor_user_id).toBe(actor.userId);
      expect(row.actor_label).toBe(actor.label);
      // As the single-row writer keeps them: the diff of the change, every value intact.
      expect(row.changes).toEqual(diffRecords(null, change?.after ?? null));
      expect(row.changes.n.after).toBe(i);
    });
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
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

describe("the request id", () => {
  const requestIdOf = async (entityId: string) =>
    (
      await queryRows<{ request_id: string | null }>(
        app.db,
        sql`select request_id from audit_log where entity_id = ${entityId} order by chain_seq`,
      )
    ).map((r) => r.request_id);

  it("is kept on a read, and listed with who read the record", async () => {
    const reader = buildUserActor([nationalGrant("coordinator")]);
    await recordRead(
      { db: app.db, actor: reader, requestId: "req-read-1" },
      { entityType: "incident", entityId: "inc-rid" },
    );
    await recordRead({ db: app.db, actor: reader }, { entityType: "incident", entityId: "inc-rid" });
    expect(await requestIdOf("inc-rid")).toEqual(["req-read-1", null]);
    const accesses = await listAccesses(app.db, "incident", "inc-rid");
    expect(accesses.map((a) => a.requestId)).toEqual([null, "req-read-1"]);
  });

  it("reaches the service's rows and the triggers' rows of a transaction, and ends with it", async () => {
    const { user } = await createUserFixture(app, { grants: [nationalGrant("viewer")] });
    const admin = buildUserActor([nationalGrant("administrator")]);
    await inTransaction({ db: app.db, actor: admin, requestId: "req-tx-7" }, async (tx) => {
      await recordChange(tx.db, tx.actor, {
        action: "update",
        entityType: "probe",
        entityId: "rid-service-row",
        before: { name: "a" },
        after: { name: "b" },
      });
      // Written by the database's trigger audit_log_role_grant, not by TypeScript.
      await tx.db.execute(sql`update role_grant set role = 'coordinator' where user_id = ${user.id}`);
    });
    expect(await requestIdOf("rid-service-row")).toEqual(["req-tx-7"]);
    const [grantRow] = await queryRows<{ request_id: string | null; action: string }>(
      app.db,
      sql`select request_id, action from audit_log where entity_type = 'role_grant' and entity_id = ${user.id}
          order by chain_seq desc limit 1`,
    );
    expect(grantRow).toEqual({ request_id: "req-tx-7", action: "update" });
    // The setting is transaction-local: a later write without a request (the CLI, a job) has none.
    await addEntry("rid-after");
    await inTransaction({ db: app.db, actor: systemActor }, (tx) =>
      recordChange(tx.db, tx.actor, {
        action: "create",
        entityType: "probe",
        entityId: "rid-after-tx",
        before: null,
        after: { name: "c" },
      }),
    );
    expect(await requestIdOf("rid-after")).toEqual([null]);
    expect(await requestIdOf("rid-after-tx")).toEqual([null]);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
  });

  it("is sealed by the hash when present, and a row without one hashes exactly as before migration 0030", async () => {
    const rows = await queryRows<{ request_id: string | null; hash: string; before_0030: string }>(
      app.db,
      // The formula of migration 0022, as it sealed every row before the request id existed.
      sql`select request_id, hash, encode(sha256(convert_to(previous_hash || '|' || jsonb_build_array(
            chain_seq, id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes)::text, 'UTF8')), 'hex')
            as before_0030
          from audit_log where entity_id in ('inc-rid', 'rid-service-row', 'rid-after')`,
    );
    const withId = rows.filter((r) => r.request_id !== null);
    const withoutId = rows.filter((r) => r.request_id === null);
    expect(withId.length).toBeGreaterThan(0);
    expect(withoutId.length).toBeGreaterThan(0);
    for (const r of withoutId) expect(r.hash).toBe(r.before_0030);
    for (const r of withId) expect(r.hash).not.toBe(r.before_0030);
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
            -- Derived data: library_text_part is a file's text in parts (decision 035), read again from the file.
            and c.conrelid::regclass::text not in ('agreement_search', 'indicator_rollup', 'session', 'account',
              'commitment', 'progress_entry', 'membership', 'library_text_part')
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
  it("names a row whose request id was changed, added or taken away", async () => {
    // A fresh database: the one above is broken on purpose.
    const fresh = await createTestDatabase();
    try {
      const reader = buildUserActor([nationalGrant("coordinator")]);
      await recordRead(
        { db: fresh.db, actor: reader, requestId: "req-original" },
        { entityType: "incident", entityId: "rid-tamper-1" },
      );
      await recordRead({ db: fresh.db, actor: reader }, { entityType: "incident", entityId: "rid-tamper-2" });
      await recordRead({ db: fresh.db, actor: reader }, { entityType: "incident", entityId: "rid-tamper-3" });
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true });
      const ownerOfFresh =
        testDatabaseKind() === "postgresql" && fresh.ownerUrl
          ? await openDatabase({ kind: "postgresql", url: fresh.ownerUrl, poolSize: 1 })
          : null;
      const tamper = async (statement: ReturnType<typeof sql>) => {
        if (ownerOfFresh) {
          await ownerOfFresh.db.execute(
            sql`alter table audit_log disable trigger audit_log_no_update_delete`,
          );
          await ownerOfFresh.db.execute(statement);
          await ownerOfFresh.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
          return;
        }
        await fresh.pglite?.exec("reset role");
        try {
          await fresh.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
          await fresh.db.execute(statement);
          await fresh.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
        } finally {
          await fresh.actAs("ubufatanye_app");
        }
      };
      const brokenAt = async (entityId: string) => {
        const verdict = await verifyAuditChain(fresh.db);
        const [row] = await queryRows<{ id: string }>(
          fresh.db,
          sql`select id from audit_log where entity_id = ${entityId}`,
        );
        expect(verdict).toMatchObject({
          ok: false,
          broken: { id: Number(row?.id), problem: expect.stringMatching(/changed after it was written/) },
        });
      };
      try {
        await tamper(sql`update audit_log set request_id = 'req-forged' where entity_id = 'rid-tamper-1'`);
        await brokenAt("rid-tamper-1");
        await tamper(sql`update audit_log set request_id = 'req-original' where entity_id = 'rid-tamper-1'`);
        expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true });
        await tamper(sql`update audit_log set request_id = null where entity_id = 'rid-tamper-1'`);
        await brokenAt("rid-tamper-1");
        await tamper(sql`update audit_log set request_id = 'req-original' where entity_id = 'rid-tamper-1'`);
        await tamper(sql`update audit_log set request_id = 'req-added' where entity_id = 'rid-tamper-2'`);
        await brokenAt("rid-tamper-2");
      } finally {
        await ownerOfFresh?.close();
      }
    } finally {
      await fresh.close();
    }
  });
});
