// Browser tests' harness: a fresh server on its own data folder (or PostgreSQL database) and port, and Debian's
// Chromium via playwright-core.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { type BrowserContext, chromium, type Page, type Browser as PlaywrightBrowser } from "playwright-core";
import { expect, inject } from "vitest";
import { SERVER_MAIN } from "../../scripts/build-server.mjs";
import { roleDatabaseUrl, testRoles } from "../database";
import { TEST_FIELD_KEYS_ENV } from "../field-keys";
import { ensureServerBuilt, ensureWebAppBuilt } from "./web-app";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = resolve("tests/e2e/screenshots");

/**
 * The engine behind the browser tests' servers: the run's PostgreSQL when it has one (TEST_DATABASE_URL, as in CI),
 * else the embedded PGlite of `npm start`. E2E_DATABASE=pglite keeps every server on PGlite. The walks test the
 * browser app, and each of the services they call is tested on both engines by its own tests; on PostgreSQL a server
 * starts in ~2.8 s instead of ~5 s and answers on native code, which brought CI back under 15 minutes (decision 030).
 * Whatever the run, a first start on an empty folder (demo-data) and the data folder's backup while running
 * (backup-while-running) are walked on PGlite.
 */
export function e2eDatabaseKind(env: NodeJS.ProcessEnv = process.env): "pglite" | "postgresql" {
  return env.TEST_DATABASE_URL && env.E2E_DATABASE !== "pglite" ? "postgresql" : "pglite";
}

/** Runs statements as the run's PostgreSQL administrator (TEST_DATABASE_URL). */
export async function asDatabaseAdministrator(...statements: string[]): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new PostgreSQL database, a copy of `template` (or empty), owned by the run's owner role: its name. */
export async function newServerDatabase(template?: string): Promise<string> {
  const name = `ubuf_e2e_${randomBytes(5).toString("hex")}`;
  await asDatabaseAdministrator(
    `create database ${name}${template ? ` template ${template}` : ""} owner ${testRoles().owner}`,
  );
  return name;
}

/** What a server on database `name` is given, as production has it: the app's login, and the owner's to migrate. */
function serverDatabaseEnv(name: string): Record<string, string> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const roles = testRoles();
  return {
    DATABASE_URL: roleDatabaseUrl(url, name, roles.app),
    DATABASE_OWNER_URL: roleDatabaseUrl(url, name, roles.owner),
  };
}

/** Where a test server keeps its data: always a data folder of its own; on PostgreSQL, a database of its own too. */
export type ServerData = { dataDir: string; database?: string };

/** Whether browser tests can run; when they cannot and E2E_REQUIRED=1, that is a failure, not a skip. */
export function browserAvailable(): boolean {
  const present = existsSync(CHROMIUM_PATH);
  if (!present) {
    if (process.env.E2E_REQUIRED === "1") {
      throw new Error(
        `E2E_REQUIRED=1 but no Chromium at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH).`,
      );
    }
    console.warn(
      `Browser tests skipped: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium package to run them.`,
    );
  }
  return present;
}

/**
 * With E2E_TIMINGS=<file>, each set-up step's duration is appended there as a JSON line (file, step, ms), so the
 * cost of starting servers and browsers can be told apart from the test steps (bench/e2e-timings.ts prints them per file).
 */
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  const log = process.env.E2E_TIMINGS;
  if (log) {
    const file = (expect.getState().testPath ?? "unknown").replace(/^.*tests\/e2e\//, "");
    appendFileSync(log, `${JSON.stringify({ file, step, ms: Math.round(performance.now() - started) })}\n`);
  }
  return result;
}

/** Listens on `port` (0: any free one) and closes again: the port, or null when it is taken. */
async function tryPort(port: number): Promise<number | null> {
  return new Promise((ok) => {
    const server = createServer();
    server.once("error", () => ok(null));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => ok(typeof address === "object" && address ? address.port : null));
    });
  });
}

/**
 * A port free now, of this worker's residue modulo the run's workers (0 for the first, 1 for the second…). A server
 * binds its port only once started (~15 s after it was found free) and several files start servers at once, so two
 * workers must never pick the same one. (Asking for what the system hands out is not enough: Linux gives bind()
 * even ports.)
 */
