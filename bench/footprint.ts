// Prints what `npm start` costs (issue 20, "Footprint"): seconds from the command to a healthy server, on a fresh
// database and again on the same one, and the resident memory of every process the command leaves running once
// idle, on the embedded database and (with BENCH_DATABASE_URL, the server's `postgres` database) on PostgreSQL.
// Targets: one Node process on compiled JavaScript; idle RSS ≤ 150 MB on PostgreSQL and ≤ 350 MB on the embedded
// database; start ≤ 3 s after a build. The first start builds what is missing (its time is printed apart).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_FIELD_KEYS_ENV } from "../tests/field-keys";
import { freshDatabase } from "./bench-kit";

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 8);
const ROOT = new URL("..", import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

type Proc = { pid: number; ppid: number; rssMb: number; command: string };

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      found.push({ pid: Number(entry), ppid: Number(afterName[1]), rssMb: rssKb / 1024, command });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function tree(rootPid: number): Proc[] {
  const all = processes();
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all)
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
  }
  return all.filter((p) => inTree.has(p.pid));
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no healthy server within 300 s:\n${output()}`);
}

async function startOnce(env: Record<string, string>): Promise<{ seconds: number; procs: Proc[] }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...TEST_FIELD_KEYS_ENV,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  try {
    await waitHealthy(url, child, () => output);
    const seconds = (performance.now() - started) / 1000;
    // One request of each kind a user's first visit makes, then idle.
    await (await fetch(`${url}/`)).arrayBuffer();
    await (await fetch(`${url}/api/session`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    return { seconds, procs: tree(child.pid ?? 0) };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    if (child.exitCode === null) process.kill(-(child.pid ?? 0), "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
}

function describe(procs: Proc[]): string {
  return procs
    .map((p) => `      ${p.rssMb.toFixed(0).padStart(5)} MB  ${p.command.slice(0, 110)}`)
    .join("\n");
}

async function measure(label: string, env: Record<string, string>, rssTargetMb: number): Promise<void> {
  const first = await startOnce(env);
  const second = await startOnce(env);
  const server = second.procs.filter((p) => /\bnode\b/.test(p.command) && !/npm/.test(p.command));
  const serverRss = Math.max(...server.map((p) => p.rssMb));
  const total = second.procs.reduce((sum, p) => sum + p.rssMb, 0);
  const nodes = second.procs.filter((p) => /node/.test(p.command)).length;
  console.log(`${label}:`);
  console.log(`  first start (fresh database, builds if needed): ${first.seconds.toFixed(1)} s`);
  console.log(
    `  second start: ${second.seconds.toFixed(1)} s  (target ≤ 3 s: ${second.seconds <= 3 ? "PASS" : `gap ${(second.seconds - 3).toFixed(1)} s`})`,
  );
  console.log(
    `  idle after ${IDLE_SECONDS} s, server process: ${serverRss.toFixed(0)} MB  (target ≤ ${rssTargetMb} MB: ${serverRss <= rssTargetMb ? "PASS" : `gap ${(serverRss - rssTargetMb).toFixed(0)} MB`})`,
  );
  console.log(
    `  whole process tree of \`npm start\`: ${total.toFixed(0)} MB in ${second.procs.length} processes (${nodes} node):`,
  );
  console.log(describe(second.procs));
}

if (process.env.BENCH_ONLY !== "postgresql") {
  const dataDir = mkdtempSync(join(tmpdir(), "ubufatanye-footprint-"));
  try {
    await measure("Embedded database (PGlite)", { UBUFATANYE_DATA_DIR: dataDir }, 350);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const pgUrl = process.env.BENCH_DATABASE_URL;
if (pgUrl) {
  const database = "ubufatanye_bench_footprint";
  const { url, drop } = await freshDatabase(pgUrl, database);
  try {
    await measure("PostgreSQL", { DATABASE_URL: url.toString() }, 150);
  } finally {
    await drop();
  }
} else {
  console.log("PostgreSQL: not measured (set BENCH_DATABASE_URL to the server's postgres database)");
}
