// `backup FILE`: a gzipped dump of the embedded data folder, or pg_dump's custom format on PostgreSQL.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { databaseOptionsFromEnv, openDatabase } from "../../db/client";
import { DataDirLockedError } from "../../db/data-dir-lock";
import { dumpEmbeddedDatabase, requestBackup, ServerBackupError } from "../../db/pglite-backup";
import { CliError, type RunCommand, singleFileArgument } from "../cli-command";
import { describeDatabase } from "../cli-database";
import { runPostgresTool } from "../postgres-tools";

/** The folder inside the data folder that PGlite keeps its files in (see openDatabase in src/db/client.ts). */
export const PGDATA_FOLDER = "pgdata";

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Dumps the data folder: opened here when no other process holds it, else made by the running server, which answers
 * on a socket in the data folder. Returns who made the dump, for the message.
 */
async function dumpDataFolder(dataDir: string, file: string): Promise<string | null> {
  if (!existsSync(join(dataDir, PGDATA_FOLDER, "PG_VERSION"))) {
    throw new CliError(
      `There is no database in ${dataDir} to back up. Point UBUFATANYE_DATA_DIR at the data folder (or set DATABASE_URL for PostgreSQL).`,
    );
  }
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ kind: "pglite", dataDir });
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || error.holderPid === process.pid) throw error;
    let dump: Buffer | null;
    try {
      dump = await requestBackup(dataDir);
    } catch (failure) {
      if (failure instanceof ServerBackupError) throw new CliError(failure.message);
      throw failure;
    }
    // Nothing answered: the holder is not a server that makes backups. Its lock's message says what to do.
    if (dump === null) throw error;
    await writeFile(file, dump);
    return `made by the running server (pid ${error.holderPid})`;
  }
  try {
    if (!handle.pglite) throw new Error("PGlite handle without its engine");
    await writeFile(file, await dumpEmbeddedDatabase(handle.pglite));
    return null;
  } finally {
    await handle.close();
  }
}

export const runBackup: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const file = singleFileArgument(positionals);
  const target = resolve(file);
  if (existsSync(target) && !values.force) {
    throw new CliError(`${file} already exists. Choose another name, or add --force to replace it.`);
  }
  // `backup backups/$(date +%F).tar.gz` works on a first run too.
  mkdirSync(dirname(target), { recursive: true });
  const options = databaseOptionsFromEnv(io.env);
  // Written beside the target and renamed at the end: an interrupted backup never leaves a half file under FILE.
  const partial = `${target}.partial-${process.pid}`;
  let madeBy: string | null = null;
  try {
    if (options.kind === "postgresql") {
      // As the owner when DATABASE_OWNER_URL is set (the app's role reads every table too, so either works).
      const url = options.ownerUrl ?? options.url;
      await runPostgresTool("pg_dump", ["--format=custom", "--file", partial, "{url}"], url, io.env);
    } else if (options.kind === "pglite") {
      madeBy = await dumpDataFolder(resolve(options.dataDir), partial);
    } else {
      throw new CliError("An in-memory database has nothing to back up.");
    }
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  const size = formatSize(statSync(target).size);
  io.out(`Backed up the ${describeDatabase(options)} to ${file} (${size})${madeBy ? `, ${madeBy}` : ""}.`);
};
