// `npm start`: the server as one Node process on compiled JavaScript (decision 030). Compiles the server first when
// its sources changed since the last build (under a second, in a child process so that the bundler's memory is not
// kept), then runs dist/server in this process. The browser app is built by the server itself when missing.
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { ROOT, SERVER_MAIN, serverStaleReason } from "./build-server.mjs";

const stale = serverStaleReason();
if (stale !== null) {
  console.log(`Compiling the server (${stale}).`);
  execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: ROOT, stdio: "inherit" });
}
await import(pathToFileURL(SERVER_MAIN).href);
