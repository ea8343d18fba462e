// Migrations and database guarantees: append-only audit log, loud history checks, idempotent runs, PGlite's one connection.
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../../tests/database";
import { type DatabaseHandle, type Executor, OuterQueryInTransactionError, queryRows } from "./client";
import { checkMigrationHistory, MIGRATIONS_FOLDER, MigrationHistoryError, migrateDatabase } from "./migrate";

let handle: DatabaseHandle;
beforeAll(async () => {
  // As the owner: these tests edit the migration history and test the triggers behind the app role's privileges.
  handle = await createTestDatabase({ as: "owner" });
});
afterAll(async () => {
  await handle?.close();
});

/** Rejects with the database error, or null when the statement succeeded. */
async function failureOf(promise: Promise<unknown>): Promise<Error | null> {
  return promise.then(
    () => null,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
}

/** The error and its causes, outermost first. */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}

/** The database's own message, whichever driver wrapped it. */
function messageChain(error: Error | null): string {
  return causes(error)
    .map((e) => e.message)
    .join(" | ");
}

async function auditRows(db: Executor = handle.db) {
  return queryRows<{ id: number; entity_id: string; actor_label: string }>(
    db,
    sql`select id, entity_id, actor_label from audit_log order by id`,
  );
}

/** Runs `body` in a transaction that is always rolled back, so the test leaves nothing behind. */
async function inRolledBackTransaction(body: (tx: Executor) => Promise<void>): Promise<void> {
  const rollback = new Error("roll back");
  const error = await failureOf(
    handle.db.transaction(async (tx) => {
      await body(tx);
      throw rollback;
    }),
  );
  if (error !== rollback) throw error ?? new Error("the transaction committed");
}

describe("the audit log is append-only in the database", () => {
  it("accepts inserts", async () => {
    const before = (await auditRows()).length;
    await handle.db.execute(
      sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes) values ('test', 'create', 'test', 'append-1', '{}'::jsonb)`,
    );
    const rows = await auditRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ entity_id: "append-1", actor_label: "test" });
  });

  it("refuses UPDATE, DELETE and TRUNCATE, and the rows stay as they were", async () => {
    await handle.db.execute(
      sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes) values ('test', 'create', 'test', 'append-2', '{}'::jsonb)`,
    );
    const before = await auditRows();
    expect(before.length).toBeGreaterThan(0);
    const statements = [
      sql`update audit_log set actor_label = 'forged'`,
      sql`update audit_log set changes = '{}'::jsonb where entity_id = 'append-2'`,
      sql`delete from audit_log where entity_id = 'append-2'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`truncate table audit_log restart identity cascade`,
    ];
    for (const statement of statements) {
      const error = await failureOf(handle.db.execute(statement));
      expect(error, JSON.stringify(statement.queryChunks)).not.toBeNull();
      expect(messageChain(error)).toMatch(/append-only/);
    }
    // Also inside a transaction, with the error caught by the application.
    await inRolledBackTransaction(async (tx) => {
      expect(await failureOf(tx.execute(sql`delete from audit_log`))).not.toBeNull();
    });
    expect(await auditRows()).toEqual(before);
  });
});

describe("migration history", () => {
  it("passes on the migrated template and records every committed migration", async () => {
    await expect(checkMigrationHistory(handle.db)).resolves.toBeUndefined();
    const applied = await queryRows<{ hash: string }>(
      handle.db,
      sql`select hash from drizzle.__drizzle_migrations order by created_at`,
    );
    const local = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    expect(applied.map((m) => m.hash)).toEqual(local.map((m) => m.hash));
  });

  it("fails loudly on a migration this version does not know", async () => {
    await inRolledBackTransaction(async (tx) => {
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${Date.UTC(2099, 0, 1)})`,
      );
      const error = await failureOf(checkMigrationHistory(tx));
      expect(error).toBeInstanceOf(MigrationHistoryError);
      expect(error?.message).toContain("2099-01-01");
    });
    await expect(checkMigrationHistory(handle.db)).resolves.toBeUndefined();
  });

  it("fails loudly when an applied migration was edited afterwards", async () => {
    await inRolledBackTransaction(async (tx) => {
      await tx.execute(
        sql`update drizzle.__drizzle_migrations set hash = 'edited' where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
      );
      const error = await failureOf(checkMigrationHistory(tx));
      expect(error).toBeInstanceOf(MigrationHistoryError);
      expect(error?.message).toMatch(/changed after it was applied/);
    });
    await expect(checkMigrationHistory(handle.db)).resolves.toBeUndefined();
  });

  it("refuses to migrate a database with a diverged history, and changes nothing", async () => {
    const scratch = await createTestDatabase({ as: "owner" });
    try {
      await scratch.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${Date.UTC(2099, 0, 1)})`,
      );
      const tables = async () =>
        queryRows<{ name: string }>(
          scratch.db,
          sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
        );
      const before = await tables();
      await expect(migrateDatabase(scratch)).rejects.toBeInstanceOf(MigrationHistoryError);
      expect(await tables()).toEqual(before);
    } finally {
      await scratch.close();
    }
  });

  it("is a no-op when run again on a migrated database", async () => {
    const snapshot = async () => ({
      migrations: await queryRows<{ id: number; hash: string }>(
        handle.db,
        sql`select id, hash from drizzle.__drizzle_migrations order by id`,
      ),
      columns: await queryRows<{ t: string; c: string }>(
        handle.db,
        sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' order by 1, 2`,
      ),
      triggers: await queryRows<{ name: string }>(
        handle.db,
        sql`select tgname as name from pg_trigger where not tgisinternal order by 1`,
      ),
      audit: await auditRows(),
    });
    const before = await snapshot();
    await migrateDatabase(handle, undefined, { asOwner: true });
    await migrateDatabase(handle, undefined, { asOwner: true });
    expect(await snapshot()).toEqual(before);
    expect(before.triggers.map((t) => t.name)).toEqual(
      expect.arrayContaining(["audit_log_no_truncate", "audit_log_no_update_delete"]),
    );
  });
});

