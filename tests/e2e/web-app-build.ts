// Run in a child process by web-app.ts: `vite build` as `npm run build` does, recording which source files it read.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { build, type Plugin } from "vite";
import { ROOT, stampFile, stampFor } from "./web-app";

const inputs = new Set<string>();

/** Notes every module of the graph that is a file of this repository (installed packages are keyed by the lock file). */
function recordInputs(): Plugin {
  return {
    name: "ubufatanye-test-record-inputs",
    apply: "build",
    buildEnd() {
      for (const id of this.getModuleIds()) {
        const path = id.split("?")[0] ?? id;
        if (path.startsWith("\0") || !isAbsolute(path)) continue;
        const rel = relative(ROOT, path);
        if (rel.startsWith("..") || rel.split(sep).includes("node_modules")) continue;
        inputs.add(rel);
      }
    },
  };
}

await build({ configFile: join(ROOT, "vite.config.ts"), logLevel: "warn", plugins: [recordInputs()] });
// An empty graph would make every later check pass: refuse to record it.
if (![...inputs].some((p) => p.startsWith(`src${sep}web${sep}`))) {
  throw new Error(`The build read no file of src/web (recorded: ${[...inputs].join(", ") || "none"})`);
}
mkdirSync(dirname(stampFile()), { recursive: true });
writeFileSync(stampFile(), `${JSON.stringify(stampFor([...inputs]), null, 1)}\n`);
console.log(`Built the browser app from ${inputs.size} source files.`);
