// Counts the SQL statements a piece of code sends through a Drizzle handle, on either engine: a test can then hold a
// read to its number of round trips (issue 20: one agreement took 14).
import type { Database } from "../src/db/client";

type Session = { prepareQuery(query: { sql: string }, ...rest: unknown[]): unknown };

/**
 * Runs `run` with a handle that records the text of every statement it prepares (every query Drizzle sends goes
 * through its session's prepareQuery: builders, `execute`, and the session's own helpers). Statements sent on
 * another handle (a transaction's) are not seen: give `run` the handle it is to use.
 */
export async function countStatements<T>(
  db: Database,
  run: (db: Database) => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const real = (db as unknown as { session: Session }).session;
  const session = new Proxy(real, {
    get(target, property, receiver) {
      if (property === "prepareQuery") {
        return (query: { sql: string }, ...rest: unknown[]) => {
          statements.push(query.sql);
          return target.prepareQuery(query, ...rest);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const counted = new Proxy(db, {
    get(target, property, receiver) {
      return property === "session" ? session : Reflect.get(target, property, receiver);
    },
  });
  const result = await run(counted);
  return { result, statements };
}
