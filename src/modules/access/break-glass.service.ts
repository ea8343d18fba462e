// Break-the-glass (issue 17), generic: a user opens time-limited access to one record with a reason, audited; the
// module owning the record decides which role may, checks the record exists, and asks activeBreakGlass on each read.
import type { Executor } from "../../db/client";
import { assertAllowedOnResource, inTransaction, nowOf, type ServiceContext } from "../../kernel";
import { forbidden, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { activityWindow, recordChange } from "../audit";
import {
  type BreakGlass,
  type BreakGlassInput,
  BreakGlassInputSchema,
  type BreakGlassListItem,
  type BreakGlassListQuery,
  BreakGlassListQuerySchema,
} from "./break-glass.schema";
import {
  insertAccessException,
  selectAccessExceptions,
  selectOpenAccessException,
} from "./break-glass.store";

/** A list longer than this is cut (newest kept): narrow the dates. */
const MAX_LISTED = 1000;

/**
 * Opens access for the context's user to one record until `durationMinutes` (at most three hours) from now, by the
 * context's clock (`nowOf`). A reason of at least 10 characters is required (422 naming `reason`; nothing written).
 * Writes the exception and a `break_glass` audit row on the record, with the reason, in one transaction: "who
 * accessed this record" shows it. The caller has checked the role and that the record exists.
 */
export async function openBreakGlass(ctx: ServiceContext, input: BreakGlassInput): Promise<BreakGlass> {
  const parsed = parseInput(BreakGlassInputSchema, input);
  const actor = ctx.actor;
  // The exception belongs to a person: the CLI or a job has nobody whose reads it could open.
  if (actor.kind !== "user") throw forbidden("Only a signed-in user can break the glass.");
  const openedAt = nowOf(ctx);
  const expiresAt = new Date(openedAt.getTime() + parsed.durationMinutes * 60_000);
  return inTransaction(ctx, async (tx) => {
    const exception = await insertAccessException(tx.db, {
      userId: actor.userId,
      entityType: parsed.entityType,
      entityId: parsed.entityId,
      reason: parsed.reason,
      openedAt,
      expiresAt,
    });
    await recordChange(tx.db, tx.actor, {
      action: "break_glass",
      entityType: parsed.entityType,
      entityId: parsed.entityId,
      before: null,
      after: { reason: parsed.reason, expiresAt: exception.expiresAt, exceptionId: exception.id },
    });
    return exception;
  });
}

/** The user's exception on this record that is open at `now`, or null: after expiry the record is out of reach again. */
export function activeBreakGlass(
  db: Executor,
  key: { userId: string; entityType: string; entityId: string; now: Date },
): Promise<BreakGlass | null> {
  return selectOpenAccessException(db, key);
}

/** Who broke the glass on what, why and until when, for exceptions opened between two dates; administrators only. */
export async function listBreakGlass(
  ctx: ServiceContext,
  query: BreakGlassListQuery,
): Promise<BreakGlassListItem[]> {
  assertAllowedOnResource(ctx.actor, "audit_activity", "read");
  const input = parseInput(BreakGlassListQuerySchema, query, "query");
  const window = activityWindow(input.from, input.to);
  if (window.toExclusive <= window.from)
    throw invalid([{ path: "to", message: "The end must not be before the start.", in: "query" }]);
  return selectAccessExceptions(ctx.db, { ...window, limit: MAX_LISTED });
}
