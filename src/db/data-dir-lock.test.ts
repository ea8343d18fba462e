// The data-folder lock: one process per embedded database, a clear error for the second, stale locks recovered.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from "./data-dir-lock";

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT_MODULE = fileURLToPath(new URL("./client.ts", import.meta.url));

const folders: string[] = [];
const children: ChildProcess[] = [];

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "ubuf-lock-"));
  folders.push(dir);
  return dir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A real process with a pid of its own, that we end ourselves. */
function spawnSleeper(): number {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  children.push(child);
  if (child.pid === undefined) throw new Error("could not start sleep");
  return child.pid;
}

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start node");
  await new Promise((resolve) => child.on("exit", resolve));
  expect(isAlive(pid)).toBe(false);
  return pid;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("acquireDataDirLock", () => {
  it("writes our pid into the lock file and removes it on release", () => {
    const dir = tempFolder();
    const lock = acquireDataDirLock(dir);
    expect(lock.path).toBe(join(dir, LOCK_FILE_NAME));
    expect(readFileSync(lock.path, "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release(); // twice is harmless
    const again = acquireDataDirLock(dir);
    expect(existsSync(again.path)).toBe(true);
    again.release();
  });

  it("creates a missing data folder", () => {
    const dir = join(tempFolder(), "nested", "data");
    const lock = acquireDataDirLock(dir);
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);
    lock.release();
  });

  it("refuses a second lock in the same process", () => {
    const dir = tempFolder();
    const lock = acquireDataDirLock(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    } finally {
      lock.release();
    }
  });

  it("refuses a folder held by another live process, naming the folder and that pid", () => {
    const dir = tempFolder();
    const holder = spawnSleeper();
    writeFileSync(join(dir, LOCK_FILE_NAME), `${holder}\n`);
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const locked = error as DataDirLockedError;
    expect(locked.holderPid).toBe(holder);
    expect(locked.dataDir).toBe(dir);
    expect(locked.message).toContain(dir);
    expect(locked.message).toContain(`pid ${holder}`);
    // The holder's lock is left alone.
    expect(readFileSync(join(dir, LOCK_FILE_NAME), "utf8").trim()).toBe(String(holder));
  });

  it("recovers a stale lock left by a process that has exited", async () => {
    const dir = tempFolder();
    const dead = await deadPid();
    writeFileSync(join(dir, LOCK_FILE_NAME), `${dead}\n`);
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lock.path, "utf8").trim()).toBe(String(process.pid));
    lock.release();
  });

  it("recovers a lock file whose content is not a pid", () => {
    for (const content of ["not a pid\n", "-5\n", "0\n"]) {
      const dir = tempFolder();
      writeFileSync(join(dir, LOCK_FILE_NAME), content);
      const lock = acquireDataDirLock(dir);
      expect(readFileSync(lock.path, "utf8").trim()).toBe(String(process.pid));
      lock.release();
    }
  });
});

describe("openDatabase on a data folder", () => {
  it("stops a second process opening the same folder, with the folder and our pid in its error", async () => {
    const dir = tempFolder();
    const handle = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      expect(readFileSync(join(dir, LOCK_FILE_NAME), "utf8").trim()).toBe(String(process.pid));
      const script = [
        `const { openDatabase } = await import(${JSON.stringify(CLIENT_MODULE)});`,
        `const handle = await openDatabase({ kind: "pglite", dataDir: process.argv.at(-1) });`,
        `await handle.close();`,
        `console.log("opened");`,
      ].join("\n");
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ["--import", "tsx", "--input-type=module", "-e", script, dir],
          { cwd: PROJECT_ROOT, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "" } },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
        );
      });
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.stdout).not.toContain("opened");
      expect(result.stderr).toContain("DataDirLockedError");
      expect(result.stderr).toContain(dir);
      expect(result.stderr).toContain(`pid ${process.pid}`);
      // Our database still works and still holds the lock.
      await handle.db.execute("select 1");
      expect(readFileSync(join(dir, LOCK_FILE_NAME), "utf8").trim()).toBe(String(process.pid));
    } finally {
      await handle.close();
    }
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    // Closed: the folder may be opened again.
    const reopened = await openDatabase({ kind: "pglite", dataDir: dir });
    await reopened.close();
  });
});