async function freePort(): Promise<number> {
  // One residue per worker (the run has TEST_WORKERS of them, vitest.config.ts): no two workers pick the same port.
  const workers = Number(process.env.TEST_WORKERS ?? "3");
  const mine = (Number(process.env.VITEST_POOL_ID ?? "1") - 1) % workers;
  for (;;) {
    const any = await tryPort(0);
    if (any === null) continue;
    const port = await tryPort(any - (any % workers) + mine);
    if (port !== null) return port;
  }
}

export type RunningServer = {
  url: string;
  dataDir: string;
  /** The PostgreSQL database the server runs on, when it is not on PGlite in `dataDir`. */
  database?: string;
  /** Stops the server and removes its data folder and database, unless `keepData` (the caller then removes them). */
  stop(options?: { keepData?: boolean }): Promise<void>;
  output(): string;
};

/** Aline Uwase, the first administrator every browser test signs up or signs in as. */
export const FIRST_ADMINISTRATOR = {
  name: "Aline Uwase",
  email: "aline@rcs.example",
  password: "Amahoro 2026 kuri bose",
} as const;

/**
 * Turns `data` (a copy of the prepared folder or database) into one that holds Aline Uwase and the example data,
 * through a server on it and the very requests the set-up page and the "Load the example data" button send; then
 * stops the server, which leaves the folder closed cleanly (or the database without connections) for copies.
 */
export async function addExampleData(data: ServerData): Promise<void> {
  const server = await startServerOn(await freePort(), data, {});
  try {
    const send = async (method: string, path: string, body?: unknown, cookie = "") => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { origin: server.url, "content-type": "application/json", cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok)
        throw new Error(`${method} ${path}: ${res.status} ${await res.text()}\n${server.output()}`);
      return res;
    };
    await send("POST", "/api/setup", FIRST_ADMINISTRATOR);
    const signedIn = await send("POST", "/api/auth/sign-in/email", {
      email: FIRST_ADMINISTRATOR.email,
      password: FIRST_ADMINISTRATOR.password,
    });
    const cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    await send("POST", "/api/demo/status-report", {}, cookie);
    const reporting = (await (await send("GET", "/api/demo/reporting", undefined, cookie)).json()) as {
      available: boolean;
    };
    if (reporting.available) await send("POST", "/api/demo/reporting", {}, cookie);
  } finally {
    await server.stop({ keepData: true });
  }
}

/**
 * Starts `npm start`'s entry point on data of its own: a copy of the run's prepared folder or database (migrated,
 * places and themes loaded, no users; with `exampleData`, Aline Uwase and the example data), or with
 * `emptyDataFolder` a folder the server creates as on a first start. The engine is e2eDatabaseKind()'s, unless
 * `database: "pglite"` (always so for an empty folder). The browser app is built once per run (global-setup.ts);
 * checking it again here means no test ever talks to a build of older sources, even if a file changed mid-run.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<RunningServer> {
  return timed(options.emptyDataFolder ? "server first start" : "server start", () =>
    startServerOnCopy(env, options),
  );
}

export type ServerOptions = {
  emptyDataFolder?: boolean;
  exampleData?: boolean;
  /** "pglite": on an embedded data folder whatever the run's engine (a test of the data folder itself). */
  database?: "pglite";
};

async function startServerOnCopy(
  env: Record<string, string>,
  options: ServerOptions,
): Promise<RunningServer> {
  ensureWebAppBuilt();
  await ensureServerBuilt();
  const onPostgres =
    !options.emptyDataFolder && options.database !== "pglite" && inject("e2eDatabaseKind") === "postgresql";
  const data: ServerData = { dataDir: mkdtempSync(join(tmpdir(), "ubufatanye-e2e-")) };
  const removeData = async () => {
    rmSync(data.dataDir, { recursive: true, force: true });
    if (data.database) await asDatabaseAdministrator(`drop database if exists ${data.database} with (force)`);
  };
  try {
    if (onPostgres) {
      const template = inject(options.exampleData ? "e2ePostgresExampleTemplate" : "e2ePostgresTemplate");
      if (!template) throw new Error("The run's global set-up prepared no PostgreSQL template");
      data.database = await newServerDatabase(template);
    } else if (!options.emptyDataFolder) {
      const template = inject(options.exampleData ? "e2eExampleDataTemplate" : "e2eDataTemplate");
      if (!template)
        throw new Error(
          "The run's global set-up prepared no example-data folder for PGlite (it runs on PostgreSQL)",
        );
      cpSync(template, data.dataDir, { recursive: true });
    }
    // A port found free can still be taken (by another program) before this server binds it: then another.
    for (let attempt = 1; ; attempt++) {
      try {
        return await startServerOn(await freePort(), data, env);
      } catch (error) {
        if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
      }
    }
  } catch (error) {
    await removeData();
    throw error;
  }
}

