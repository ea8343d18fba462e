// The database and the actor a CLI command works with: the environment's database, the machine's operator.
import { userInfo } from "node:os";
import { sql } from "drizzle-orm";
import {
  type DatabaseHandle,
  databaseOptionsFromEnv,
  type OpenDatabaseOptions,
  openDatabase,
  queryRows,
} from "../db/client";
import { MigrationHistoryError, MigrationRoleError, migrateDatabase } from "../db/migrate";
import type { ServiceContext, SystemActor } from "../modules/access";
import { loadReferenceData, prepareDatabase } from "../server/bootstrap";
import { CliError } from "./cli-command";

/** The operator of the machine, named in every audit entry the CLI writes. */
export function cliActor(env: NodeJS.ProcessEnv = process.env): SystemActor {
  let username: string | undefined;
  try {
    username = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): fall back to the environment.
  }
  const name = username || env.USER || env.USERNAME || `uid-${process.getuid?.() ?? "unknown"}`;
  return { kind: "system", label: `cli:${name}` };
}

/** "embedded database in ./data", "PostgreSQL database ubuf on db.example.org:5432" (never the password). */
export function describeDatabase(options: OpenDatabaseOptions): string {
  if (options.kind === "postgresql") {
    try {
      const url = new URL(options.url);
      return `PostgreSQL database ${url.pathname.slice(1)} on ${url.host}`;
    } catch {
      return "PostgreSQL database";
    }
  }
  if (options.kind === "pglite") return `embedded database in ${options.dataDir}`;
  return "in-memory embedded database";
}

/** Whether the reference data is there: a place and a theme (both are loaded together, at every server start). */
async function referenceDataPresent(handle: DatabaseHandle): Promise<boolean> {
  const rows = await queryRows<{ present: boolean }>(
    handle.db,
    sql`select exists (select 1 from place) and exists (select 1 from theme) as present`,
  );
  return rows[0]?.present === true;
}

/** Opens and migrates; with `referencePlaces`, also loads the reference places (as the server does at start). */
async function openMigratedDatabase(
  options: OpenDatabaseOptions,
  referencePlaces: boolean,
): Promise<DatabaseHandle> {
  try {
    if (referencePlaces) return await prepareDatabase(options);
    const handle = await openDatabase(options);
    try {
      await migrateDatabase(handle);
      // A data folder no server has started on yet lacks the places and themes every import names: loaded now, as a
      // server's start would (an IATI import on a fresh folder refused its sectors' themes).
      if (!(await referenceDataPresent(handle))) await loadReferenceData(handle);
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  } catch (error) {
    if (error instanceof MigrationHistoryError || error instanceof MigrationRoleError)
      throw new CliError(error.message);
    throw error;
  }
}

/**
 * Opens and migrates the database the environment names, runs `use`, and always closes it (which releases the
 * data-folder lock). Commands other than `migrate` skip the reference places: loading them takes a second or
 * two, and `migrate` and every server start load them.
 */
export async function withMigratedDatabase<T>(
  io: { env: NodeJS.ProcessEnv },
  use: (handle: DatabaseHandle, ctx: ServiceContext) => Promise<T>,
  options: { referencePlaces?: boolean } = {},
): Promise<T> {
  const handle = await openMigratedDatabase(databaseOptionsFromEnv(io.env), options.referencePlaces ?? false);
  try {
    return await use(handle, { db: handle.db, actor: cliActor(io.env) });
  } finally {
    await handle.close();
  }
}
