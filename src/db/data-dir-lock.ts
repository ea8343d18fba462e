// Exclusive lock on an embedded data folder: PGlite has no lock between processes, and two writers lose rows.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolderPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock or throws DataDirLockedError; a lock left by a dead process is recovered. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  // The pid is written first and the lock appears by a hard link: nobody ever sees an empty lock file.
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, path);
        return lockHeldAt(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readHolderPid(path);
      if (holder !== null && (holder === process.pid || isProcessAlive(holder))) {
        throw new DataDirLockedError(dataDir, holder);
      }
      removeStaleLock(path, holder);
    }
    throw new Error(`Could not take the lock on the data folder ${dataDir}`);
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Moves a dead holder's lock aside. Two processes may judge the same lock stale at once: if what we moved
 * is no longer the dead holder's (the other process already took a fresh lock), we put it back.
 */
function removeStaleLock(path: string, deadPid: number | null): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it: try again
    throw error;
  }
  const moved = readHolderPid(aside);
  if (moved !== deadPid && moved !== null && isProcessAlive(moved)) {
    try {
      linkSync(aside, path);
    } catch {
      // The live holder's lock could not be restored because a third process linked one meanwhile; both
      // are then alive and the next attempt reports the current holder.
    }
  }
  rmSync(aside, { force: true });
}

function lockHeldAt(path: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (readHolderPid(path) === process.pid) rmSync(path, { force: true });
    process.off("exit", release);
  };
  process.on("exit", release);
  return { path, release };
}
