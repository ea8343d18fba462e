// Runs the CLI against a test data folder or PostgreSQL database: in this process (fast), or as a child process as
// an operator would (exit codes, stdout/stderr wiring, the data-folder lock between processes).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { CLI_MAIN, ensureServerBuilt } from "../scripts/build-server.mjs";
import { runCli } from "../src/cli/run-cli";
import { type DatabaseHandle, openDatabase, PGLITE_EXTENSIONS, PGLITE_START_PARAMS } from "../src/db/client";
import { createTestDatabase, ownerUrlOf, testDatabaseKind } from "./database";
import { TEST_FIELD_KEYS_ENV } from "./field-keys";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI_TIMEOUT_MS = 90_000;

export type CliRun = { code: number | null; stdout: string; stderr: string };

/** Where the child's database is: an embedded data folder, or a PostgreSQL URL. */
export type CliTarget = { dataDir: string } | { url: string };

/** The test runner's environment without anything that would point the child at another database. */
export function cliEnv(target: CliTarget): NodeJS.ProcessEnv {
  // The run's field keys, whatever the caller's environment holds: no command makes a keys file in ~/.config.
  const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_FIELD_KEYS_ENV, NODE_ENV: "test" };
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  delete env.UBUFATANYE_DATA_DIR;
  delete env.UBUFATANYE_SECRET;
  if ("url" in target) {
    env.DATABASE_URL = target.url;
    // A test database reached as the app role: its owner runs migrations and restores, as in production.
    const ownerUrl = ownerUrlOf(target.url);
    if (ownerUrl) env.DATABASE_OWNER_URL = ownerUrl;
  } else env.UBUFATANYE_DATA_DIR = target.dataDir;
  return env;
}

/**
 * What `npm run cli -- ...args` runs (the compiled command line, decision 030), from the repository root, with `input`
 * on its standard input. The build is checked first, as `npm run cli` does (the run's global set-up made it).
 */
export async function runCliProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<CliRun> {
  await ensureServerBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    // No input: standard input is closed at once, as with "ignore".
    child.stdin.end(input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The same command line through runCli in this process, with the lines main.ts would print collected: what a
 * command does without the seconds a child spends starting and loading every module. Only what goes through
 * `io` is seen here, so each command family keeps a child-process test for the wiring (see runCliProcess).
 */
export async function runCliInProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env,
    input: Readable.from(input === undefined ? [] : [Buffer.from(input)]),
    out: (text) => {
      stdout += `${text}\n`;
    },
    err: (text) => {
      stderr += `${text}\n`;
    },
  });
  return { code, stdout, stderr };
}

/** Whether a PostgreSQL client tool (pg_dump, pg_restore) can be run here. */
export function hasCommand(name: string): boolean {
  return !spawnSync(name, ["--version"], { stdio: "ignore" }).error;
}

/** A database for CLI tests: the environment that points the CLI at it, and a way to use it between CLI runs. */
export type CliDatabase = {
  kind: "pglite" | "postgresql";
  env: NodeJS.ProcessEnv;
  /** A temporary folder of the test's own, for files the commands read and write; removed by close(). */
  workDir: string;
  /** The embedded data folder ("" on PostgreSQL). */
  dataDir: string;
  /** Runs `use` on the database, opened in this process between two CLI runs (PGlite allows one holder). */
  withDatabase<T>(use: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * A migrated database (reference places and built-in themes loaded, as `migrate` leaves it) for CLI tests: a copy
 * of the run's template, as a data folder on PGlite or a database on PostgreSQL. Copying the template takes a
 * fraction of what `migrate` on an empty folder does (initdb, every migration, 416 sectors); cli.test.ts tests
 * `migrate` itself. With `empty: true` the PGlite data folder does not exist yet: the first command creates it.
 */
export async function createCliDatabase(
  prefix: string,
  options: { empty?: boolean } = {},
): Promise<CliDatabase> {
  const workDir = mkdtempSync(join(tmpdir(), `ubuf-${prefix}-`));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  if (testDatabaseKind() === "postgresql") {
    const postgres = await createTestDatabase();
    if (!postgres.url) throw new Error("the PostgreSQL test database has no URL");
    return {
      kind: "postgresql",
      env: cliEnv({ url: postgres.url }),
      workDir,
      dataDir: "",
      withDatabase: (use) => use(postgres),
      close: async () => {
        await postgres.close();
        removeWorkDir();
      },
    };
  }
  const dataDir = join(workDir, "data");
  if (!options.empty) await copyTemplateInto(join(dataDir, "pgdata"));
  return {
    kind: "pglite",
    env: cliEnv({ dataDir }),
    workDir,
    dataDir,
    withDatabase: async (use) => {
      const handle = await openDatabase({ kind: "pglite", dataDir });
      try {
        return await use(handle);
      } finally {
        await handle.close();
      }
    },
    close: async () => removeWorkDir(),
  };
}

/** Unpacks the run's PGlite template (a dump of a migrated data folder) into an empty pgdata folder. */
async function copyTemplateInto(pgdata: string): Promise<void> {
  mkdirSync(pgdata, { recursive: true });
  const dump = await readFile(inject("databaseTemplate"));
  const client = await PGlite.create({
    dataDir: pgdata,
    loadDataDir: new Blob([dump]),
    extensions: PGLITE_EXTENSIONS,
    startParams: PGLITE_START_PARAMS,
  });
  await client.close();
}
