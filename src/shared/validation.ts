// Turns Zod issues into field errors with a path, the one shape every 4xx for bad input uses.
import type { z } from "zod";
import { type AppError, type FieldError, invalid } from "./app-errors";
import { nulFieldErrors } from "./json-strings";

type Params = NonNullable<FieldError["params"]>;

/**
 * What a translated message needs besides the code: the limit and what it limits ("string": characters, "array":
 * items, "number": the value), so that the reader sees "At most 200 characters", not "This is too long". A custom
 * issue (a refine) may name a more specific code in its params (`{ code: "date_does_not_exist" }`), with the values
 * its message needs.
 */
function issueDetail(issue: z.core.$ZodIssue): { code: string; params?: Params } {
  switch (issue.code) {
    case "too_small":
    case "too_big": {
      const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const params: Params = {
        origin: issue.origin,
        [issue.code === "too_small" ? "minimum" : "maximum"]: Number(limit),
      };
      if (issue.exact) params.exact = 1;
      if (issue.inclusive === false) params.exclusive = 1;
      return { code: issue.code, params };
    }
    case "custom": {
      const given = issue.params ?? {};
      const params: Params = {};
      for (const [key, value] of Object.entries(given)) {
        if (key !== "code" && (typeof value === "string" || typeof value === "number")) params[key] = value;
      }
      const code = typeof given.code === "string" ? given.code : issue.code;
      return Object.keys(params).length > 0 ? { code, params } : { code };
    }
    default:
      return { code: issue.code };
  }
}

export function fieldErrorsFromZod(error: z.ZodError, location: FieldError["in"] = "body"): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    ...issueDetail(issue),
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
