// The servers the limit benchmarks start (the app's compiled server signed in as an administrator, the bare
// reference), the data they are seeded with, and a GET over a kept-alive connection.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { type Agent, request } from "node:http";
import { createServer } from "node:net";
import { type DatabaseHandle, openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { loadReferencePlaces } from "../../src/modules/places/places.service";
import { loadBuiltInThemes } from "../../src/modules/themes";
import { todayInKigali } from "../../src/shared/today";
import { TEST_FIELD_KEYS_ENV } from "../../tests/field-keys";
import { generateAgreements } from "../agreements-data";

const ROOT = new URL("../..", import.meta.url).pathname;
export const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 2_000);
export const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 10_000);
const started = performance.now();
export const note = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${message}\n`);

export const ADMINISTRATOR = {
  name: "Limit Bench",
  email: "limit@bench.example",
  password: "Amahoro 2026 kuri bose",
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Processor ticks (utime + stime) a process has used, or null once it is gone. */
export function ticksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export type Server = {
  label: string;
  url: string;
  pid: number;
  /** On PostgreSQL, the application_name its connections carry (its backends are found by it). */
  applicationName?: string;
  headers: Record<string, string>;
  /** The last of what the server printed (a failed run's explanation). */
  output(): string;
  stop(): Promise<void>;
};

export async function startProcess(
  label: string,
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  let output = "";
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...TEST_FIELD_KEYS_ENV, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Kept short: what a failed start said, not every request's log line.
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${label}: no healthy server within 300 s:\n${output}`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** The app's compiled server (`npm start` without npm), an administrator set up and signed in. */
export async function startApp(env: Record<string, string>, applicationName?: string): Promise<Server> {
  const port = await freePort();
  const { child, url, output } = await startProcess(
    "the app",
    [
      "--max-old-space-size=768",
      // BENCH_CPU_PROFILE_DIR: the app's V8 processor profile, written there when it stops (open in DevTools).
      ...(process.env.BENCH_CPU_PROFILE_DIR
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
        : []),
      "scripts/start.mjs",
    ],
    { NODE_ENV: "production", ...env },
    port,
  );
  const send = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { origin: url, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}\n${output()}`);
    return res;
  };
  await send("/api/setup", ADMINISTRATOR);
  const signedIn = await send("/api/auth/sign-in/email", {
    email: ADMINISTRATOR.email,
    password: ADMINISTRATOR.password,
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return {
    label: "app",
    url,
    pid: child.pid ?? 0,
    ...(applicationName ? { applicationName } : {}),
    headers: { cookie },
    output,
    stop: () => stopChild(child),
  };
}

export async function startReference(env: Record<string, string>, applicationName?: string): Promise<Server> {
  const port = await freePort();
  const { child, url, output } = await startProcess(
    "the reference",
    ["--max-old-space-size=768", "--import", "tsx", "bench/limit/reference.ts"],
    env,
    port,
  );
  return {
    label: "reference",
    url,
    pid: child.pid ?? 0,
    ...(applicationName ? { applicationName } : {}),
    headers: {},
    output,
    stop: () => stopChild(child),
  };
}

/** GET `path` on a kept-alive connection; the body as text. */
export function get(agent: Agent, server: Server, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { agent, headers: server.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export type Seeded = { districts: string[]; agreementIds: string[] };

export async function seed(handle: DatabaseHandle): Promise<Seeded> {
  await migrateDatabase(handle);
  await loadReferencePlaces(handle.db);
  await loadBuiltInThemes(handle.db);
  const { sampleIds } = await generateAgreements(handle, todayInKigali(), {
    organisations: ORGANISATIONS,
    agreements: AGREEMENTS,
    note,
  });
  // The five districts named most by agreements' areas: pages of 50 from a few hundred matches.
  const result = (await handle.db.execute(
    `select p.id from place p join agreement_area ar on ar.place_id = p.id
     where p.kind = 'district' group by p.id order by count(*) desc, p.id limit 5`,
  )) as unknown as { rows: { id: string }[] };
  return { districts: result.rows.map((r) => r.id), agreementIds: sampleIds };
}

/** An embedded database's data folder seeded as `seed` does, closed again for a server to open. */
export async function seedDataFolder(dataDir: string): Promise<Seeded> {
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    return await seed(handle);
  } finally {
    await handle.close();
  }
}
