// The data-folder lock: one process per embedded database, a clear error for the second, stale locks recovered.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import {
  acquireDataDirLock,
  DataDirLockedError,
  formatLockHolder,
  LOCK_FILE_NAME,
  parseLockHolder,
  processStartTime,
} from "./data-dir-lock";

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT_MODULE = fileURLToPath(new URL("./client.ts", import.meta.url));

const folders: string[] = [];
const children: ChildProcess[] = [];

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "ubuf-lock-"));
  folders.push(dir);
  return dir;
}

const BOOT_ID = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();

/** The pid the lock file at `path` names. */
function holderPidIn(path: string): number | undefined {
  return parseLockHolder(readFileSync(path, "utf8"))?.pid;
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
  it("writes our pid, start time and boot id into the lock file and removes it on release", () => {
    const dir = tempFolder();
    const lock = acquireDataDirLock(dir);
    expect(lock.path).toBe(join(dir, LOCK_FILE_NAME));
    const startTime = processStartTime(process.pid);
    expect(startTime).toMatch(/^\d+$/);
    expect(readFileSync(lock.path, "utf8")).toBe(`${process.pid}\nstart=${startTime}\nboot=${BOOT_ID}\n`);
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

  it("refuses a live holder whose start time and boot match, as a server's lock", () => {
    const dir = tempFolder();
    const holder = spawnSleeper();
    const text = formatLockHolder({ pid: holder, startTime: processStartTime(holder), bootId: BOOT_ID });
    writeFileSync(join(dir, LOCK_FILE_NAME), text);
    expect(() => acquireDataDirLock(dir)).toThrow(
      `The data folder ${dir} is in use by another Ubufatanye process (pid ${holder}). Stop that process first`,
    );
    expect(readFileSync(join(dir, LOCK_FILE_NAME), "utf8")).toBe(text);
  });

  it("takes over a stale lock whose pid now belongs to another process (a different start time)", () => {
    const dir = tempFolder();
    const other = spawnSleeper();
    const startTime = processStartTime(other);
    expect(startTime).not.toBeNull();
    // The holder that wrote this lock started at another moment: the pid was reused since.
    const stale = formatLockHolder({ pid: other, startTime: String(Number(startTime) - 1), bootId: BOOT_ID });
    writeFileSync(join(dir, LOCK_FILE_NAME), stale);
    const lock = acquireDataDirLock(dir);
    expect(holderPidIn(lock.path)).toBe(process.pid);
    expect(isAlive(other)).toBe(true); // the other process is left alone
    lock.release();
  });

  it("takes over a lock written with our own pid by an earlier process (pid 1 of a restarted container)", () => {
    // With a start time that is not ours, and in the format of earlier versions (the pid alone).
    for (const stale of [
      formatLockHolder({ pid: process.pid, startTime: "1", bootId: BOOT_ID }),
      `${process.pid}\n`,
    ]) {
      const dir = tempFolder();
      writeFileSync(join(dir, LOCK_FILE_NAME), stale);
      const lock = acquireDataDirLock(dir);
      expect(readFileSync(lock.path, "utf8")).not.toBe(stale);
      expect(holderPidIn(lock.path)).toBe(process.pid);
      // Ours now: a second lock in this process is refused.
      expect(() => acquireDataDirLock(dir)).toThrow("already open in this process");
      lock.release();
    }
  });

  it("takes over a lock written before a reboot, even if its pid runs again", () => {
    const dir = tempFolder();
    const other = spawnSleeper();
    const bootId = "00000000-0000-4000-8000-000000000000";
    expect(bootId).not.toBe(BOOT_ID);
    writeFileSync(
      join(dir, LOCK_FILE_NAME),
      formatLockHolder({ pid: other, startTime: processStartTime(other), bootId }),
    );
    const lock = acquireDataDirLock(dir);
    expect(holderPidIn(lock.path)).toBe(process.pid);
    lock.release();
  });

  it("reads and writes the holder's lines, the pid first as earlier versions wrote it", () => {
    const holder = { pid: 42, startTime: "123456", bootId: BOOT_ID };
    expect(formatLockHolder(holder)).toBe(`42\nstart=123456\nboot=${BOOT_ID}\n`);
    expect(parseLockHolder(formatLockHolder(holder))).toEqual(holder);
    expect(parseLockHolder("42\n")).toEqual({ pid: 42, startTime: null, bootId: null });
    expect(parseLockHolder("42abc\n")).toBeNull();
    expect(Number.parseInt(formatLockHolder(holder), 10)).toBe(42);
  });

  it("recovers a stale lock left by a process that has exited", async () => {
    const dir = tempFolder();
    const dead = await deadPid();
    writeFileSync(join(dir, LOCK_FILE_NAME), `${dead}\n`);
    const lock = acquireDataDirLock(dir);
    expect(holderPidIn(lock.path)).toBe(process.pid);
    lock.release();
  });

  it("recovers a lock file whose content is not a pid", () => {
    for (const content of ["not a pid\n", "-5\n", "0\n"]) {
      const dir = tempFolder();
      writeFileSync(join(dir, LOCK_FILE_NAME), content);
      const lock = acquireDataDirLock(dir);
      expect(holderPidIn(lock.path)).toBe(process.pid);
      lock.release();
    }
  });
});

describe("openDatabase on a data folder", () => {
  it("stops a second process opening the same folder, with the folder and our pid in its error", async () => {
    const dir = tempFolder();
    const handle = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      expect(holderPidIn(join(dir, LOCK_FILE_NAME))).toBe(process.pid);
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
      expect(holderPidIn(join(dir, LOCK_FILE_NAME))).toBe(process.pid);
    } finally {
      await handle.close();
    }
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    // Closed: the folder may be opened again.
    const reopened = await openDatabase({ kind: "pglite", dataDir: dir });
    await reopened.close();
  });
});
