// Runs pg_dump / pg_restore against DATABASE_URL, keeping the password out of the process list.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CliError } from "./cli-command";

const execFileAsync = promisify(execFile);

export type PostgresTool = "pg_dump" | "pg_restore";

/** The URL without its password, and the password for PGPASSWORD (argv is visible to every local user). */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, password: undefined };
  }
  if (!parsed.password) return { url, password: undefined };
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { url: parsed.toString(), password };
}

function errorOutput(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === "string" ? stderr.trim() : "";
  return text || (error instanceof Error ? error.message : String(error));
}

/** Runs the tool with `args`, where "{url}" stands for the database URL. Throws CliError with the tool's own message on failure. */
export async function runPostgresTool(
  tool: PostgresTool,
  args: readonly string[],
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { url, password } = splitPassword(databaseUrl);
  try {
    await execFileAsync(
      tool,
      args.map((a) => (a === "{url}" ? url : a)),
      {
        env: { ...env, ...(password === undefined ? {} : { PGPASSWORD: password }) },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliError(
        `${tool} was not found on the PATH. Install the PostgreSQL client tools of the server's major version or newer (Debian: apt-get install postgresql-client).`,
      );
    }
    throw new CliError(`${tool} failed:\n${errorOutput(error)}`);
  }
}
