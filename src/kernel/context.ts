// What every service function receives (the database or the open transaction, who is acting, which day it is)
// and the checks every module makes with it: permissions, versions, transactions.
import type { Executor, Transaction } from "../db/client";
import { AppError } from "../shared/app-errors";
import { todayInKigali } from "../shared/today";
import type { Actor } from "./actor.schema";
import type { JobQueue } from "./jobs";
import { type Action, isAllowed, type RecordScope, type Resource } from "./policy";
import { declareTransactionActor, isTransaction } from "./transaction.store";

export type ServiceContext = {
  /** The database, or the transaction a caller already opened: services never need to know which. */
  db: Executor;
  actor: Actor;
  /** The day to take as today (YYYY-MM-DD, Kigali time); tests fix it, requests leave it unset. */
  today?: string;
  /** The instant to take as now (expiry of timed access, e.g. break-the-glass); tests fix it, requests leave it unset. */
  now?: Date;
  /** The HTTP request this work serves (its X-Request-Id): audit rows carry it, so a log line and a row meet. */
  requestId?: string;
  /** The job queue, when one runs (the server): use cases send background work with it inside their transaction. */
  jobs?: JobQueue;
};

/** A context whose `db` is an open transaction: what `inTransaction` hands its callback. */
export type TransactionContext = ServiceContext & { db: Transaction };

/** Today for this context: the fixed day of a test, else the real day in Kigali. */
export const todayOf = (ctx: ServiceContext): string => ctx.today ?? todayInKigali();

/** Now for this context: the fixed instant of a test, else the clock's. */
export const nowOf = (ctx: ServiceContext): Date => ctx.now ?? new Date();

/**
 * Runs `fn` in one transaction: the caller's, when `ctx.db` already is one (so a use case called from another
 * joins its transaction and commits or fails with it), else a new one. PGlite has one connection, so a nested
 * use case that opened its own transaction on the outer handle would wait for itself forever.
 */
export async function inTransaction<T>(
  ctx: ServiceContext,
  fn: (tx: TransactionContext) => Promise<T>,
): Promise<T> {
  const db = ctx.db;
  if (isTransaction(db)) return fn({ ...ctx, db });
  return db.transaction(async (tx) => {
    await declareTransactionActor(tx, ctx.actor, ctx.requestId);
    return fn({ ...ctx, db: tx });
  });
}

/**
 * Checks a record-level permission. A record the actor may not read answers "not found"
 * (never 403, which would confirm that it exists); one it may read but not change answers 403.
 */
export function assertAllowed(
  actor: Actor,
  resource: Resource,
  action: Action,
  record: RecordScope,
  notFoundLabel: string,
): void {
  if (!isAllowed(actor, resource, "read", record))
    throw new AppError("not_found", `${notFoundLabel} was not found.`);
  if (action !== "read" && !isAllowed(actor, resource, action, record)) {
    throw new AppError("forbidden", "Your role does not allow this action on this record.");
  }
}

/** Checks a permission that does not depend on an existing record (e.g. create). */
export function assertAllowedOnResource(
  actor: Actor,
  resource: Resource,
  action: Action,
  record?: RecordScope,
): void {
  if (!isAllowed(actor, resource, action, record)) {
    throw new AppError("forbidden", "Your role does not allow this action.");
  }
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Nobody moves a record out of their own reach: when a change alters where a record sits (its organisations or
 * districts), the actor must be allowed to change the record where it lands too, as they were where it was. One
 * check for every resource whose scope a change can alter (agreements: parties and areas; programmes: lead,
 * partners and places). A change that leaves the scope alone is not checked again.
 */
export function assertChangeStaysInScope(
  actor: Actor,
  resource: Resource,
  before: RecordScope,
  after: RecordScope,
): void {
  if (
    sameIds(before.organisationIds, after.organisationIds) &&
    sameIds(before.districtIds, after.districtIds)
  )
    return;
  if (!isAllowed(actor, resource, "update", after)) {
    throw new AppError(
      "forbidden",
      "This change would move the record out of what your role lets you edit. Keep your organisation or district in it.",
    );
  }
}

export function preconditionFailed(currentVersion: number): AppError {
  return new AppError(
    "precondition_failed",
    `This record was changed by someone else (it is now at version ${currentVersion}). Reload it and apply your change again.`,
  );
}

/** The version the client read must be the record's current one; else 412 naming the current version. */
export function assertVersion(current: { version: number }, expectedVersion: number): void {
  if (current.version !== expectedVersion) throw preconditionFailed(current.version);
}

function hasSqlState(error: unknown, code: string): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    if ((e as { code?: unknown }).code === code) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** PostgreSQL unique violation, from either driver. */
export const isUniqueViolation = (error: unknown): boolean => hasSqlState(error, "23505");

/**
 * The table named by a database error (for a foreign key refused on delete: the table whose rows still point at the
 * record), from either driver, or null.
 */
export function tableOfError(error: unknown): string | null {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const table = (e as { table?: unknown }).table;
    if (typeof table === "string" && table !== "") return table;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A row another table still points at (foreign key, or its ON DELETE RESTRICT), from either driver. */
export const isForeignKeyViolation = (error: unknown): boolean =>
  hasSqlState(error, "23503") || hasSqlState(error, "23001");
