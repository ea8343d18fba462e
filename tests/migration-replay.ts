// A database as a server of an earlier version left it, for the tests of one migration's data changes: emptied, then
// every migration before the one under test; the test then writes what that version wrote and runs the rest.
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { DatabaseHandle } from "../src/db/client";
import { MIGRATIONS_FOLDER } from "../src/db/migrate";

export const MIGRATIONS = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });

/** The index of the first migration with a statement containing `text` (-1 when none has). */
export function migrationWith(text: string): number {
  return MIGRATIONS.findIndex((m) => m.sql.some((s) => s.includes(text)));
}

/** Runs statements one by one, as the owner (the handle of createTestDatabase({ as: "owner" })). */
export async function runStatements(handle: DatabaseHandle, statements: readonly string[]): Promise<void> {
  for (const statement of statements) if (statement.trim()) await handle.db.execute(sql.raw(statement));
}

/** Empties the database (the job queue's schema too) and applies the migrations before `index`. */
export async function migrateUpTo(handle: DatabaseHandle, index: number): Promise<void> {
  await runStatements(handle, [
    "drop schema if exists drizzle cascade",
    "drop schema if exists pgboss cascade",
    "drop schema public cascade",
    "create schema public",
  ]);
  for (const m of MIGRATIONS.slice(0, index)) await runStatements(handle, m.sql);
}

/** Applies the migrations from `index` on. */
export async function migrateFrom(handle: DatabaseHandle, index: number): Promise<void> {
  for (const m of MIGRATIONS.slice(index)) await runStatements(handle, m.sql);
}
