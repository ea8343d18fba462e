// The backup socket of the process holding an embedded data folder: round trip, refusals, and who may connect.
// (tests/e2e/backup-while-running.test.ts runs the real server and the CLI against it.)
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import type { DatabaseHandle } from "./client";
import { backupSocketPath, listenForBackups, requestBackup, ServerBackupError } from "./pglite-backup";

const warnings: string[] = [];
const log = { warn: (_details: object, message: string) => warnings.push(message), info: () => undefined };

let handle: DatabaseHandle;
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "ubuf-sock-"));
  folders.push(dir);
  return dir;
};

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.env.TEST_DB_KIND === "postgresql")("backups over the data folder's socket", () => {
  it("hands the dump to whoever asks on the socket, which only the owner may use", async () => {
    const dataDir = folder();
    if (!handle.pglite) throw new Error("an embedded test database has its engine");
    const listener = await listenForBackups(handle.pglite, dataDir, log);
    try {
      expect(listener?.path).toBe(backupSocketPath(dataDir));
      expect(statSync(backupSocketPath(dataDir)).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, "control")).mode & 0o777).toBe(0o700);
      const roleBefore = (await handle.pglite.query<{ r: string }>("select current_user as r")).rows[0]?.r;
      const dump = await requestBackup(dataDir);
      expect(dump).not.toBeNull();
      // The checkpoint ran as the session's superuser; the session still works as the app's role after it.
      expect((await handle.pglite.query<{ r: string }>("select current_user as r")).rows[0]?.r).toBe(
        roleBefore,
      );
      expect(roleBefore).toBe("ubufatanye_app");
      // A gzipped tar of the data folder: PG_VERSION is in it.
      expect(gunzipSync(dump ?? Buffer.alloc(0)).includes(Buffer.from("PG_VERSION"))).toBe(true);
    } finally {
      await listener?.close();
    }
    // Closed: the socket is gone and nothing answers.
    expect(() => statSync(backupSocketPath(dataDir))).toThrow();
    expect(await requestBackup(dataDir)).toBeNull();
  });

  it("answers anything but a backup request with an error and no data", async () => {
    const dataDir = folder();
    if (!handle.pglite) throw new Error("an embedded test database has its engine");
    const listener = await listenForBackups(handle.pglite, dataDir, log);
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = createConnection(backupSocketPath(dataDir), () => socket.write("select 1;\n"));
        let text = "";
        socket.setEncoding("utf8").on("data", (chunk: string) => {
          text += chunk;
        });
        socket.on("end", () => resolve(text)).on("error", reject);
      });
      expect(answer).toBe('{"ok":false,"message":"unknown request"}\n');
    } finally {
      await listener?.close();
    }
  });

  it("says it is off, and listens nowhere, when the data folder's path is too long for a socket", async () => {
    const dataDir = join(folder(), "x".repeat(100));
    if (!handle.pglite) throw new Error("an embedded test database has its engine");
    expect(await listenForBackups(handle.pglite, dataDir, log)).toBeNull();
    expect(warnings.at(-1)).toContain("path is too long for a socket");
    expect(await requestBackup(dataDir)).toBeNull();
  });

  it("names a cut-short answer instead of writing half a backup", async () => {
    const dataDir = folder();
    mkdirSync(join(dataDir, "control"), { mode: 0o700 });
    // A holder that promises 1,000 bytes and sends 13 (it never reads the request, so we end its sockets).
    const sockets: Socket[] = [];
    const fake = createServer((socket) => {
      sockets.push(socket);
      socket.end('{"ok":true,"bytes":1000}\nonly a little');
    });
    await new Promise<void>((resolve) => fake.listen(backupSocketPath(dataDir), resolve));
    try {
      await expect(requestBackup(dataDir)).rejects.toThrow(ServerBackupError);
      await expect(requestBackup(dataDir)).rejects.toThrow("cut short (13 of 1000 bytes)");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});
