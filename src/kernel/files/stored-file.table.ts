// Columns of a file kept in the database (so backups hold it): bytes, the type read from them, a safe name, who sent it.
import { customType, integer, text, timestamp } from "drizzle-orm/pg-core";

/**
 * bytea as bytes both ways. node-postgres reads it as a Buffer, PGlite as a Uint8Array; a Buffer is a
 * Uint8Array, so callers get one type whichever database runs.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) =>
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => value,
});

/** Spread into a table of stored files; pair with a check that size_bytes = octet_length(data). */
export const storedFileColumns = () => ({
  fileName: text("file_name").notNull(),
  /** The type read from the file's bytes, never the one the client claimed. */
  contentType: text("content_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  sha256: text("sha256").notNull(),
  data: bytea("data").notNull(),
  uploadedBy: text("uploaded_by").notNull(),
  uploadedByUserId: text("uploaded_by_user_id"),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
});
