// Applies the committed SQL migrations, and fails loudly when the database's history diverges from them.
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { projectFile } from "../kernel/runtime-files";
import { type DatabaseHandle, type Executor, queryRows } from "./client";
import { DEFAULT_APP_ROLE, describeCurrentRole, ensureAppRole, grantAppRole } from "./roles";

export const MIGRATIONS_FOLDER = projectFile("src/db/migrations");
const MIGRATION_LOCK_KEY = 482_119_301; // arbitrary, constant: serialises migrations of instances starting together

export class MigrationHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationHistoryError";
  }
}

/** The roles cannot do what the run needs (decision 010): the message says which URL to change. */
export class MigrationRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationRoleError";
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

/** How many of the committed migrations the database has not applied yet. */
async function countPendingMigrations(db: Executor, migrationsFolder: string): Promise<number> {
  const applied = new Set((await readAppliedMigrations(db)).map((m) => m.createdAt));
  return readMigrationFiles({ migrationsFolder }).filter((m) => !applied.has(m.folderMillis)).length;
}

/**
 * Migrates as the owner, re-applies the app role's grants, and leaves the handle working as the app's role
 * (decision 010). PostgreSQL, by what the environment gives:
 * - DATABASE_URL and DATABASE_OWNER_URL: migrations and grants as the owner; the app keeps its own login, which
 *   must own nothing.
 * - DATABASE_URL only, of a role that owns the tables: migrations as that role, then the app's connections run as
 *   the NOLOGIN role `ubufatanye_app` (DATABASE_APP_ROLE), made here if missing.
 * - DATABASE_URL only, of a role that owns nothing: nothing to migrate is fine; pending migrations are refused,
 *   naming the command the owner runs.
 * PGlite: migrations as its superuser, then SET ROLE to `ubufatanye_app`.
 * `migrationsFolder` is for tests of generated migrations (a copy of the folder); the app uses its own.
 * `asOwner`: only migrate, and keep working as the owner (tests of the migrations themselves).
 */
export async function migrateDatabase(
  handle: DatabaseHandle,
  migrationsFolder: string = MIGRATIONS_FOLDER,
  options: { env?: NodeJS.ProcessEnv; asOwner?: boolean } = {},
): Promise<void> {
  const appRole =
    handle.appRole ?? options.env?.DATABASE_APP_ROLE ?? process.env.DATABASE_APP_ROLE ?? DEFAULT_APP_ROLE;
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("PGlite handle without its engine");
    // Back to the embedded engine's superuser for the migrations, if a previous run left the session as the app.
    await handle.pglite.exec("reset role");
    await checkMigrationHistory(handle.db, migrationsFolder);
    await migratePglite(drizzlePglite(handle.pglite), { migrationsFolder });
    if (options.asOwner) return;
    await ensureAppRole(handle.db, appRole);
    await grantAppRole(handle.db, appRole);
    await handle.actAs(appRole);
    return;
  }
  // One dedicated connection holds a session advisory lock for the whole run.
  const client = new pg.Client({ connectionString: handle.ownerUrl ?? handle.url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const db = drizzleNodePg(client);
    const executor = db as unknown as Executor;
    await checkMigrationHistory(executor, migrationsFolder);
    const migrator = await describeCurrentRole(executor);
    const isOwner = migrator.superuser || migrator.ownsAuditLog;
    if (!isOwner) {
      if (handle.ownerUrl)
        throw new MigrationRoleError(
          `DATABASE_OWNER_URL connects as ${migrator.role}, which does not own the tables: give the role that owns them (the one that ran the first migration).`,
        );
      const pending = await countPendingMigrations(executor, migrationsFolder);
      if (pending > 0)
        throw new MigrationRoleError(
          `${pending} migration${pending === 1 ? " is" : "s are"} waiting, and DATABASE_URL's role ${migrator.role} may not apply them: run \`npm run cli -- migrate\` with DATABASE_OWNER_URL set to the owner's connection string.`,
        );
      return;
    }
    await migrateNodePg(db, { migrationsFolder });
    if (options.asOwner) return;
    if (handle.ownerUrl) {
      const app = await describeCurrentRole(handle.db);
      if (app.superuser || app.ownsAuditLog)
        throw new MigrationRoleError(
          `DATABASE_URL connects as ${app.role}, which ${app.superuser ? "is a superuser" : "owns the tables"}: the app needs a role of its own that owns nothing (see README, "Database roles").`,
        );
      await grantAppRole(executor, app.role);
      return;
    }
    try {
      await ensureAppRole(executor, appRole);
    } catch (error) {
      throw new MigrationRoleError(
        `DATABASE_URL's role ${migrator.role} owns the tables, and could not make the role ${appRole} the app runs as (${error instanceof Error ? error.message : String(error)}). Create it, or give the app its own login in DATABASE_URL and the owner's in DATABASE_OWNER_URL (see README, "Database roles").`,
      );
    }
    await grantAppRole(executor, appRole);
    await handle.actAs(appRole);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
