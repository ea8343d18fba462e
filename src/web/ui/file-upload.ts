// What every file upload form shares: the accepted extensions, sizes in the reader's format, why a file was refused.
import type { TFunction } from "i18next";
import type { FieldError } from "../../shared/app-errors";
import { MAX_UPLOAD_BYTES } from "../../shared/uploaded-file-types";
import { ApiError, expectOk } from "../api";
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

type ProgressLine<T> =
  | { type: "progress"; done: number; total: number }
  | { type: "result"; result: T }
  | { type: "problem"; problem: { status: number; detail?: string; title?: string; errors?: FieldError[] } };

/**
 * Sends one file to a route that streams its progress (Accept: application/x-ndjson, see server/progress-stream.ts):
 * `onProgress` hears each line of rows done / total; answers the result, or throws the problem as an ApiError (with
 * its field errors, for the form to show).
 */
export async function postFileWithProgress<T>(
  url: string,
  form: FormData,
  onProgress: (done: number, total: number) => void,
): Promise<T> {
  const res = await expectOk(
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { accept: "application/x-ndjson" },
      body: form,
    }),
  );
  if (!res.body) throw new ApiError(500, "The import stopped without an answer.");
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n")) {
      const line = JSON.parse(buffer.slice(0, newline)) as ProgressLine<T>;
      buffer = buffer.slice(newline + 1);
      if (line.type === "progress") onProgress(line.done, line.total);
      else if (line.type === "result") return line.result;
      else {
        const p = line.problem;
        throw new ApiError(p.status, p.detail ?? p.title ?? "", p.errors ?? []);
      }
    }
    if (done) throw new ApiError(500, "The import stopped without an answer.");
  }
}
