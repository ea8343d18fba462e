// Checks a zip (docx, xlsx) against the limits before any library inflates it: entry count and declared sizes from
// the central directory, then each entry inflated as a stream that stops at its declared size (a zip can lie).
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { FILE_LIMITS, type FileLimits, fileLimitExceeded } from "./file-limits";

type Target = { file: string; field: string };

/** Why a zip could not be read at all (not a limit): the caller says "damaged or truncated" in its own words. */
export class UnreadableZipError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "UnreadableZipError";
  }
}

const openZip = (bytes: Uint8Array) =>
  new Promise<ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      // validateEntrySizes: the stream fails as soon as an entry inflates past the size the directory declares.
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(new UnreadableZipError(error)) : resolve(zip)),
    );
  });

/** Every central-directory entry, without inflating anything. */
function readDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (error) => reject(new UnreadableZipError(error)));
    zip.readEntry();
  });
}

/** Inflates one entry into nothing, counting; refuses once the whole file passes the limit. */
function drainEntry(zip: ZipFile, entry: Entry, onBytes: (n: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(new UnreadableZipError(error));
      stream.on("data", (chunk: Buffer) => {
        try {
          onBytes(chunk.length);
        } catch (limit) {
          stream.destroy();
          reject(limit);
        }
      });
      stream.on("error", (e) => reject(new UnreadableZipError(e)));
      stream.on("end", () => resolve());
    });
  });
}

/**
 * Refuses a zip whose central directory names more entries or more inflated bytes than the limits, before
 * inflating; then inflates each entry as a stream (nothing kept) to prove the declared sizes, since the parsers
 * (jszip inside mammoth and exceljs) would trust them. Throws the limit's AppError, or UnreadableZipError.
 */
export async function assertZipWithinLimits(
  bytes: Uint8Array,
  target: Target,
  limits: FileLimits = FILE_LIMITS,
): Promise<{ entries: number; uncompressedBytes: number }> {
  const zip = await openZip(bytes);
  try {
    if (zip.entryCount > limits.zipEntries) throw fileLimitExceeded("file_too_many_entries", target, limits);
    const entries = await readDirectory(zip);
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > limits.uncompressedBytes)
      throw fileLimitExceeded("file_uncompressed_too_large", target, limits);
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith("/")) continue;
      await drainEntry(zip, entry, (n) => {
        inflated += n;
        if (inflated > limits.uncompressedBytes)
          throw fileLimitExceeded("file_uncompressed_too_large", target, limits);
      });
    }
    return { entries: entries.length, uncompressedBytes: inflated };
  } finally {
    zip.close();
  }
}
