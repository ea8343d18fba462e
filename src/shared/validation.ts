// Turns Zod issues into field errors with a path, the one shape every 4xx for bad input uses.
import type { z } from "zod";
import { type FieldError, invalid } from "./app-errors";

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
