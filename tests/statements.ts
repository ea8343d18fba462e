// Counts the SQL statements a piece of code sends through a Drizzle handle, on either engine: a test can then hold a
// read to its number of round trips (issue 20: one agreement took 14), or a use case to a number that does not grow
// with its input.
import type { Database } from "../src/db/client";

type Session = {
  prepareQuery(query: { sql: string }, ...rest: unknown[]): unknown;
  transaction(run: (tx: Database) => Promise<unknown>, ...rest: unknown[]): Promise<unknown>;
};

/** `db` whose session (and the session of every transaction opened on it) pushes each statement's text. */
function counting(db: Database, statements: string[]): Database {
  const real = (db as unknown as { session: Session }).session;
  const session = new Proxy(real, {
    get(target, property, receiver) {
      if (property === "prepareQuery") {
        return (query: { sql: string }, ...rest: unknown[]) => {
          statements.push(query.sql);
          return target.prepareQuery(query, ...rest);
        };
      }
      // A transaction opened on the counted handle hands out a handle of its own: it is counted too.
      if (property === "transaction") {
        return (run: (tx: Database) => Promise<unknown>, ...rest: unknown[]) =>
          target.transaction((tx) => run(counting(tx, statements)), ...rest);
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return new Proxy(db, {
    get(target, property, receiver) {
      return property === "session" ? session : Reflect.get(target, property, receiver);
    },
  });
}

/**
 * Runs `run` with a handle that records the text of every statement it prepares (every query Drizzle sends goes
 * through its session's prepareQuery: builders, `execute`, and the session's own helpers), in the transactions it
 * opens too (their begin and commit may be left out). Statements sent on another handle are not seen: give `run` the
 * handle it is to use.
 */
export async function countStatements<T>(
  db: Database,
  run: (db: Database) => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const result = await run(counting(db, statements));
  return { result, statements };
}
