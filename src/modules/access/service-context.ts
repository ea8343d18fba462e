// What every service function receives: the database and who is acting.
import type { Database } from "../../db/client";
import { AppError } from "../../shared/app-errors";
import type { Actor } from "./access.schema";
import { type Action, isAllowed, type RecordScope, type Resource } from "./policy";

export type ServiceContext = {
  db: Database;
  actor: Actor;
  /** The day to take as today (YYYY-MM-DD, Kigali time); tests fix it, requests leave it unset. */
  today?: string;
};

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

export function preconditionFailed(currentVersion: number): AppError {
  return new AppError(
    "precondition_failed",
    `This record was changed by someone else (it is now at version ${currentVersion}). Reload it and apply your change again.`,
  );
}

/** PostgreSQL unique violation, from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
