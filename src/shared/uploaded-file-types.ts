// What an uploaded file (an agreement's document, a report's attachment) may be, and how one is described:
// browser-safe, so forms check first.
import { z } from "zod";

/** 10 MB: a scanned signed copy fits; larger files belong in a records system, not a register. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The types an uploaded file may be, as read from its bytes. */
export const ACCEPTED_UPLOAD_TYPES = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
} as const;
export type UploadContentType = keyof typeof ACCEPTED_UPLOAD_TYPES;

/** A stored file as lists show it (the bytes are downloaded on their own). */
export const StoredFileSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  /** Send it back as If-Match to remove the file. */
  version: z.number().int(),
});
