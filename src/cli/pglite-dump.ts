// Recognises backup files before anything is touched: a PGlite data-folder dump (tar, usually gzipped) or a pg_dump archive.
import { gunzipSync } from "node:zlib";

export type PgliteDump = {
  /** The uncompressed tar, ready for PGlite's loadDataDir. */
  tar: Uint8Array<ArrayBuffer>;
  /** The PostgreSQL major version written in the dump's PG_VERSION, e.g. "17". */
  postgresVersion: string;
};

export type BackupFormat = "pglite" | "pg_dump" | "unknown";

const BLOCK = 512;
const decoder = new TextDecoder();

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** What kind of backup the bytes look like, from their first bytes only. */
export function detectBackupFormat(bytes: Uint8Array): BackupFormat {
  if (decoder.decode(bytes.subarray(0, 5)) === "PGDMP") return "pg_dump";
  if (isGzip(bytes) || decoder.decode(bytes.subarray(257, 262)) === "ustar") return "pglite";
  return "unknown";
}

function field(header: Uint8Array, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return decoder.decode(end === -1 ? raw : raw.subarray(0, end));
}

function octal(header: Uint8Array, start: number, length: number): number {
  const text = field(header, start, length).trim();
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number.NaN;
}

function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  // The checksum field itself counts as spaces.
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === octal(header, 148, 8);
}

/**
 * Reads a dump made by PGlite's dumpDataDir and checks that it holds a PostgreSQL data folder.
 * Throws an Error whose message says what is wrong, in words an operator can act on.
 */
export function readPgliteDump(bytes: Uint8Array<ArrayBuffer>): PgliteDump {
  let tar = bytes;
  if (isGzip(bytes)) {
    try {
      tar = gunzipSync(bytes);
    } catch {
      throw new Error("it is gzip-compressed but cannot be decompressed (truncated or damaged)");
    }
  }
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let entries = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end of archive
    if (!field(header, 257, 6).startsWith("ustar") || !checksumMatches(header)) {
      throw new Error(entries === 0 ? "it is not a tar archive" : "the tar archive is damaged");
    }
    const size = octal(header, 124, 12);
    if (!Number.isFinite(size)) throw new Error("the tar archive is damaged");
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100)).replace(
      /^\.?\/+/,
      "",
    );
    const start = offset + BLOCK;
    if (start + size > tar.length) throw new Error("the tar archive is truncated");
    if (name === "PG_VERSION") files.set(name, tar.subarray(start, start + size));
    entries++;
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (entries === 0) throw new Error("it is not a tar archive");
  const version = files.get("PG_VERSION");
  if (!version) throw new Error("the archive holds no PostgreSQL data folder (no PG_VERSION at its top)");
  const postgresVersion = decoder.decode(version).trim();
  if (!/^\d+$/.test(postgresVersion)) throw new Error("the archive's PG_VERSION is not a PostgreSQL version");
  return { tar, postgresVersion };
}
