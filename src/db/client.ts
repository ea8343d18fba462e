// Opens the database: embedded PGlite in a data folder by default, PostgreSQL when a URL is given.
import { AsyncLocalStorage } from "node:async_hooks";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";
import { createClusterApart } from "./pglite-initdb";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle. Inside `db.transaction(tx => …)` use only `tx`: PGlite has one connection. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;
export type DatabaseKind = "pglite" | "postgresql";

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  /** The embedded engine, when kind is pglite (for dumps and backups). */
  pglite?: PGlite;
  /** The PostgreSQL connection string, when kind is postgresql: the app's role (decision 010). */
  url?: string;
  /** The owner's connection string, for migrations, grants and restores (DATABASE_OWNER_URL), when one is given. */
  ownerUrl?: string;
  /** The role the app's own connections run as once `actAs` chose it (one URL, or the embedded database). */
  appRole?: string;
  /** The embedded data folder, when there is one. */
  dataDir?: string;
  /**
   * From now on the app's connections run as `role` (PostgreSQL: every new connection starts with it; PGlite: SET
   * ROLE). `migrateDatabase` calls it when one connection string, or the embedded engine, serves owner and app.
   */
  actAs(role: string): Promise<void>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { kind: "postgresql"; url: string; ownerUrl?: string; poolSize?: number }
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory"; loadDataDir?: Blob | File };

export const PGLITE_EXTENSIONS = { pg_trgm };

/** Role names go into SQL and startup options unquoted: only plain lower-case identifiers. */
function plainRoleName(role: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`"${role}" is not a usable role name.`);
  return role;
}

/**
 * PGlite's start parameters, plus shared_buffers of 32 MB instead of PostgreSQL's 128 MB: the embedded engine
 * touches all of its shared buffers when it starts, inside this process, so 128 MB of buffers cost ~140 MB of
 * resident memory before the first query (measured: the 1,000-row import peaked at 575 MB, with 32 MB at
 * 420 MB, as fast). An embedded register's working set fits; the operating system caches the data folder's
 * files beneath.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

export class OuterQueryInTransactionError extends Error {
  constructor() {
    super(
      "A query used the database handle inside db.transaction(tx => …). Use tx there: PGlite has one connection, so this would wait forever.",
    );
    this.name = "OuterQueryInTransactionError";
  }
}

const insideTransaction = new AsyncLocalStorage<true>();

/** The longest the embedded database's statements may run one after another before the event loop gets a turn. */
const TURN_EVERY_MS = 50;
let lastTurn = performance.now();

/**
 * PGlite answers in microtasks, so a chain of statements (a transaction's thousands of inserts, a report's reads)
 * never lets the event loop run: no request is read, no timer fires, and a kept-alive connection whose next request
 * sat unread past the server's keep-alive timeout was closed under it (ECONNRESET in the middle of a 2,000-row import,
 * bench/limit/stall.ts). Before a statement, once TURN_EVERY_MS have passed since the last turn given, one is given:
 * requests are read and wait their turn at the database; timers and the health check answer.
 */
async function giveTurnWhenDue(): Promise<void> {
  const now = performance.now();
  if (now - lastTurn < TURN_EVERY_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  lastTurn = performance.now();
}

/** `query` and `exec` of a PGlite connection (the client, or a transaction's) that give the event loop its turns. */
function withTurns<T extends Pick<PGlite, "query" | "exec">>(target: T): T {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = (async (...args: Parameters<PGlite["query"]>) => {
    await giveTurnWhenDue();
    return query(...args);
  }) as PGlite["query"];
  target.exec = async (...args: Parameters<PGlite["exec"]>) => {
    await giveTurnWhenDue();
    return exec(...args);
  };
  return target;
}

/**
 * PGlite has one connection: a query on the outer handle made from inside a transaction waits for that
 * transaction to end, which waits for the query — a silent deadlock. Turn it into an immediate error.
 * Other requests' queries run in other async contexts and simply wait their turn, as they should.
 */
function guardAgainstOuterQueries(client: PGlite): void {
  const transaction = client.transaction.bind(client);
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  client.transaction = (callback) =>
    transaction((tx) => insideTransaction.run(true, () => callback(withTurns(tx))));
  client.query = (async (...args: Parameters<PGlite["query"]>) => {
    if (insideTransaction.getStore()) throw new OuterQueryInTransactionError();
    await giveTurnWhenDue();
    return query(...args);
  }) as PGlite["query"];
  client.exec = async (...args: Parameters<PGlite["exec"]>) => {
    if (insideTransaction.getStore()) throw new OuterQueryInTransactionError();
    await giveTurnWhenDue();
    return exec(...args);
  };
}

/** The database the environment asks for: DATABASE_URL (and DATABASE_OWNER_URL for migrations), else the data folder. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDatabaseOptions {
  if (env.DATABASE_URL)
    return {
      kind: "postgresql",
      url: env.DATABASE_URL,
      ...(env.DATABASE_OWNER_URL ? { ownerUrl: env.DATABASE_OWNER_URL } : {}),
    };
  return { kind: "pglite", dataDir: env.UBUFATANYE_DATA_DIR ?? "./data" };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgresql") {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client that errors (server restart) must not crash the process.
    pool.on("error", () => undefined);
    const db = drizzleNodePg(pool, { schema }) as unknown as Database;
    const handle: DatabaseHandle = {
      db,
      kind: "postgresql",
      url: options.url,
      ...(options.ownerUrl ? { ownerUrl: options.ownerUrl } : {}),
      actAs: async (role) => {
        // A startup parameter, so that no connection of the pool ever runs a query as the owner.
        if (pool.totalCount > 0)
          throw new Error("actAs must come before the first query: the pool already has owner connections.");
        pool.options.options = `-c role=${plainRoleName(role)}`;
        handle.appRole = role;
      },
      close: () => pool.end(),
    };
    return handle;
  }
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (options.kind === "pglite") {
    lock = acquireDataDirLock(options.dataDir);
    try {
      await createClusterApart(`${options.dataDir}/pgdata`);
      client = await PGlite.create({
        dataDir: `${options.dataDir}/pgdata`,
        extensions: PGLITE_EXTENSIONS,
        startParams: PGLITE_START_PARAMS,
      });
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create({
      loadDataDir: options.loadDataDir,
      extensions: PGLITE_EXTENSIONS,
      startParams: PGLITE_START_PARAMS,
    });
  }
  guardAgainstOuterQueries(client);
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    kind: "pglite",
    pglite: client,
    dataDir: options.kind === "pglite" ? options.dataDir : undefined,
    actAs: async (role) => {
      // PGlite's one session is the superuser's: SET ROLE keeps it off the tables (see decision 010 for the limits).
      await client.exec(`set role ${plainRoleName(role)}`);
      handle.appRole = role;
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
  return handle;
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
/**
 * Values as one array parameter (`$1::uuid[]`), for `= any(…)` or `unnest(…)`: a statement naming thousands of ids
 * one parameter each costs more to build (Drizzle) and to plan than one array.
 */
export const arrayParam = (values: readonly (string | null)[], type: "uuid" | "text"): SQL =>
  sql`${sql.param([...values])}::${sql.raw(type)}[]`;

export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
