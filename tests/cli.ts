// Runs the CLI as a child process, as an operator would, against a test data folder or PostgreSQL database.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ownerUrlOf } from "./database";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI_TIMEOUT_MS = 90_000;

export type CliRun = { code: number | null; stdout: string; stderr: string };

/** Where the child's database is: an embedded data folder, or a PostgreSQL URL. */
export type CliTarget = { dataDir: string } | { url: string };

/** The test runner's environment without anything that would point the child at another database. */
export function cliEnv(target: CliTarget): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test" };
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

/** `node --import tsx src/cli/main.ts ...args` from the repository root, with `input` on its standard input. */
export function runCliProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
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

/** Whether a PostgreSQL client tool (pg_dump, pg_restore) can be run here. */
export function hasCommand(name: string): boolean {
  return !spawnSync(name, ["--version"], { stdio: "ignore" }).error;
}
