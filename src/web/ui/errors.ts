// Turns API errors and field errors into messages in the user's language.
import type { TFunction } from "i18next";
import type { FieldError } from "../../shared/app-errors";
import { ApiError } from "../api";

/** What a too_small/too_big limits, as the catalogs name it: characters, items or a number. */
function limitKind(params: FieldError["params"]): "string" | "array" | "number" | null {
  switch (params?.origin) {
    case "string":
      return "string";
    case "array":
    case "set":
      return "array";
    case "number":
    case "int":
    case "bigint":
      return "number";
    default:
      return null;
  }
}

/** The code with what it limits ("too_big_string", "too_small_array", "too_small_number_exclusive"), or null. */
function limitVariant(error: FieldError): string | null {
  if (error.code !== "too_small" && error.code !== "too_big") return null;
  const kind = limitKind(error.params);
  if (!kind) return null;
  if (error.params?.exact && kind !== "number") return `${error.code}_${kind}_exact`;
  if (error.params?.exclusive && kind === "number") return `${error.code}_number_exclusive`;
  return `${error.code}_${kind}`;
}

/**
 * The catalog keys for a field error, most specific first: the field's own words for the code
 * (`errors.fields.parties.too_small`), the code with what it limits (`errors.codes.too_big_string`, "At most
 * {{count}} characters"), then the code alone ("This is too long", for an error that came without its limit).
 */
export function fieldErrorKeys(error: FieldError): string[] {
  const code = error.code ?? "unknown";
  const variant = limitVariant(error);
  return [
    `errors.fields.${error.path}.${code}`,
    ...(variant ? [`errors.codes.${variant}`] : []),
    `errors.codes.${code}`,
  ];
}

/** The values a message interpolates: the error's params, and the limit as `count` (for "1 character"/"200 characters"). */
export function fieldErrorValues(error: FieldError): Record<string, string | number> {
  const limit = error.params?.minimum ?? error.params?.maximum;
  return typeof limit === "number" ? { ...error.params, count: limit } : { ...error.params };
}

/** A field error in the reader's language; the server's English message when no catalog knows the code. */
export function fieldErrorText(t: TFunction, error: FieldError): string {
  return t(fieldErrorKeys(error), { ...fieldErrorValues(error), defaultValue: error.message });
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
