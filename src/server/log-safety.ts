// What of an error may go into a log line: its kind and where it came from, never a value a user sent (decision 010).
// A failed query's message carries its SQL parameters ("params: …"), and PostgreSQL's messages and details quote the
// offending value ('invalid input syntax for type uuid: "…"', 'Key (email)=(…)'), so neither is ever logged.

export type LoggedError = {
  name: string;
  /** The message, only for errors that did not come from the database (programming errors, with fixed text). */
  message?: string;
  /** PostgreSQL's SQLSTATE and where the server raised it, for a database error. */
  code?: string;
  routine?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** Stack frames only: the first line of a stack repeats the message. */
  stack?: string;
  cause?: LoggedError;
};

type DatabaseErrorFields = {
  code?: unknown;
  severity?: unknown;
  routine?: unknown;
  query?: unknown;
  params?: unknown;
};

function isDatabaseError(error: Error): boolean {
  const fields = error as DatabaseErrorFields;
  return (
    error.name === "DrizzleQueryError" ||
    typeof fields.severity === "string" ||
    "params" in error ||
    "query" in error ||
    /^Failed query:/.test(error.message)
  );
}

const MAX_MESSAGE = 300;
const MAX_DEPTH = 4;

export function loggedError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { name: typeof error };
  const fields = error as DatabaseErrorFields & { constraint?: unknown; table?: unknown; column?: unknown };
  const database = isDatabaseError(error);
  const logged: LoggedError = { name: error.name };
  if (!database) logged.message = error.message.slice(0, MAX_MESSAGE);
  for (const key of ["code", "routine", "constraint", "table", "column"] as const) {
    const value = fields[key];
    if (typeof value === "string" && value) logged[key] = value;
  }
  const frames = error.stack
    ?.split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
  if (frames) logged.stack = frames;
  if (error.cause !== undefined && depth < MAX_DEPTH) logged.cause = loggedError(error.cause, depth + 1);
  return logged;
}
