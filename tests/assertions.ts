// Shared checks for tests: a database footprint that proves a refused request wrote nothing, and RFC 9457 problems.
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { z } from "zod";
import { type Executor, queryRows } from "../src/db/client";

/** One table's row count and a checksum of every row's text: equal only if no row was added, changed or removed. */
export type TableFootprint = { rows: number; checksum: string };
/** Table name → footprint, for every table compared. */
export type Footprint = Record<string, TableFootprint>;

export type FootprintOptions = {
  /** Only these tables (each must exist); by default every table of the current schema. */
  tables?: readonly string[];
  /** Tables left out of the default "every table", e.g. counters a request may bump whatever it does. */
  except?: readonly string[];
};

/**
 * The tables a test's `signInAs` writes (the user, credential, session, sign-in rate counter, grants): leave them
 * out of a footprint taken around a step that signs a new user in.
 */
export const SIGN_IN_TABLES = [
  "user",
  "account",
  "session",
  "verification",
  "rate_limit",
  "sign_in_throttle",
  "two_factor",
  "role_grant",
  "user_organisation",
  // The counter the database raises with the grants, users and sessions above (decision 027).
  "auth_epoch",
] as const;

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The audit rows the database or better-auth write along with a table left out of a footprint (decision 010):
 * a sign-in's row with the session, a grant's row with role_grant. Left out of audit_log's footprint with them, so
 * that signing a user in between two footprints does not hide what else was (or was not) audited.
 */
const AUDIT_ROWS_WITH: Record<string, string> = {
  session: "r.action in ('sign_in', 'sign_in_failed', 'sign_out', 'password_change')",
  role_grant: "r.entity_type = 'role_grant'",
  user_organisation: "r.entity_type = 'user_organisation'",
};

async function tablesOfSchema(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`,
  );
  return rows.map((r) => r.name);
}

/**
 * Counts and checksums the rows of every table (or of `options.tables`): compare the result before and after an
 * action to prove it changed nothing. The checksum covers whole rows, so an update that keeps the row count (a
 * version bump, an edited title) shows too; the diff vitest prints names the table that moved.
 */
export async function databaseFootprint(db: Executor, options: FootprintOptions = {}): Promise<Footprint> {
  const existing = await tablesOfSchema(db);
  let tables: readonly string[];
  if (options.tables) {
    const unknown = options.tables.filter((t) => !existing.includes(t));
    if (unknown.length > 0) throw new Error(`footprint: no table named ${unknown.join(", ")}`);
    tables = options.tables;
  } else {
    tables = existing.filter((t) => !options.except?.includes(t));
  }
  // An empty comparison would pass whatever happened.
  if (tables.length === 0) throw new Error("footprint: no table to compare");
  for (const t of tables) if (!TABLE_NAME.test(t)) throw new Error(`footprint: unexpected table name ${t}`);
  const auditLeftOut = (options.except ?? []).flatMap((t) => AUDIT_ROWS_WITH[t] ?? []);
  const where = (t: string) =>
    t === "audit_log" && auditLeftOut.length > 0 ? ` where not (${auditLeftOut.join(" or ")})` : "";
  // One statement for all tables. A table's checksum is the sum of its rows' 64-bit hashes: equal contents give equal
  // sums whatever the order, a changed, added or removed row moves it, and nothing is sorted or concatenated (the
  // md5 of every row's text in order took ~3x as long, and tests take a footprint before and after most refusals).
  const query = tables
    .map(
      (t) =>
        `select '${t}' as name, count(*)::int as rows, ` +
        `coalesce(sum(hashtextextended(r::text, 0)), 0)::text as checksum from "${t}" r${where(t)}`,
    )
    .join(" union all ");
  const rows = await queryRows<{ name: string; rows: number; checksum: string }>(db, sql.raw(query));
  const result: Footprint = {};
  for (const row of rows) result[row.name] = { rows: row.rows, checksum: row.checksum };
  return result;
}

/** The number of rows a footprint saw in one table; throws when the table was not part of it. */
export function rowsIn(print: Footprint, table: string): number {
  const entry = print[table];
  if (!entry) throw new Error(`footprint has no table ${table} (has ${Object.keys(print).join(", ")})`);
  return entry.rows;
}

/** Runs `action` and asserts that no table changed; returns what the action returned. */
export async function expectNothingWritten<T>(
  db: Executor,
  action: () => Promise<T>,
  options: FootprintOptions = {},
): Promise<T> {
  const before = await databaseFootprint(db, options);
  const result = await action();
  expect(await databaseFootprint(db, options)).toEqual(before);
  return result;
}

/** RFC 9457 problem details as the API sends them, with `errors[]` naming each field at fault. */
export const ProblemShape = z.object({
  type: z.string().min(1),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(
      z.object({
        path: z.string(),
        message: z.string().min(1),
        code: z.string().optional(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        in: z.string().optional(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof ProblemShape>;

/** What a problem body must never leak: stack frames, source paths, error class names. */
export const STACK_TRACE = /\n\s+at |node_modules|\.ts:\d+|Error: /;

export type ProblemExpectations = {
  /** A field path (or several) that errors[] must name, e.g. "parties.1.organisationId". */
  path?: string | readonly string[];
  /** Where that field was read from, when the API says (body, query, header, path). */
  in?: string;
};

/**
 * Reads a response as a problem and checks it: the status, the application/problem+json media type, the RFC 9457
 * fields with a body status equal to the HTTP one, no stack trace, and each expected field path in errors[].
 */
export async function expectProblem(
  response: Response,
  status: number,
  expectations: ProblemExpectations = {},
): Promise<Problem> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(text).not.toMatch(STACK_TRACE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`problem body is not JSON: ${text.slice(0, 200)}`);
  }
  const result = ProblemShape.safeParse(parsed);
  if (!result.success)
    throw new Error(`not an RFC 9457 problem (${result.error.message}): ${text.slice(0, 500)}`);
  const problem = result.data;
  expect(problem.status, text).toBe(status);
  const paths = expectations.path === undefined ? [] : [expectations.path].flat();
  for (const path of paths) {
    const entry = problem.errors?.find((e) => e.path === path);
    expect(entry, `errors[] should name ${path}: ${text}`).toBeDefined();
    if (expectations.in !== undefined) expect(entry?.in, text).toBe(expectations.in);
  }
  return problem;
}
