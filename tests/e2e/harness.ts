// Browser tests' harness: a fresh server on its own data folder and port, and Debian's Chromium via playwright-core.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";
import { ensureWebAppBuilt } from "./web-app";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = resolve("tests/e2e/screenshots");

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
 * A port free now: even for the run's first worker, odd for its second. A server binds its port only once started
 * (~15 s after it was found free) and two files start servers at once, so the two workers must never pick the same
 * one. (Asking for the parity of what the system hands out is not enough: Linux gives bind() even ports.)
 */
async function freePort(): Promise<number> {
  const odd = Number(process.env.VITEST_POOL_ID ?? "1") % 2 === 0 ? 1 : 0;
  for (;;) {
    const any = await tryPort(0);
    if (any === null) continue;
    const port = await tryPort(any - (any % 2) + odd);
    if (port !== null) return port;
  }
}

export type RunningServer = {
  url: string;
  dataDir: string;
  /** Stops the server and removes its data folder, unless `keepDataDir` (the caller then removes it). */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
  output(): string;
};

/**
 * Starts `npm start`'s entry point on a data folder of its own: a copy of the run's prepared folder (migrated, places
 * and themes loaded, no users), or with `emptyDataFolder` a folder the server creates as on a first start. The
 * browser app is built once per run (global-setup.ts); checking it again here means no test ever talks to a build
 * of older sources, even if a file changed mid-run.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { emptyDataFolder?: boolean } = {},
): Promise<RunningServer> {
  ensureWebAppBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), "ubufatanye-e2e-"));
  if (!options.emptyDataFolder) cpSync(inject("e2eDataTemplate"), dataDir, { recursive: true });
  // A port found free can still be taken (by another program) before this server binds it: then another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOn(await freePort(), dataDir, env);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTakenError)) {
        rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

class PortTakenError extends Error {}

async function startServerOn(
  port: number,
  dataDir: string,
  env: Record<string, string>,
): Promise<RunningServer> {
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      UBUFATANYE_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
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
    dataDir,
    output: () => output,
    async stop({ keepDataDir = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "ubufatanye-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
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
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Goes through first-start setup as Aline Uwase, the administrator every browser test signs in as. */
export async function signUpFirstAdministrator(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/setup`);
  await page.locator("form input").nth(0).fill("Aline Uwase");
  await page.locator('input[type="email"]').fill("aline@rcs.example");
  await page.locator('input[type="password"]').fill("Amahoro 2026 kuri bose");
  await page.locator('button[type="submit"]').click();
  await page.locator(".stats").waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/**
 * The set-up most walk-throughs share: a server on an empty folder (serving the current browser app), a browser,
 * Aline Uwase signed up as the first administrator and the example data (the RCS status report) loaded.
 */
export async function startWithExampleData(viewport?: {
  width: number;
  height: number;
}): Promise<{ server: RunningServer; browser: Browser }> {
  const server = await startServer();
  const browser = await launchBrowser(viewport);
  await signUpFirstAdministrator(browser.page, server.url);
  await browser.page.getByRole("button", { name: "Load the example data" }).click();
  await browser.page.getByText(/Loaded 27 agreements/).waitFor({ timeout: 60_000 });
  return { server, browser };
}
