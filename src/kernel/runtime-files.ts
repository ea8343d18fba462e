// Where the app's own files are, whether it runs from its TypeScript sources (tests, the CLI, `npm run dev`) or
// from the compiled server that `npm start` runs (dist/server, decision 030). Compiled, the code of a source file
// may sit in any chunk of the bundle, so no path is taken relative to the running file: data files (SQL, JSON,
// seeds) are found from the project root, and the modules loaded by URL (parsers that run in a worker thread) are
// named by their source path and mapped to their compiled file.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "ubufatanye"
    )
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`No Ubufatanye package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The folder of package.json. */
export const PROJECT_ROOT = findProjectRoot();

/** The compiled server's folder: src/<path>.ts is compiled to dist/server/<path>.js. */
export const COMPILED_SERVER_DIR = join(PROJECT_ROOT, "dist", "server");

/** True in the compiled server (this file is then JavaScript), false when the sources run through TypeScript loading. */
export const RUNNING_COMPILED = import.meta.url.endsWith(".js");

/** A file of the project by its path from the root, e.g. `seeds/programme-iom-001.json`. */
export function projectFile(path: string): string {
  return join(PROJECT_ROOT, path);
}

/**
 * A module loaded by URL (a worker's parser, a schema named to a worker), by its path under src/ with its `.ts`:
 * the source file, or its compiled file when the server runs compiled. The server build (scripts/build-server.ts)
 * finds every call of this function and compiles each module named as an entry of its own.
 */
export function codeModuleUrl(pathUnderSrc: `${string}.ts`): URL {
  return RUNNING_COMPILED
    ? pathToFileURL(join(COMPILED_SERVER_DIR, pathUnderSrc.replace(/\.ts$/, ".js")))
    : pathToFileURL(join(PROJECT_ROOT, "src", pathUnderSrc));
}
