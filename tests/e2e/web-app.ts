// The browser app built once for all browser tests, and rebuilt only when a source that went into it changed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Where the build goes, as vite.config.ts says, relative to the repository. */
const WEB_DIR = "dist/web";
/** What the last build read and wrote; outside dist/web, which Vite empties and the server serves. */
const STAMP = "dist/web-build.json";
export const stampFile = (root = ROOT) => join(root, STAMP);

/**
 * Read by every build whatever its module graph says: the bundler's settings, the installed versions, and the
 * public folder Vite copies without importing.
 */
const ALWAYS = ["vite.config.ts", "package-lock.json", "tsconfig.json"];
const PUBLIC_DIR = "src/web/public";

export type WebBuildStamp = {
  /** Repository-relative path → sha256 of every source file the build read (the module graph and ALWAYS). */
  files: Record<string, string>;
  /** Directory → sha256 of its non-test file names: a new file beside an input can change what an import resolves to. */
  listings: Record<string, string>;
  /** sha256 of dist/web/index.html, which names every hashed asset: another build since then shows here. */
  output: string;
};

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function hashFile(root: string, path: string): string | null {
  try {
    return sha256(readFileSync(join(root, path)));
  } catch {
    return null;
  }
}

function filesUnder(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(join(root, path)).isFile())
    .sort();
}

function hashListing(root: string, dir: string): string {
  const abs = join(root, dir);
  if (!existsSync(abs)) return "missing";
  const names = readdirSync(abs)
    .filter((name) => !/\.test\.tsx?$/.test(name))
    .sort();
  return sha256(names.join("\n"));
}

/** The stamp for a build that read `inputs` (repository-relative paths) and wrote dist/web. */
export function stampFor(inputs: readonly string[], root = ROOT): WebBuildStamp {
  const paths = [...new Set([...inputs, ...ALWAYS, ...filesUnder(root, PUBLIC_DIR)])].sort();
  const files: Record<string, string> = {};
  for (const path of paths) files[path] = hashFile(root, path) ?? "missing";
  const listings: Record<string, string> = {};
  for (const dir of [...new Set(inputs.map((p) => dirname(p)))].sort())
    listings[dir] = hashListing(root, dir);
  return { files, listings, output: hashFile(root, join(WEB_DIR, "index.html")) ?? "missing" };
}

function readStamp(root: string): WebBuildStamp | null {
  try {
    return JSON.parse(readFileSync(stampFile(root), "utf8")) as WebBuildStamp;
  } catch {
    return null;
  }
}

/** Why dist/web does not match the sources now, or null when it does. */
export function staleReason(root = ROOT): string | null {
  const stamp = readStamp(root);
  if (!stamp) return "no record of a previous build";
  const output = hashFile(root, join(WEB_DIR, "index.html"));
  if (output === null) return "dist/web/index.html is missing";
  if (output !== stamp.output) return "dist/web was rebuilt by something else since";
  if (Object.keys(stamp.files).length === 0) return "the last build recorded no inputs";
  for (const [path, hash] of Object.entries(stamp.files)) {
    if (hashFile(root, path) !== hash) return `${path} changed`;
  }
  for (const [dir, hash] of Object.entries(stamp.listings)) {
    if (hashListing(root, dir) !== hash) return `files were added to or removed from ${dir}`;
  }
  const publicNow = filesUnder(root, PUBLIC_DIR).filter((p) => !(p in stamp.files));
  if (publicNow.length > 0) return `${publicNow[0]} was added`;
  return null;
}

let checkedThisProcess = false;

/**
 * Makes dist/web the build of the current sources: builds when anything the last build read has changed (or
 * there is no record of it), otherwise does nothing. Cheap enough to call before every server start.
 */
export function ensureWebAppBuilt(): { built: boolean; reason: string | null } {
  const reason = staleReason();
  if (reason === null) {
    checkedThisProcess = true;
    return { built: false, reason };
  }
  // A build that fails half-way must not leave the old stamp matching a half-written dist/web.
  rmSync(stampFile(), { force: true });
  if (checkedThisProcess) console.warn(`Rebuilding the browser app during the run: ${reason}`);
  execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "tests/e2e/web-app-build.ts")], {
    cwd: ROOT,
    stdio: "inherit",
    // vitest sets NODE_ENV=test, which would build React's development bundle.
    env: { ...process.env, NODE_ENV: "production" },
  });
  const after = staleReason();
  if (after !== null)
    throw new Error(`The browser app was built but still does not match its sources: ${after}`);
  checkedThisProcess = true;
  return { built: true, reason };
}

export { ensureServerBuilt } from "../../scripts/build-server.mjs";