class PortTakenError extends Error {}

async function startServerOn(
  port: number,
  data: ServerData,
  env: Record<string, string>,
): Promise<RunningServer> {
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      // Given here, not only by vitest's env: the example-data folder's server starts from the main process.
      ...TEST_FIELD_KEYS_ENV,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      UBUFATANYE_DATA_DIR: data.dataDir,
      LOG_LEVEL: "warn",
      ...(data.database ? serverDatabaseEnv(data.database) : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      if (/EADDRINUSE/.test(output)) throw new PortTakenError(`port ${port} was taken:\n${output}`);
      throw new Error(`server exited early:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir: data.dataDir,
    ...(data.database ? { database: data.database } : {}),
    output: () => output,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && process.env.E2E_TIMINGS) await logCpu(child.pid, data.database);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (keepData) return;
      rmSync(data.dataDir, { recursive: true, force: true });
      if (data.database)
        await asDatabaseAdministrator(`drop database if exists ${data.database} with (force)`);
    },
  };
}

/** Processor seconds a live process has used so far (Linux: utime + stime in /proc), or 0 when gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/**
 * With E2E_TIMINGS, the processor time a server used (and, on PostgreSQL, the backends still connected to its
 * database), logged as it stops: what tells the two engines' cost apart on a machine shared with other work.
 */
async function logCpu(pid: number | undefined, database: string | undefined): Promise<void> {
  const log = process.env.E2E_TIMINGS;
  // Outside a test file (the global set-up's example-data server) there is no file to charge it to.
  let testPath: string | undefined;
  try {
    testPath = expect.getState().testPath;
  } catch {
    return;
  }
  if (!log || pid === undefined) return;
  const file = (testPath ?? "unknown").replace(/^.*tests\/e2e\//, "");
  let databaseMs = 0;
  if (database && process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = $1",
        [database],
      );
      for (const row of rows) databaseMs += cpuMsOf(row.pid);
    } finally {
      await client.end();
    }
  }
  appendFileSync(log, `${JSON.stringify({ file, cpu: "server", ms: cpuMsOf(pid) })}\n`);
  if (database) appendFileSync(log, `${JSON.stringify({ file, cpu: "database", ms: databaseMs })}\n`);
}

export async function launchBrowser(
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  return timed("browser launch", () => launchChromium(viewport));
}

/**
 * One Chromium per test worker, kept for the worker's files (isolate: false keeps this module): each file, and each
 * "other browser" a walk opens, gets a context of its own (its own cookies, storage, caches and service workers:
 * a fresh profile), not a browser of its own. Launching one per file cost ~1 s each, 41 s a run.
 */
let shared: Promise<PlaywrightBrowser> | undefined;

function sharedChromium(): Promise<PlaywrightBrowser> {
  const launch = () =>
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  const current = shared;
  shared = (current ?? launch()).then((b) => (b.isConnected() ? b : launch()));
  // A launch that failed is tried again by the next file, not remembered.
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const context = await (await sharedChromium()).newContext({ viewport });
  const page = await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
    },
  };
}

/** Goes through first-start setup as Aline Uwase, the administrator every browser test signs in as. */
export async function signUpFirstAdministrator(page: Page, url: string): Promise<void> {
  await timed("sign-up", () => signUp(page, url));
}

async function signUp(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/setup`);
  await page.locator("form input").nth(0).fill(FIRST_ADMINISTRATOR.name);
  await page.locator('input[type="email"]').fill(FIRST_ADMINISTRATOR.email);
  await page.locator('input[type="password"]').fill(FIRST_ADMINISTRATOR.password);
  await page.locator('button[type="submit"]').click();
  await page.locator(".stats").waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // E2E_SCREENSHOTS=failures keeps only the pictures of failures (CI: the ~200 full-page captures cost ~0.4 s of
  // Chromium's time each, ~85 s a run). A walk must therefore wait for what it checks, never on a capture's time.
  if (process.env.E2E_SCREENSHOTS === "failures" && !name.startsWith("failed-")) return path;
  await page.screenshot({ path, fullPage: true });
  if (name.startsWith("failed-")) {
    // What the page showed, in the log too: CI keeps its log, not the clone's pictures.
    const text = await page
      .locator("main")
      .innerText({ timeout: 2000 })
      .catch(() => "(no main element)");
    console.error(`${name}: ${page.url()}\n${text.slice(0, 1500)}`);
  }
  return path;
}

/** How far the page scrolls sideways past the window (0: it fits). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/**
 * What of the top bar is not on one line inside the window (empty: all is): items whose top differs from the brand's
 * row, or that end past the window's right edge. Only meaningful where the bar shows its links (1100 px and wider).
 */
export function topBarDefects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const brand = document.querySelector(".topbar .brand")?.getBoundingClientRect();
    if (!brand) return ["no top bar"];
    const middle = brand.top + brand.height / 2;
    const items = document.querySelectorAll(
      "#main-nav > a, #main-nav > .nav-more > button, #main-nav > .language-switcher select, #main-nav > button",
    );
    const out: string[] = [];
    for (const item of items) {
      const r = item.getBoundingClientRect();
      if (r.width === 0) out.push(`"${item.textContent}" hidden`);
      else if (Math.abs(r.top + r.height / 2 - middle) > 6) out.push(`"${item.textContent}" on another line`);
      else if (r.right > window.innerWidth) out.push(`"${item.textContent}" past the edge`);
    }
    if (items.length < 5) out.push(`only ${items.length} items`);
    return out;
  });
}

