// `restore FILE`: replaces the database with a backup, checking the file first and keeping (or putting back) the current data.
import { existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import {
  type Database,
  type DatabaseHandle,
  databaseOptionsFromEnv,
  openDatabase,
  PGLITE_EXTENSIONS,
  PGLITE_START_PARAMS,
} from "../../db/client";
import { acquireDataDirLock } from "../../db/data-dir-lock";
import { migrateDatabase } from "../../db/migrate";
import * as schema from "../../db/schema";
import { listUsers } from "../../modules/access";
import { listOrganisations } from "../../modules/organisations";
import { CliError, type CliIo, type RunCommand, singleFileArgument } from "../cli-command";
import { cliActor } from "../cli-database";
import { detectBackupFormat, type PgliteDump, readPgliteDump } from "../pglite-dump";
import { runPostgresTool } from "../postgres-tools";
import { countOf } from "../text-table";
import { PGDATA_FOLDER } from "./backup";

type RestoredContents = { organisations: number; users: number };

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Proves the restored database is one this version can run: its migration history is ours (an older backup is
 * brought up to date, as the next server start would do; a newer one is refused) and its tables answer.
 */
async function migrateAndCount(handle: DatabaseHandle, io: CliIo): Promise<RestoredContents> {
  await migrateDatabase(handle);
  const ctx = { db: handle.db, actor: cliActor(io.env) };
  const [organisations, users] = await Promise.all([
    listOrganisations(ctx, { limit: 1, offset: 0 }),
    listUsers(ctx),
  ]);
  return { organisations: organisations.total, users: users.length };
}

function describeContents(contents: RestoredContents): string {
  return `${countOf(contents.organisations, "organisation")}, ${countOf(contents.users, "user")}`;
}

async function readFileHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function readPostgresVersionOf(pgdata: string): string | null {
  try {
    return readFileSync(join(pgdata, "PG_VERSION"), "utf8").trim();
  } catch {
    return null;
  }
}

async function loadAndVerify(pgdata: string, dump: PgliteDump, io: CliIo): Promise<RestoredContents> {
  const client = await PGlite.create({
    dataDir: pgdata,
    loadDataDir: new Blob([dump.tar]),
    extensions: PGLITE_EXTENSIONS,
    startParams: PGLITE_START_PARAMS,
  });
  // What openDatabase builds, without taking the lock again: openDatabase would refuse the lock we hold.
  const handle: DatabaseHandle = {
    db: drizzle(client, { schema }) as unknown as Database,
    kind: "pglite",
    pglite: client,
    dataDir: pgdata,
    actAs: async (role) => {
      await client.exec(`set role ${role}`);
      handle.appRole = role;
    },
    close: () => client.close(),
  };
  try {
    return await migrateAndCount(handle, io);
  } finally {
    await handle.close();
  }
}

async function restoreDataFolder(file: string, dataDir: string, io: CliIo): Promise<void> {
  const bytes = await readFile(file);
  if (detectBackupFormat(bytes) === "pg_dump") {
    throw new CliError(
      `${file} is a PostgreSQL dump (pg_dump): restore it with DATABASE_URL set to the PostgreSQL database. Nothing was changed.`,
    );
  }
  let dump: PgliteDump;
  try {
    dump = readPgliteDump(bytes);
  } catch (error) {
    throw new CliError(
      `${file} is not a backup of the embedded database: ${reasonOf(error)}. Nothing was changed.`,
    );
  }
  // Held from before the move until after the check, so that no server or other CLI opens a half-restored folder.
  const lock = acquireDataDirLock(dataDir);
  try {
    const pgdata = join(dataDir, PGDATA_FOLDER);
    const currentVersion = readPostgresVersionOf(pgdata);
    if (currentVersion !== null && currentVersion !== dump.postgresVersion) {
      throw new CliError(
        `${file} holds a PostgreSQL ${dump.postgresVersion} data folder, but the embedded database in ${dataDir} is PostgreSQL ${currentVersion}. Nothing was changed.`,
      );
    }
    const aside = existsSync(pgdata)
      ? `${pgdata}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`
      : null;
    if (aside) renameSync(pgdata, aside);
    let contents: RestoredContents;
    try {
      contents = await loadAndVerify(pgdata, dump, io);
    } catch (error) {
      try {
        rmSync(pgdata, { recursive: true, force: true });
        if (aside) renameSync(aside, pgdata);
      } catch (rollbackError) {
        throw new CliError(
          `Could not restore ${file}: ${reasonOf(error)}. Putting the previous data back failed too (${reasonOf(rollbackError)}): ` +
            `it is in ${aside}; move that folder to ${pgdata} by hand before starting Ubufatanye.`,
        );
      }
      throw new CliError(
        `Could not restore ${file}: ${reasonOf(error)}. ${aside ? "The previous data is back in place." : "Nothing was changed."}`,
      );
    }
    io.out(`Restored ${file} into the embedded database in ${dataDir}: ${describeContents(contents)}.`);
    if (aside)
      io.out(`The previous data is kept in ${aside}; delete that folder once you no longer need it.`);
  } finally {
    lock.release();
  }
}

/** `ownerUrl`: DATABASE_OWNER_URL when set, since only the tables' owner may drop and recreate them (decision 010). */
async function restorePostgresDatabase(
  file: string,
  url: string,
  ownerUrl: string | undefined,
  io: CliIo,
): Promise<void> {
  const format = detectBackupFormat(await readFileHead(file, 512));
  if (format !== "pg_dump") {
    throw new CliError(
      format === "pglite"
        ? `${file} is a backup of the embedded database: restore it without DATABASE_URL, with UBUFATANYE_DATA_DIR set to the data folder. Nothing was changed.`
        : `${file} is not a PostgreSQL dump made by \`backup\` (pg_dump custom format). Nothing was changed.`,
    );
  }
  // One transaction: if any statement fails, pg_restore stops and the database is left as it was.
  await runPostgresTool(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", "{url}", file],
    ownerUrl ?? url,
    io.env,
  );
  const handle = await openDatabase({
    kind: "postgresql",
    url,
    ...(ownerUrl ? { ownerUrl } : {}),
    poolSize: 1,
  });
  try {
    const contents = await migrateAndCount(handle, io).catch((error: unknown) => {
      throw new CliError(`pg_restore finished, but the restored database does not work: ${reasonOf(error)}`);
    });
    io.out(`Restored ${file} into the PostgreSQL database: ${describeContents(contents)}.`);
  } finally {
    await handle.close();
  }
}

export const runRestore: RunCommand = async (args, io) => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const file = singleFileArgument(positionals);
  if (!existsSync(file)) throw new CliError(`${file} does not exist.`);
  if (!statSync(file).isFile()) throw new CliError(`${file} is not a file.`);
  const options = databaseOptionsFromEnv(io.env);
  if (options.kind === "postgresql") await restorePostgresDatabase(file, options.url, options.ownerUrl, io);
  else if (options.kind === "pglite") await restoreDataFolder(file, resolve(options.dataDir), io);
  else throw new CliError("An in-memory database cannot be restored into.");
};
