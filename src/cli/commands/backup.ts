// `backup FILE`: a gzipped dump of the embedded data folder, or pg_dump's custom format on PostgreSQL.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { databaseOptionsFromEnv, openDatabase } from "../../db/client";
import { CliError, type RunCommand, singleFileArgument } from "../cli-command";
import { describeDatabase } from "../cli-database";
import { runPostgresTool } from "../postgres-tools";

/** The folder inside the data folder that PGlite keeps its files in (see openDatabase in src/db/client.ts). */
export const PGDATA_FOLDER = "pgdata";

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function dumpDataFolder(dataDir: string, file: string): Promise<void> {
  if (!existsSync(join(dataDir, PGDATA_FOLDER, "PG_VERSION"))) {
    throw new CliError(
      `There is no database in ${dataDir} to back up. Point UBUFATANYE_DATA_DIR at the data folder (or set DATABASE_URL for PostgreSQL).`,
    );
  }
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    if (!handle.pglite) throw new Error("PGlite handle without its engine");
    // Flush everything to the data files first, so that the copy starts without crash recovery.
    await handle.pglite.exec("CHECKPOINT");
    const dump = await handle.pglite.dumpDataDir("gzip");
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
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
  try {
    if (options.kind === "postgresql") {
      // As the owner when DATABASE_OWNER_URL is set (the app's role reads every table too, so either works).
      const url = options.ownerUrl ?? options.url;
      await runPostgresTool("pg_dump", ["--format=custom", "--file", partial, "{url}"], url, io.env);
    } else if (options.kind === "pglite") {
      await dumpDataFolder(resolve(options.dataDir), partial);
    } else {
      throw new CliError("An in-memory database has nothing to back up.");
    }
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  io.out(`Backed up the ${describeDatabase(options)} to ${file} (${formatSize(statSync(target).size)}).`);
};
