// The compiled server (decision 030): src/ bundled by esbuild into dist/server, one entry per file the running
// server loads by path (its main, the parsing worker, every module named to `codeModuleUrl`), shared code split into
// chunks so that each module exists once per thread. Installed packages stay external (node_modules, as installed).
// Plain JavaScript so that `npm start` can check and start without TypeScript loading; run as a script, it builds.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_DIR = join(ROOT, "dist", "server");
export const SERVER_MAIN = join(SERVER_DIR, "server", "main.js");
/** dist/server/cli/main.js: the compiled command line (`npm run cli`), built with the server. */
export const CLI_MAIN = join(SERVER_DIR, "cli", "main.js");
/** What the last build read; outside dist/server, which each build empties. */
const STAMP = join(ROOT, "dist", "server-build.json");
/** Read by every build whatever the module graph says. */
const ALWAYS = ["package-lock.json", "tsconfig.json", "scripts/build-server.mjs"];

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

function hashFile(path) {
  try {
    return sha256(readFileSync(join(ROOT, path)));
  } catch {
    return "missing";
  }
}

/** A folder's non-test file names: a file added beside an input can change what an import resolves to. */
function hashListing(dir) {
  if (!existsSync(join(ROOT, dir))) return "missing";
  return sha256(
    readdirSync(join(ROOT, dir))
      .filter((name) => !/\.test\.tsx?$/.test(name))
      .sort()
      .join("\n"),
  );
}

function sourceFiles(dir) {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !name.includes("node_modules"))
    .map((name) => join(dir, name));
}

/** Every module the server loads by URL: the paths given to `codeModuleUrl("…")` anywhere in src/. */
export function namedCodeModules() {
  const found = new Set();
  for (const file of sourceFiles("src")) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const match of text.matchAll(/codeModuleUrl\("([^"]+\.ts)"\)/g)) found.add(`src/${match[1]}`);
  }
  return [...found].sort();
}

/** Why dist/server is not the build of the current sources, or null when it is. */
export function serverStaleReason() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, "utf8"));
  } catch {
    return "no record of a previous build";
  }
  for (const main of [SERVER_MAIN, CLI_MAIN])
    if (!existsSync(main)) return `${relative(ROOT, main)} is missing`;
  for (const [path, hash] of Object.entries(stamp.files))
    if (hashFile(path) !== hash) return `${path} changed`;
  for (const [dir, hash] of Object.entries(stamp.listings))
    if (hashListing(dir) !== hash) return `files were added to or removed from ${dir}`;
  const entries = namedCodeModules().filter((path) => !stamp.entries.includes(path));
  if (entries.length > 0) return `${entries[0]} is newly loaded by URL`;
  return null;
}

/** Builds dist/server and records what it read. */
export async function buildServer() {
  const esbuild = await import("esbuild");
  rmSync(STAMP, { force: true });
  rmSync(SERVER_DIR, { recursive: true, force: true });
  const entries = [
    "src/server/main.ts",
    "src/cli/main.ts",
    "src/kernel/files/parse-worker.ts",
    ...namedCodeModules(),
  ];
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outbase: "src",
    outdir: SERVER_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    packages: "external",
    // Functions and classes keep their names (an error's name, a log's source), as they have from the sources.
    keepNames: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
  });
  await esbuild.stop();
  const inputs = Object.keys(result.metafile.inputs).filter(
    (path) => !path.split(sep).includes("node_modules"),
  );
  for (const main of ["src/server/main.ts", "src/cli/main.ts"])
    if (!inputs.includes(main)) throw new Error(`The server build did not read ${main}`);
  const files = {};
  for (const path of [...new Set([...inputs, ...ALWAYS])].sort()) files[path] = hashFile(path);
  const listings = {};
  for (const dir of [...new Set(inputs.map((path) => dirname(path)))].sort())
    listings[dir] = hashListing(dir);
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${JSON.stringify({ entries, files, listings }, null, 1)}\n`);
  return { inputs: inputs.length, entries: entries.length };
}

/**
 * Makes dist/server the build of the current sources: compiled when a source it read changed since the last build
 * (what `npm start` and `npm run cli` do before they run it; the tests' servers and CLI children call it too).
 */
export async function ensureServerBuilt() {
  const reason = serverStaleReason();
  if (reason === null) return { built: false, reason };
  await buildServer();
  const after = serverStaleReason();
  if (after !== null)
    throw new Error(`The server was compiled but still does not match its sources: ${after}`);
  return { built: true, reason };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { inputs, entries } = await buildServer();
  console.log(
    `Built the server (${entries} entries, ${inputs} source files) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}
