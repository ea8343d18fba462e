// Turns Zod issues into field errors with a path, the one shape every 4xx for bad input uses.
import type { z } from "zod";
import { type AppError, type FieldError, invalid } from "./app-errors";
import { nulFieldErrors } from "./json-strings";

export function fieldErrorsFromZod(error: z.ZodError, location: FieldError["in"] = "body"): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
    in: location,
  }));
}

/** Parses input with the schema, or throws a validation error naming every invalid field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: FieldError["in"] = "body",
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(fieldErrorsFromZod(result.error, location));
}

/**
 * What a router answers for one part of a request: every field the schema refused and, in a JSON body, every string
 * holding U+0000 (PostgreSQL text cannot store it); null when there is nothing to refuse. `value` is the parsed
 * output when the schema accepted the input, the input as sent when it did not.
 */
export function requestInputError(
  error: z.ZodError | undefined,
  value: unknown,
  location: FieldError["in"],
  jsonBody: boolean,
): AppError | null {
  const nul = jsonBody ? nulFieldErrors(value) : [];
  if (!error) return nul.length > 0 ? invalid(nul) : null;
  const errors = fieldErrorsFromZod(error, location);
  const named = new Set(errors.map((e) => e.path));
  return invalid([...errors, ...nul.filter((e) => !named.has(e.path))]);
}
