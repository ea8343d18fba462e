// Exclusive lock on an embedded data folder: PGlite has no lock between processes, and two writers lose rows.
// The lock names its holder by pid, the process's start time and the machine's boot id, so that a pid reused by
// another process (pid 1 in a container restarted, any pid after a reboot) is not taken for the holder.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export const LOCK_FILE_NAME = "ubufatanye.lock";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      holderPid === process.pid
        ? `The data folder ${dataDir} is already open in this process (pid ${holderPid}); close it before opening it again.`
        : `The data folder ${dataDir} is in use by another Ubufatanye process (pid ${holderPid}). ` +
            "Stop that process first (for example the running server), or point UBUFATANYE_DATA_DIR at another folder.",
    );
    this.name = "DataDirLockedError";
  }
}

export type DataDirLock = { path: string; release(): void };

/** Who holds a lock: the pid, and where known the process's start time and the boot it started in. */
export type LockHolder = { pid: number; startTime: string | null; bootId: string | null };

/** The locks this process holds now (by path): a lock file naming our pid but not listed here is stale. */
const heldHere = new Set<string>();

function readBootId(): string | null {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
  } catch {
    return null; // not Linux
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot; null where unknown. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2, the command name, is in parentheses and may itself hold spaces and ")": count from the last ")".
    const value = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .at(22 - 3);
    return value && /^\d+$/.test(value) ? value : null;
  } catch {
    return null; // gone, or no /proc
  }
}

/** The lock file's text: the pid on the first line (what earlier versions wrote and read), then what we know. */
export function formatLockHolder(holder: LockHolder): string {
  const lines = [String(holder.pid)];
  if (holder.startTime) lines.push(`start=${holder.startTime}`);
  if (holder.bootId) lines.push(`boot=${holder.bootId}`);
  return `${lines.join("\n")}\n`;
}

export function parseLockHolder(text: string): LockHolder | null {
  const [first = "", ...rest] = text.split("\n");
  const pid = /^\d+$/.test(first.trim()) ? Number(first.trim()) : Number.NaN;
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  const field = (name: string) =>
    rest
      .find((line) => line.startsWith(`${name}=`))
      ?.slice(name.length + 1)
      .trim() || null;
  return { pid, startTime: field("start"), bootId: field("boot") };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the process that wrote the lock still runs: its pid is alive, and (where the lock and this machine say)
 * in the same boot and with the same start time. A lock from an older version names only a pid: trusted as is.
 */
export function isLockHolderAlive(holder: LockHolder): boolean {
  const bootId = holder.bootId ? readBootId() : null;
  if (bootId && holder.bootId !== bootId) return false; // written before a reboot: its pid means nothing now
  if (!isProcessAlive(holder.pid)) return false;
  if (holder.startTime) {
    const startTime = processStartTime(holder.pid);
    if (startTime !== null && startTime !== holder.startTime) return false; // the pid now belongs to another process
  }
  return true;
}

function readLockText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Takes the lock or throws DataDirLockedError; a lock left by a process that no longer runs is recovered. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = resolve(dataDir, LOCK_FILE_NAME);
  const ours = formatLockHolder({
    pid: process.pid,
    startTime: processStartTime(process.pid),
    bootId: readBootId(),
  });
  // The holder is written first and the lock appears by a hard link: nobody ever sees an empty lock file.
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, ours);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, path);
        return lockHeldAt(path, ours);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const text = readLockText(path);
      if (text === null) continue; // released meanwhile: try again
      const holder = parseLockHolder(text);
      if (holder !== null) {
        // Our own pid: held by this process only if we say so; else an earlier process had our pid.
        const held = holder.pid === process.pid ? heldHere.has(path) : isLockHolderAlive(holder);
        if (held) throw new DataDirLockedError(dataDir, holder.pid);
      }
      removeStaleLock(path, text);
    }
    throw new Error(`Could not take the lock on the data folder ${dataDir}`);
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Moves a stale lock aside. Two processes may judge the same lock stale at once: if what we moved is no longer
 * the stale one (the other process already took a fresh lock), we put it back.
 */
function removeStaleLock(path: string, staleText: string): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it: try again
    throw error;
  }
  const moved = readLockText(aside);
  const movedHolder = moved === null ? null : parseLockHolder(moved);
  if (moved !== staleText && movedHolder !== null && isLockHolderAlive(movedHolder)) {
    try {
      linkSync(aside, path);
    } catch {
      // The live holder's lock could not be restored because a third process linked one meanwhile; both
      // are then alive and the next attempt reports the current holder.
    }
  }
  rmSync(aside, { force: true });
}

function lockHeldAt(path: string, ours: string): DataDirLock {
  heldHere.add(path);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(path);
    if (readLockText(path) === ours) rmSync(path, { force: true });
    process.off("exit", release);
  };
  process.on("exit", release);
  return { path, release };
}
