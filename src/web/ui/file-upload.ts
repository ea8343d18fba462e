// What every file upload form shares: the accepted extensions, sizes in the reader's format, why a file was refused.
import type { TFunction } from "i18next";
import { MAX_UPLOAD_BYTES } from "../../shared/uploaded-file-types";
import { ApiError } from "../api";
import { errorText } from "./errors";

export const UPLOAD_ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp";

/** Bytes as KB below one megabyte, MB above, in the reader's number format. */
export function formatFileSize(bytes: number, locale: string): string {
  const format = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  return bytes < 1024 * 1024
    ? `${format(Math.max(bytes / 1024, 0.1))} KB`
    : `${format(bytes / (1024 * 1024))} MB`;
}

/** Why the server refused a file, in the reader's language. */
export function uploadErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 413)
      return t("agreements.documents.tooLarge", { size: MAX_UPLOAD_BYTES / (1024 * 1024) });
    if (error.status === 415) return t("agreements.documents.unsupportedType");
    if (error.status === 422 && error.fieldErrors.some((e) => e.path === "file"))
      return t("agreements.documents.empty");
  }
  return errorText(t, error);
}

/** Sends one file as multipart/form-data (the typed client sends JSON, so uploads use fetch). */
export async function postFile(url: string, form: FormData): Promise<Response> {
  return fetch(url, { method: "POST", credentials: "same-origin", body: form });
}
