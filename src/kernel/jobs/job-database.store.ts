// The connection pg-boss runs its SQL on: the embedded engine's one session, a small pool of the app's role on
// PostgreSQL, or the caller's open transaction (a job sent with the change that caused it).
import type { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import type { DatabaseHandle, Executor } from "../../db/client";

/** pg-boss's `db` option: every statement it runs goes through `executeSql`. */
export type JobDatabase = {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
};

/** A JobDatabase the queue owns: it counts statements in flight, so that stopping can wait for them. */
export type OwnedJobDatabase = JobDatabase & {
  readonly inFlight: number;
  /** Refuses statements from now on, then ends the pool (PostgreSQL); the embedded engine stays open. */
  close(): Promise<void>;
};

export class JobQueueStoppedError extends Error {
  constructor() {
    super("The job queue is stopped.");
    this.name = "JobQueueStoppedError";
  }
}

/** pg-boss wraps its maintenance and construction in BEGIN … COMMIT sent as one text without parameters. */
const WRAPPED_TRANSACTION = /^\s*BEGIN;([\s\S]*);\s*COMMIT;\s*$/;

/** pg-boss leaves a parameter out by passing undefined; the drivers want null. */
const nullForUndefined = (values: unknown[]) => values.map((v) => (v === undefined ? null : v));

function tracked(
  run: (text: string, values: unknown[] | undefined) => Promise<{ rows: unknown[] }>,
  end: () => Promise<void>,
): OwnedJobDatabase {
  let inFlight = 0;
  let closed = false;
  return {
    get inFlight() {
      return inFlight;
    },
    async executeSql(text, values) {
      if (closed) throw new JobQueueStoppedError();
      inFlight++;
      try {
        return await run(text, values);
      } finally {
        inFlight--;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await end();
    },
  };
}

/**
 * The embedded engine's one session (already `SET ROLE` to the app's role). A BEGIN … COMMIT text runs through
 * PGlite's own transaction, which holds the session until it ends and rolls back on an error: sent as plain text,
 * a failed statement would leave the only session inside an aborted transaction, and every query of the app after
 * it would fail.
 */
export function pgliteJobDatabase(client: PGlite): OwnedJobDatabase {
  return tracked(
    async (text, values) => {
      if (values && values.length > 0) {
        const result = await client.query(text, nullForUndefined(values));
        return { rows: result.rows };
      }
      const wrapped = WRAPPED_TRANSACTION.exec(text);
      if (wrapped?.[1]) {
        const body = wrapped[1];
        const results = await client.transaction((tx) => tx.exec(body));
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    async () => undefined,
  );
}

/**
 * A small pool of its own on PostgreSQL, as the app's role (decision 010): pg-boss's polling never takes a
 * connection the requests need. A text without parameters (possibly several statements) runs on one connection
 * that is rolled back on an error before it goes back to the pool.
 */
export function postgresJobDatabase(handle: DatabaseHandle, poolSize = 3): OwnedJobDatabase {
  if (!handle.url) throw new Error("A PostgreSQL handle without its URL");
  const pool = new pg.Pool({
    connectionString: handle.url,
    max: poolSize,
    application_name: "ubufatanye-jobs",
    // The same role as the app's own connections when one URL serves owner and app (src/db/client.ts, actAs).
    ...(handle.appRole ? { options: `-c role=${handle.appRole}` } : {}),
  });
  pool.on("error", () => undefined);
  return tracked(
    async (text, values) => {
      if (values && values.length > 0) {
        const result = await pool.query(text, nullForUndefined(values));
        return { rows: result.rows };
      }
      const client = await pool.connect();
      try {
        const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
        const last = Array.isArray(result) ? result.at(-1) : result;
        return { rows: last?.rows ?? [] };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    () => pool.end(),
  );
}

/** The database handle's engine, as pg-boss's connection. */
export function openJobDatabase(handle: DatabaseHandle): OwnedJobDatabase {
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("A PGlite handle without its engine");
    return pgliteJobDatabase(handle.pglite);
  }
  return postgresJobDatabase(handle);
}

/**
 * The caller's transaction (or database) as pg-boss's connection for one send: the job then exists if and only if
 * the change that sent it commits. pg-boss numbers its parameters ($1 … $n, some used twice); each becomes a bound
 * parameter of drizzle's, in order. Only for single statements with parameters, which is what sending runs.
 */
export function executorJobDatabase(executor: Executor): JobDatabase {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((part, i) =>
        i % 2 === 0 ? sql.raw(part) : sql`${sql.param(values[Number(part) - 1] ?? null)}`,
      );
      const result = (await executor.execute(sql.join(chunks, sql.raw("")))) as unknown as {
        rows: unknown[];
      };
      return { rows: result.rows };
    },
  };
}
