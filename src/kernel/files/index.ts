// Safe reading of uploaded files: parsers run off the request thread within limits; zips are checked before inflating.
export {
  FILE_LIMITS,
  type FileLimitCode,
  type FileLimits,
  fileLimitExceeded,
  withLimits,
} from "./file-limits";
export { readJsonBody, readJsonBodyOffThread, type SchemaRef } from "./json-body";
export { type NotATable, whatIsNoTable, whatTextIsNoTable } from "./not-a-table";
export { parseOffThread } from "./off-thread";
export {
  ACCEPTED_UPLOAD_LIST,
  attachmentDisposition,
  detectUploadedFileType,
  downloadResponse,
  fileTooLarge,
  isPasswordProtectedOfficeFile,
  readUpload,
  type StoredFileFields,
  sanitiseFileName,
} from "./uploaded-file";
export { assertZipWithinLimits, UnreadableZipError } from "./zip-limits";
