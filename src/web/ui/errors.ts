// Turns API errors and field errors into messages in the user's language.
import type { TFunction } from "i18next";
import type { FieldError } from "../../shared/app-errors";
import { ApiError } from "../api";

export function fieldErrorText(t: TFunction, error: FieldError): string {
  const code = error.code ?? "unknown";
  return t([`errors.fields.${error.path}.${code}`, `errors.codes.${code}`], {
    ...error.params,
    defaultValue: error.message,
  });
}

export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 401:
        return t("errors.unauthenticated");
      case 403:
        return t("errors.forbidden");
      case 404:
        return t("errors.notFound");
      case 409:
        return t("errors.conflict");
      case 412:
        return t("errors.stale");
      case 422:
        return t("errors.invalid");
      case 429:
        return t("errors.tooManyRequests");
      default:
        return error.status >= 500 ? t("errors.server") : t("errors.generic");
    }
  }
  return t("errors.network");
}

/** Field errors by path, for showing each under its input. */
export function errorsByPath(errors: readonly FieldError[]): Record<string, FieldError> {
  const byPath: Record<string, FieldError> = {};
  for (const e of errors) if (!byPath[e.path]) byPath[e.path] = e;
  return byPath;
}
