// How much an uploaded file may cost to read, and the refusals (each naming its limit) when it would cost more.
import { AppError } from "../../shared/app-errors";

export type FileLimits = {
  /** Wall-clock time one parse may take, in milliseconds. */
  timeoutMs: number;
  /** V8 heap of the parsing worker, in MB: past it the worker dies and the file is refused. */
  heapMb: number;
  /** Sum of a zip's (docx, xlsx) entries once inflated, in bytes, as the central directory declares and as inflated. */
  uncompressedBytes: number;
  /** Entries in a zip's central directory. */
  zipEntries: number;
  /** Data rows (CSV, spreadsheet, document tables, HXL). */
  rows: number;
  /** Positions once a boundary file's arcs are decoded. */
  positions: number;
};

/**
 * Generous for every real file seen (the RCS status report is 20 KB and ~100 rows; a 1,000-row spreadsheet inflates
 * to ~1 MB; the district TopoJSON has ~20,000 positions), small enough that a few parses at once fit beside the
 * server's 768 MB heap.
 */
export const FILE_LIMITS: FileLimits = {
  timeoutMs: 30_000,
  heapMb: 256,
  uncompressedBytes: 64 * 1024 * 1024,
  zipEntries: 1_000,
  rows: 20_000,
  positions: 2_000_000,
};

export type FileLimitCode =
  | "file_time_limit"
  | "file_memory_limit"
  | "file_uncompressed_too_large"
  | "file_too_many_entries"
  | "file_too_many_rows"
  | "file_too_many_positions";

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** The English message (API clients, CLI, logs); the browser translates `code` with `params`. */
function limitMessage(code: FileLimitCode, file: string, limit: number): string {
  switch (code) {
    case "file_time_limit":
      return `${file} takes longer than ${limit} seconds to read, the limit; it was refused and nothing was written.`;
    case "file_memory_limit":
      return `${file} needs more than ${limit} MB of memory to read, the limit; it was refused and nothing was written.`;
    case "file_uncompressed_too_large":
      return `${file} unpacks to more than ${limit} MB, the limit; it was refused and nothing was written.`;
    case "file_too_many_entries":
      return `${file} holds more than ${limit} parts (zip entries), the limit; it was refused and nothing was written.`;
    case "file_too_many_rows":
      return `${file} has more than ${limit} rows, the limit; split it and import each part.`;
    case "file_too_many_positions":
      return `${file} has more than ${limit} points once decoded, the limit; simplify the shapes.`;
  }
}

/** The limit in the unit its message uses: MB for sizes and memory, seconds for time, a count otherwise. */
export function limitValue(code: FileLimitCode, limits: FileLimits): number {
  switch (code) {
    case "file_time_limit":
      return Math.round(limits.timeoutMs / 1000);
    case "file_memory_limit":
      return limits.heapMb;
    case "file_uncompressed_too_large":
      return megabytes(limits.uncompressedBytes);
    case "file_too_many_entries":
      return limits.zipEntries;
    case "file_too_many_rows":
      return limits.rows;
    case "file_too_many_positions":
      return limits.positions;
  }
}

/** 413 with the field that carried the file, e.g. `file`, `xml` or `csv`; nothing was read into the database. */
export function fileLimitExceeded(
  code: FileLimitCode,
  target: { file: string; field: string },
  limits: FileLimits = FILE_LIMITS,
): AppError {
  const limit = limitValue(code, limits);
  const message = limitMessage(code, target.file, limit);
  return new AppError("payload_too_large", message, [
    { path: target.field, code, message, params: { file: target.file, limit }, in: "body" },
  ]);
}

/** Limits with the caller's overrides (tests use small ones). */
export const withLimits = (overrides: Partial<FileLimits> = {}): FileLimits => ({
  ...FILE_LIMITS,
  ...overrides,
});
