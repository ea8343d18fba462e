// `npm run cli -- backup` while the server runs on the embedded database: the server makes the dump, the CLI writes
// it, and a restore into a fresh folder holds the same data. The running server's folder stays locked to others.
import { readFileSync, rmSync, statSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { acquireDataDirLock, LOCK_FILE_NAME, parseLockHolder } from "../../src/db/data-dir-lock";
import { backupSocketPath } from "../../src/db/pglite-backup";
import { databaseFootprint, type Footprint } from "../assertions";
import { cliEnv, runCliInProcess, runCliProcess } from "../cli";
import { browserAvailable, type RunningServer, startServer } from "./harness";

// No browser here, but the e2e set-up (built app, prepared data folder) runs only where the browser tests run.
const run = browserAvailable();

const footprintOf = async (dataDir: string): Promise<Footprint> => {
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    return await databaseFootprint(handle.db);
  } finally {
    await handle.close();
  }
};

describe.skipIf(!run)("backup while the server runs on the embedded database", () => {
  let server: RunningServer;
  let work = "";
  let serverPid = 0;
  let backup = "";

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "ubuf-backup-live-"));
    backup = join(work, "backups", "live.tar.gz");
    server = await startServer({}, { database: "pglite" });
    serverPid = parseLockHolder(readFileSync(join(server.dataDir, LOCK_FILE_NAME), "utf8"))?.pid ?? 0;
  });

  afterAll(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("serves backups on a socket only its owner can use", async () => {
    expect(serverPid).toBeGreaterThan(0);
    expect(serverPid).not.toBe(process.pid);
    expect(statSync(backupSocketPath(server.dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(server.dataDir, "control")).mode & 0o777).toBe(0o700);
    // Data the server alone has written: the first administrator, created through the API.
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({
        name: "Aline Uwase",
        email: "aline@rcs.example",
        password: "Amahoro 2026 kuri bose",
      }),
    });
    expect(setup.status).toBe(201);
  });

  it("backs up through the running server (a child process, as an operator runs it)", async () => {
    const made = await runCliProcess(["backup", backup], cliEnv({ dataDir: server.dataDir }));
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(
      new RegExp(
        `^Backed up the embedded database in .+ to .+live\\.tar\\.gz \\([\\d.]+ [kM]B\\), made by the running server \\(pid ${serverPid}\\)\\.\\n$`,
      ),
    );
    expect(statSync(backup).size).toBeGreaterThan(1000);
  });

  it("still refuses to open the running server's folder, naming the server's pid", async () => {
    expect(() => acquireDataDirLock(server.dataDir)).toThrow(
      `The data folder ${server.dataDir} is in use by another Ubufatanye process (pid ${serverPid}). Stop that process first`,
    );
    const restore = await runCliInProcess(["restore", backup], cliEnv({ dataDir: server.dataDir }));
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(`is in use by another Ubufatanye process (pid ${serverPid})`);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it("restores into a fresh folder with the same data as the server's folder", async () => {
    const fresh = join(work, "restored");
    const restored = await runCliInProcess(["restore", backup], cliEnv({ dataDir: fresh }));
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    // The register of a first start: each district's JRLOS secretariat and JADF (the reporting bodies), one user.
    expect(restored.stdout).toContain(": 60 organisations, 1 user.");
    await server.stop({ keepData: true });
    try {
      const [live, copy] = await Promise.all([footprintOf(server.dataDir), footprintOf(fresh)]);
      expect(live.user?.rows).toBe(1);
      expect(copy).toEqual(live);
    } finally {
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
