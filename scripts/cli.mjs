// `npm run cli -- <command>`: the command line on compiled JavaScript, as `npm start` runs the server (decision 030).
// Compiles dist/server first when its sources changed since the last build — saying so on standard error, so that a
// command's output (`npm run cli -- openapi > api.json`) stays its own — then runs dist/server/cli/main.js here.
// Starting on compiled code takes ~4 s less than through tsx, which compiled every module at each start.
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { CLI_MAIN, ROOT, serverStaleReason } from "./build-server.mjs";

const stale = serverStaleReason();
if (stale !== null) {
  process.stderr.write(`Compiling the server and command line (${stale}).\n`);
  execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: ROOT, stdio: ["ignore", 2, 2] });
}
await import(pathToFileURL(CLI_MAIN).href);
