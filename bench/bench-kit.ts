// What every benchmark shares: the database it measures (PGlite in memory, or a PostgreSQL database it creates
// and drops), deterministic random data, and percentiles.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../src/db/client";

export type BenchTarget = { handle: DatabaseHandle; label: string; dispose(): Promise<void> };

/**
 * PGlite in memory, or with BENCH_DATABASE_URL a PostgreSQL database: one named in the URL is used as given;
 * on the server's `postgres` database, `database` is created and dropped (kept when BENCH_KEEP_DATABASE is
 * set, to look at the plans afterwards).
 */
export async function openBenchTarget(database: string, poolSize?: number): Promise<BenchTarget> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ kind: "pglite-memory" });
    return { handle, label: "PGlite (in memory)", dispose: () => handle.close() };
  }
  const parsed = new URL(url);
  if (parsed.pathname.replace(/^\//, "") !== "postgres") {
    const handle = await openDatabase({ kind: "postgresql", url, poolSize });
    return {
      handle,
      label: `PostgreSQL (${parsed.host}${parsed.pathname}, given)`,
      dispose: () => handle.close(),
    };
  }
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${database}`);
  await admin(`create database ${database}`);
  parsed.pathname = `/${database}`;
  const handle = await openDatabase({ kind: "postgresql", url: parsed.toString(), poolSize });
  // Asked on a connection of its own: a query on the handle's pool would come before migrateDatabase's actAs,
  // which must be first (the pool then runs every query as the app's role).
  const versionClient = new pg.Client({ connectionString: parsed.toString() });
  await versionClient.connect();
  const server = (await versionClient.query<{ v: string }>("select current_setting('server_version') as v"))
    .rows[0]?.v;
  await versionClient.end();
  return {
    handle,
    label: `PostgreSQL ${server ?? ""} (${parsed.host}, database ${database}, created and dropped)`,
    dispose: async () => {
      await handle.close();
      if (!process.env.BENCH_KEEP_DATABASE) await admin(`drop database if exists ${database}`);
    },
  };
}

/**
 * The embedded database as `npm start` runs it: PGlite in a data folder (a new temporary one, created by a
 * child process as the app does, removed afterwards). BENCH_PGLITE_MEMORY=1 measures PGlite in memory
 * instead (its files then live in this process's memory too).
 */
export async function openEmbeddedAsTheAppDoes(): Promise<BenchTarget> {
  if (process.env.BENCH_PGLITE_MEMORY) {
    const handle = await openDatabase({ kind: "pglite-memory" });
    return { handle, label: "PGlite (in memory, inside this process)", dispose: () => handle.close() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "ubuf-bench-"));
  const handle = await openDatabase({ kind: "pglite", dataDir });
  return {
    handle,
    label: "PGlite (a data folder, as npm start runs it; inside this process)",
    dispose: async () => {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JavaScript heap limit npm start, the CLI and npm run bench set (package.json): memory is measured under it. */
export const SERVER_HEAP_LIMIT_MB = 768;

/** One line saying which heap limit this run had, and whether it is the server's. */
export function heapLimitLine(): string {
  const limitMb = Math.round(getHeapStatistics().heap_size_limit / 1048576);
  // V8 adds its young generation to the limit it reports: allow for that above the old-space cap.
  const asServer = limitMb >= SERVER_HEAP_LIMIT_MB && limitMb <= SERVER_HEAP_LIMIT_MB + 128;
  return asServer
    ? `JavaScript heap limit ${limitMb} MB, as npm start sets it`
    : `JavaScript heap limit ${limitMb} MB — NOT the server's ${SERVER_HEAP_LIMIT_MB} MB: run it with npm run bench, or tsx --max-old-space-size=${SERVER_HEAP_LIMIT_MB}, for memory comparable with the server`;
}

/** Deterministic data: the same rows on every run and on both databases (mulberry32). */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  return {
    random,
    int: (min: number, max: number) => min + Math.floor(random() * (max - min + 1)),
    chance: (p: number) => random() < p,
    pick,
    /** `n` different items. */
    sample<T>(items: readonly T[], n: number): T[] {
      const chosen = new Set<T>();
      while (chosen.size < Math.min(n, items.length)) chosen.add(pick(items));
      return [...chosen];
    },
    weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = random() * total;
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error("weighted pick from an empty list");
      return last[0];
    },
  };
}

/** The p-th percentile of times sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * CPU time spent while measuring: this Node process and, for a PostgreSQL server on this machine, the server
 * processes serving the bench database (read from /proc). Unlike latency under concurrency, CPU per request
 * hardly depends on what else the machine is doing, so it tells whether a change made the work smaller.
 */
export async function startCpuMeter(
  handle: DatabaseHandle,
): Promise<() => Promise<{ nodeMs: number; databaseMs: number | null }>> {
  const serverPids = async (): Promise<number[]> => {
    if (handle.kind !== "postgresql") return [];
    const result = (await handle.db.execute(
      "select pid from pg_stat_activity where datname = current_database()",
    )) as unknown as { rows: { pid: number }[] };
    return result.rows.map((r) => Number(r.pid));
  };
  const ticks = (pid: number): number | null => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      // utime and stime: fields 14 and 15 of the whole line, 12 and 13 after the command name.
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  };
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  const pidsBefore = await serverPids();
  const before = new Map(pidsBefore.map((pid) => [pid, ticks(pid)]));
  const node = process.cpuUsage();
  return async () => {
    const used = process.cpuUsage(node);
    const nodeMs = (used.user + used.system) / 1000;
    if (handle.kind !== "postgresql" || before.size === 0 || [...before.values()].every((t) => t === null)) {
      return { nodeMs, databaseMs: null };
    }
    let databaseTicks = 0;
    for (const pid of await serverPids()) {
      const now = ticks(pid);
      if (now === null) continue;
      databaseTicks += now - (before.get(pid) ?? 0);
    }
    return { nodeMs, databaseMs: databaseTicks * TICK_MS };
  };
}

/** Runs one statement on a connection of its own (as the URL's user: the owner or a superuser), then closes it. */
export async function runOnce(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new empty database `name` beside the server's `adminUrl` database (dropped first if a run left it), and its URL. */
export async function freshDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: URL; drop(): Promise<void> }> {
  const drop = () => runOnce(adminUrl, `drop database if exists ${name} with (force)`);
  await drop();
  await runOnce(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url, drop };
}
