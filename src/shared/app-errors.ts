// Errors the domain raises; the server turns each into an RFC 9457 problem with its HTTP status.

export type FieldError = {
  path: string;
  /** English text, for API clients; the browser app translates `code` with `params` when it knows the code. */
  message: string;
  code?: string;
  /** The values a translated message needs (a row number, the text that did not match…). */
  params?: Record<string, string | number>;
  in?: "body" | "query" | "path" | "header";
};

export type AppErrorKind =
  | "bad_request"
  | "validation"
  | "not_found"
  | "forbidden"
  | "unauthenticated"
  | "conflict"
  | "precondition_required"
  | "precondition_failed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "too_many_requests";

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "Your role does not allow this action.") =>
  new AppError("forbidden", message);
export const conflict = (message: string, errors: FieldError[] = []) =>
  new AppError("conflict", message, errors);
export const invalid = (errors: FieldError[], message = "Some fields are not valid.") =>
  new AppError("validation", message, errors);