export type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/**
 * startServer and launchBrowser at once: each mostly waits (on the server's start-up, on Chromium's), so together they
 * take about as long as the server alone. When one fails, the other is stopped.
 */
export async function startServerAndBrowser(
  viewport?: { width: number; height: number },
  env: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<{ server: RunningServer; browser: Browser }> {
  const [started, launched] = await Promise.allSettled([startServer(env, options), launchBrowser(viewport)]);
  if (started.status === "fulfilled" && launched.status === "fulfilled")
    return { server: started.value, browser: launched.value };
  if (started.status === "fulfilled") await started.value.stop();
  if (launched.status === "fulfilled") await launched.value.close();
  throw started.status === "rejected" ? started.reason : (launched as PromiseRejectedResult).reason;
}

/** Signs Aline Uwase in through the sign-in page, as she would on a register set up before. */
async function signInFirstAdministrator(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.locator('input[type="email"]').fill(FIRST_ADMINISTRATOR.email);
  await page.locator('input[type="password"]').fill(FIRST_ADMINISTRATOR.password);
  await page.locator('button[type="submit"]').click();
  await page.locator(".stats").waitFor();
}

/**
 * The set-up most walk-throughs share: a server on a copy of the run's example-data folder (Aline Uwase as the first
 * administrator, the RCS status report and Musanze's reporting loaded by the app's own requests, see global-setup.ts),
 * a browser, and Aline signed in. Signing up and clicking "Load the example data" are walked through by
 * demo-data.test.ts, on a truly empty register.
 */
export async function startWithExampleData(viewport?: {
  width: number;
  height: number;
}): Promise<{ server: RunningServer; browser: Browser }> {
  const { server, browser } = await startServerAndBrowser(viewport, {}, { exampleData: true });
  await timed("sign-in", () => signInFirstAdministrator(browser.page, server.url));
  return { server, browser };
}

/** Signs in on the sign-in page as a person does, and waits to be let in. */
export async function signIn(
  page: Page,
  url: string,
  who: { email: string; password: string },
): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}
