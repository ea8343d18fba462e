// What an uploaded file is, judged from its bytes, and a file name safe to store and send back: the defences every
// module that keeps users' files (agreement documents, report attachments) shares (decision 014).
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { AppError, invalid } from "../../shared/app-errors";
import {
  ACCEPTED_UPLOAD_TYPES,
  MAX_UPLOAD_BYTES,
  type UploadContentType,
} from "../../shared/uploaded-file-types";
import type { Actor } from "../actor.schema";

const MAX_FILE_NAME_LENGTH = 200;
const FALLBACK_NAME = "document";

const EXTENSIONS: Record<UploadContentType, readonly string[]> = {
  "application/pdf": ["pdf"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/webp": ["webp"],
};

const isAccepted = (mime: string): mime is UploadContentType => Object.hasOwn(ACCEPTED_UPLOAD_TYPES, mime);

export const ACCEPTED_UPLOAD_LIST = Object.values(ACCEPTED_UPLOAD_TYPES).join(", ");

export function fileTooLarge(): AppError {
  return new AppError(
    "payload_too_large",
    `The file is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB, the most a file may be.`,
    [
      {
        path: "file",
        message: `Choose a file of at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.`,
        in: "body",
      },
    ],
  );
}

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** UTF-16LE, as a compound file's directory names its streams. */
const utf16 = (name: string) => Buffer.from(name, "utf16le");
const ENCRYPTED_PACKAGE = utf16("EncryptedPackage");
const ENCRYPTION_INFO = utf16("EncryptionInfo");

/**
 * Word and Excel save a password-protected .docx or .xlsx as an OLE compound file holding two streams,
 * EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO), instead of a zip. Such a file is what its user says it is, but
 * nothing can read inside it without the password.
 */
export function isPasswordProtectedOfficeFile(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.includes(ENCRYPTED_PACKAGE) && buffer.includes(ENCRYPTION_INFO);
}

function passwordProtectedType(fileName: string | undefined): UploadContentType {
  const extension = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === "docx") return DOCX;
  if (extension === "xlsx") return XLSX;
  const message =
    "This is a password-protected Office file, but its name does not say whether it is Word (.docx) or Excel (.xlsx). Name it so, or remove the password.";
  throw new AppError("unsupported_media_type", message, [{ path: "file", message, in: "body" }]);
}

/**
 * The type read from the file's magic bytes, or a 4xx naming `file`. The name and the type the browser
 * sent are ignored — a renamed .exe or an HTML page must not be stored and later served as a PDF — except for a
 * password-protected Word or Excel file, which is kept as the type its name gives (its bytes cannot say which).
 */
export async function detectUploadedFileType(
  bytes: Uint8Array,
  fileName?: string,
): Promise<UploadContentType> {
  if (bytes.byteLength === 0) {
    throw invalid([{ path: "file", message: "The file is empty.", in: "body" }], "The file is empty.");
  }
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw fileTooLarge();
  const detected = await fileTypeFromBuffer(bytes);
  if (detected?.mime === "application/x-cfb" && isPasswordProtectedOfficeFile(bytes))
    return passwordProtectedType(fileName);
  if (!detected || !isAccepted(detected.mime)) {
    const message = `This kind of file is not accepted. Upload one of: ${ACCEPTED_UPLOAD_LIST}.`;
    throw new AppError("unsupported_media_type", message, [{ path: "file", message, in: "body" }]);
  }
  return detected.mime;
}

/**
 * The last path segment without control or format characters (a right-to-left override can disguise
 * ".exe"), at most 200 characters, ending in an extension of the detected type.
 */
export function sanitiseFileName(raw: string, contentType: UploadContentType): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? "";
  let name = lastSegment
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const extensions = EXTENSIONS[contentType];
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  const base = dot > 0 && extensions.includes(extension) ? name.slice(0, dot) : name;
  const suffix = `.${extensions.includes(extension) ? extension : extensions[0]}`;
  name = [...(base || FALLBACK_NAME)]
    .slice(0, MAX_FILE_NAME_LENGTH - suffix.length)
    .join("")
    .trimEnd();
  return `${name}${suffix}`;
}

/** Content-Disposition for a download: an ASCII fallback and the exact name encoded as RFC 5987 says. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A file answered as a download, never sniffed nor kept by a cache: its bytes come from users, or hold a register's
 * confidential data. The one way every route sends a file.
 */
export function downloadResponse(file: {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
}): Response {
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
      "content-disposition": attachmentDisposition(file.fileName),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}

/** What a stored-file row keeps of an upload (the columns of stored-file.table.ts). */
export type StoredFileFields = {
  fileName: string;
  contentType: UploadContentType;
  sha256: string;
  data: Uint8Array;
  uploadedBy: string;
  uploadedByUserId: string | null;
};

/** Reads an upload as a module stores it: its type from its bytes (4xx otherwise), a safe name, its hash, who sent it. */
export async function readUpload(
  upload: { fileName: string; bytes: Uint8Array },
  actor: Actor,
): Promise<StoredFileFields> {
  const contentType = await detectUploadedFileType(upload.bytes, upload.fileName);
  return {
    fileName: sanitiseFileName(upload.fileName, contentType),
    contentType,
    sha256: createHash("sha256").update(upload.bytes).digest("hex"),
    data: upload.bytes,
    uploadedBy: actor.label,
    uploadedByUserId: actor.kind === "user" ? actor.userId : null,
  };
}