describe("transactions", () => {
  it.skipIf(testDatabaseKind() !== "pglite")(
    "rejects a query on the outer handle inside a transaction (PGlite) instead of waiting forever",
    async () => {
      const marker = `outer-${Date.now()}`;
      const outcome = await Promise.race([
        failureOf(
          handle.db.transaction(async (tx) => {
            await tx.execute(
              sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes) values ('test', 'create', 'test', ${marker}, '{}'::jsonb)`,
            );
            await handle.db.execute(sql`select 1`);
          }),
        ),
        new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 5_000)),
      ]);
      expect(outcome).toBeInstanceOf(Error);
      // Drizzle wraps driver errors in its own (DrizzleQueryError): ours is the cause.
      expect(
        causes(outcome).some((e) => e instanceof OuterQueryInTransactionError),
        String(outcome),
      ).toBe(true);
      expect(messageChain(outcome instanceof Error ? outcome : null)).toMatch(/Use tx there/);
      // The transaction was rolled back, and the database still answers.
      const rows = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from audit_log where entity_id = ${marker}`,
      );
      expect(Number(rows[0]?.n)).toBe(0);
    },
  );

  it.skipIf(testDatabaseKind() !== "pglite")(
    "gives the event loop turns during a long chain of statements (PGlite answers in microtasks)",
    async () => {
      // Without the turns, a timer set before the chain fires only after it: no request is read meanwhile, and a
      // kept-alive connection's next request is dropped (ECONNRESET) when the chain outlasts the keep-alive timeout.
      const started = performance.now();
      let timerAt: number | null = null;
      setTimeout(() => {
        timerAt = performance.now();
      }, 0);
      let statements = 0;
      await handle.db.transaction(async (tx) => {
        while (performance.now() - started < 400) {
          await tx.execute(sql`select 1`);
          statements++;
        }
      });
      const endedAt = performance.now();
      expect(statements).toBeGreaterThan(10);
      expect(timerAt).not.toBeNull();
      // Within a few turns of the start, well before the chain's end.
      expect(endedAt - (timerAt ?? endedAt)).toBeGreaterThan(200);
    },
  );

  it("completes concurrent transactions and outside queries started from different requests", async () => {
    const markers = [`tx-a-${Date.now()}`, `tx-b-${Date.now()}`];
    const insert = (marker: string) =>
      handle.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes) values ('test', 'create', 'test', ${marker}, '{}'::jsonb)`,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        const [row] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from audit_log where entity_id = ${marker}`,
        );
        return Number(row?.n);
      });
    const outside = async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const [row] = await queryRows<{ one: number }>(handle.db, sql`select 1 as one`);
      return Number(row?.one);
    };
    const results = await Promise.race([
      Promise.all([insert(markers[0] ?? ""), insert(markers[1] ?? ""), outside()]),
      new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 10_000)),
    ]);
    expect(results).toEqual([1, 1, 1]);
    const rows = await queryRows<{ entity_id: string }>(
      handle.db,
      sql`select entity_id from audit_log where entity_id in (${markers[0]}, ${markers[1]}) order by entity_id`,
    );
    expect(rows.map((r) => r.entity_id)).toEqual([...markers].sort());
  });
});
