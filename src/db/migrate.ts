// Applies the committed SQL migrations, and fails loudly when the database's history diverges from them.
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { type DatabaseHandle, type Executor, queryRows } from "./client";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));
const MIGRATION_LOCK_KEY = 482_119_301; // arbitrary, constant: serialises migrations of instances starting together

export class MigrationHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationHistoryError";
  }
}

type AppliedMigration = { hash: string; createdAt: number };

async function readAppliedMigrations(db: Executor): Promise<AppliedMigration[]> {
  const [exists] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists?.present) return [];
  const rows = await queryRows<{ hash: string; created_at: string | number }>(
    db,
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

/** Every applied migration must be one of ours, unchanged; otherwise stop before touching anything. */
export async function checkMigrationHistory(
  db: Executor,
  migrationsFolder: string = MIGRATIONS_FOLDER,
): Promise<void> {
  const local = readMigrationFiles({ migrationsFolder });
  const byTime = new Map(local.map((m) => [m.folderMillis, m]));
  for (const applied of await readAppliedMigrations(db)) {
    const mine = byTime.get(applied.createdAt);
    if (!mine) {
      throw new MigrationHistoryError(
        `The database has a migration (created ${new Date(applied.createdAt).toISOString()}) that this version of Ubufatanye does not know: it was migrated by a newer or different version. Refusing to start.`,
      );
    }
    if (mine.hash !== applied.hash) {
      throw new MigrationHistoryError(
        `Migration created ${new Date(applied.createdAt).toISOString()} was changed after it was applied to this database. Committed migrations must never be edited; add a new one instead.`,
      );
    }
  }
}

/** `migrationsFolder` is for tests of generated migrations (a copy of the folder); the app uses its own. */
export async function migrateDatabase(
  handle: DatabaseHandle,
  migrationsFolder: string = MIGRATIONS_FOLDER,
): Promise<void> {
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("PGlite handle without its engine");
    await checkMigrationHistory(handle.db, migrationsFolder);
    await migratePglite(drizzlePglite(handle.pglite), { migrationsFolder });
    return;
  }
  // One dedicated connection holds a session advisory lock for the whole run.
  const client = new pg.Client({ connectionString: handle.url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const db = drizzleNodePg(client);
    await checkMigrationHistory(db as unknown as Executor, migrationsFolder);
    await migrateNodePg(db, { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
