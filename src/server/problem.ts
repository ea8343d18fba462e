// Turns any thrown error into an RFC 9457 problem; never leaks a stack trace to the client.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type AppErrorKind, type FieldError } from "../shared/app-errors";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
};

const STATUS: Record<AppErrorKind, ContentfulStatusCode> = {
  bad_request: 400,
  validation: 422,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  precondition_required: 428,
  precondition_failed: 412,
  unsupported_media_type: 415,
  payload_too_large: 413,
  too_many_requests: 429,
};

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Request too large",
  415: "Unsupported media type",
  422: "Invalid input",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal error",
};

export function problemFor(status: number, detail?: string, errors?: FieldError[]): Problem {
  return {
    type: `https://ubufatanye.rw/problems/${status}`,
    title: TITLES[status] ?? "Error",
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Returns the status and body for an error, and whether it is unexpected (to be logged as an error). */
export function problemFromError(error: unknown): {
  status: ContentfulStatusCode;
  body: Problem;
  unexpected: boolean;
} {
  if (error instanceof AppError) {
    const status = STATUS[error.kind];
    return { status, body: problemFor(status, error.message, error.errors), unexpected: false };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const detail =
      status === 413
        ? "The request body is larger than this server accepts."
        : status === 400 && /json/i.test(error.message)
          ? "The request body is not valid JSON."
          : status === 403
            ? "This request came from another site and was refused."
            : error.message || undefined;
    return { status, body: problemFor(status, detail), unexpected: false };
  }
  return {
    status: 500,
    body: problemFor(500, "Something went wrong on the server. It has been logged."),
    unexpected: true,
  };
}
