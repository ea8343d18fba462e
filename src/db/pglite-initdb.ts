// Creates a new embedded data folder in a short-lived child process. PGlite runs initdb inside the process
// that opens a new folder, and that process keeps about 500 MB of initdb's WebAssembly memory for good
// (measured: a server that created its folder sat at ~800 MB, one that opened an existing folder at ~300 MB).
// A child that creates the folder and exits gives all of it back; the server then opens an existing folder.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export class DataFolderCreationError extends Error {
  constructor(
    readonly pgdataDir: string,
    readonly detail: string,
  ) {
    super(`Could not create the embedded database in ${pgdataDir}: ${detail}`);
    this.name = "DataFolderCreationError";
  }
}

/** True when the folder already holds a PostgreSQL cluster (what PGlite itself checks before running initdb). */
export function holdsCluster(pgdataDir: string): boolean {
  return existsSync(join(pgdataDir, "PG_VERSION"));
}

// CommonJS, so that the child needs no loader: it requires PGlite by the path resolved here.
const CHILD_SCRIPT = `
const { PGlite } = require(process.argv[1]);
PGlite.create({ dataDir: process.argv[2] })
  .then((db) => db.close())
  .catch((error) => { process.stderr.write(String(error && error.message ? error.message : error)); process.exit(1); });
`;

/** Runs initdb for `pgdataDir` in a child process, unless the folder already holds a cluster. */
export async function createClusterApart(pgdataDir: string): Promise<void> {
  if (holdsCluster(pgdataDir)) return;
  const pglitePath = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ["-e", CHILD_SCRIPT, pglitePath, pgdataDir],
      { env: { ...process.env, NODE_OPTIONS: "" }, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const detail = String(stderr).trim() || error.message;
        reject(new DataFolderCreationError(pgdataDir, detail));
      },
    );
  });
  if (!holdsCluster(pgdataDir))
    throw new DataFolderCreationError(pgdataDir, "initdb ended without a cluster");
}
