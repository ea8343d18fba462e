// Backups of the embedded database, also while the server runs: the process that holds the data folder makes the
// dump and hands it over a unix socket inside the data folder (a folder of mode 0700, the socket 0600), so only
// the account that owns the data, which could read its files anyway, can ask for one. Nothing listens on a network.
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { z } from "zod";

/** The folder inside the data folder that holds the socket; only its owner may enter it. */
export const CONTROL_FOLDER = "control";
export const BACKUP_SOCKET_NAME = "backup.sock";
const REQUEST = "backup\n";
/** Unix socket paths are limited to 107 bytes on Linux (103 on macOS). */
const MAX_SOCKET_PATH = 103;
const REQUEST_TIMEOUT_MS = 10_000;

export function backupSocketPath(dataDir: string): string {
  return join(dataDir, CONTROL_FOLDER, BACKUP_SOCKET_NAME);
}

/** A gzipped tar of the data folder, written to disk first so that the copy needs no crash recovery. */
export async function dumpEmbeddedDatabase(pglite: PGlite): Promise<Buffer> {
  // The session works as the app's role (decision 010), which may not CHECKPOINT: the one statement runs as the
  // session's superuser and the role is set back in the same call, so no other statement runs in between.
  const [current] = (await pglite.query<{ role: string }>("select current_user as role")).rows;
  const role = `"${(current?.role ?? "postgres").replaceAll('"', '""')}"`;
  await pglite.exec(`reset role; checkpoint; set role ${role}`);
  // dumpDataDir holds PGlite's query lock while it reads the files: no statement runs meanwhile.
  const dump = await pglite.dumpDataDir("gzip");
  return Buffer.from(await dump.arrayBuffer());
}

/** The line before the dump: its length, or why there is none. */
const HeaderSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), bytes: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
type Header = z.infer<typeof HeaderSchema>;

export type BackupListener = { path: string; close(): Promise<void> };

type ListenerLog = {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
};

/**
 * Answers backup requests on `<dataDir>/control/backup.sock` for as long as the returned listener is open. Only the
 * holder of the data-folder lock calls this, so a socket file found there is a crashed holder's and is replaced.
 * Returns null (and logs why) when the socket cannot be made, e.g. a data-folder path too long for a socket.
 */
export async function listenForBackups(
  pglite: PGlite,
  dataDir: string,
  log: ListenerLog,
): Promise<BackupListener | null> {
  const folder = join(dataDir, CONTROL_FOLDER);
  const path = backupSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    log.warn(
      { path },
      "backups while the server runs are off: the data folder's path is too long for a socket",
    );
    return null;
  }
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  rmSync(path, { force: true });
  const server = createServer((socket) => answer(socket, pglite, log));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => {
        server.off("error", reject);
        resolve();
      });
    });
    chmodSync(path, 0o600);
  } catch (error) {
    log.warn({ path, error: (error as Error).message }, "backups while the server runs are off");
    server.close();
    return null;
  }
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

function answer(socket: Socket, pglite: PGlite, log: ListenerLog): void {
  let request = "";
  socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    request += chunk;
    if (request.length < REQUEST.length) return;
    socket.removeAllListeners("data");
    socket.setTimeout(0);
    if (request !== REQUEST) {
      socket.end(headerLine({ ok: false, message: "unknown request" }));
      return;
    }
    dumpEmbeddedDatabase(pglite).then(
      (dump) => {
        log.info({ bytes: dump.length }, "backup made for the CLI");
        socket.write(headerLine({ ok: true, bytes: dump.length }));
        socket.end(dump);
      },
      (error: unknown) => {
        socket.end(
          headerLine({ ok: false, message: error instanceof Error ? error.message : String(error) }),
        );
      },
    );
  });
}

function headerLine(header: Header): string {
  return `${JSON.stringify(header)}\n`;
}

export class ServerBackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServerBackupError";
  }
}

/**
 * Asks the process holding `dataDir` for a backup. Resolves with the dump, or with null when nothing answers on the
 * socket (no server, an older one, or a crashed one); rejects with ServerBackupError when the server answered but
 * could not make it, or the answer was cut short.
 */
export function requestBackup(dataDir: string): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(backupSocketPath(dataDir));
    const chunks: Buffer[] = [];
    let connected = false;
    socket.on("connect", () => {
      connected = true;
      socket.write(REQUEST);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (!connected) resolve(null);
      else reject(new ServerBackupError(`The server's answer was cut short: ${error.message}`));
    });
    socket.on("end", () => {
      socket.destroy();
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(0x0a);
      let header: Header;
      try {
        if (newline < 0) throw new Error("no header line");
        header = HeaderSchema.parse(JSON.parse(all.subarray(0, newline).toString("utf8")));
      } catch {
        return reject(new ServerBackupError("The server's answer was not a backup."));
      }
      if (!header.ok)
        return reject(new ServerBackupError(`The server could not make the backup: ${header.message}`));
      const dump = all.subarray(newline + 1);
      if (dump.length !== header.bytes) {
        return reject(
          new ServerBackupError(
            `The server's answer was cut short (${dump.length} of ${header.bytes} bytes).`,
          ),
        );
      }
      resolve(dump);
    });
  });
}
