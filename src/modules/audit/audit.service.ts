// Writes who changed what (before/after per field) inside the caller's transaction.
import { isDeepStrictEqual } from "node:util";
import type { Executor } from "../../db/client";
import type { Actor, ServiceContext } from "../../kernel";
// The policy table itself, not the kernel's index: the kernel imports this module, and policy.ts imports nothing.
import { isAllowed } from "../../kernel/policy";
import { forbidden, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { activityCursor, activityWindow, parseActivityCursor } from "./activity-window";
import {
  type AuditAccess,
  type AuditAction,
  type AuditEntry,
  type UserActivityEntry,
  type UserActivityPage,
  type UserActivityQuery,
  UserActivityQuerySchema,
} from "./audit.schema";
import {
  insertAuditEntries,
  insertAuditEntry,
  type NewAuditEntry,
  selectAuditAccesses,
  selectAuditEntries,
  selectUserActivity,
} from "./audit.store";
import type { AuditChanges } from "./audit.table";

/** Fields that change on every write and say nothing a reader of the history needs. */
const IGNORED_FIELDS = new Set(["id", "version", "updatedAt", "createdAt", "searchText", "nameKey"]);

/** Empty strings and empty lists say the same as "nothing": no change between them is recorded. */
function orNull(value: unknown): unknown {
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return null;
  return value;
}

export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditChanges {
  const changes: AuditChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (IGNORED_FIELDS.has(key)) continue;
    const b = orNull(before?.[key]);
    const a = orNull(after?.[key]);
    if (!isDeepStrictEqual(b, a)) changes[key] = { before: b, after: a };
  }
  return changes;
}

export type AuditedChange = {
  action: AuditAction;
  entityType: string;
  entityId: string;
  entityLabel?: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** Call with the transaction that made the change, so the entry commits or rolls back with it. */
export async function recordChange(tx: Executor, actor: Actor, change: AuditedChange): Promise<void> {
  const entry = auditEntryOf(actor, change);
  if (entry) await insertAuditEntry(tx, entry);
}

/** The same entries as recordChange for each change, in order, written with a few multi-row statements. */
export async function recordChanges(
  tx: Executor,
  actor: Actor,
  changes: readonly AuditedChange[],
): Promise<void> {
  await insertAuditEntries(
    tx,
    changes.flatMap((change) => {
      const entry = auditEntryOf(actor, change);
      return entry ? [entry] : [];
    }),
  );
}

/** The entry a change writes; null for an update that changes nothing. */
function auditEntryOf(actor: Actor, change: AuditedChange): NewAuditEntry | null {
  const changes = diffRecords(change.before, change.after);
  if (change.action === "update" && Object.keys(changes).length === 0) return null;
  return {
    actorUserId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actor.label,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    entityLabel: change.entityLabel ?? null,
    changes,
  };
}

export async function listHistory(db: Executor, entityType: string, entityId: string): Promise<AuditEntry[]> {
  return selectAuditEntries(db, entityType, entityId);
}

export type AuditedRead = {
  entityType: string;
  entityId: string;
  entityLabel?: string | null;
  reason?: string;
};

/**
 * Records that the context's actor read one record (an incident, a victim's details), with the reason given. Call it
 * after the read was authorised and succeeded; with the caller's transaction when there is one.
 */
export async function recordRead(ctx: ServiceContext, read: AuditedRead): Promise<void> {
  await insertAuditEntry(ctx.db, {
    actorUserId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    actorLabel: ctx.actor.label,
    action: "read",
    entityType: read.entityType,
    entityId: read.entityId,
    entityLabel: read.entityLabel ?? null,
    changes: read.reason ? { reason: { before: null, after: read.reason } } : {},
    // Given here, not only by the transaction's setting: a read is often recorded outside any transaction. Left
    // undefined, the column's default takes the transaction's declared one.
    requestId: ctx.requestId,
  });
}

/** Who read or changed one record, newest first. The caller checks that its actor may see this. */
export async function listAccesses(
  db: Executor,
  entityType: string,
  entityId: string,
): Promise<AuditAccess[]> {
  return selectAuditAccesses(db, entityType, entityId);
}

export type SecurityEvent = {
  action: Extract<AuditAction, "sign_in" | "sign_in_failed" | "sign_out" | "password_change">;
  /** The account concerned, when known (a failed sign-in may name no account). */
  userId: string | null;
  /** Who acted: the account's user, or "anonymous" for a refused sign-in. */
  actorLabel: string;
  /** Facts of the event: address, user agent, the email tried. Never a password or a token. */
  details: Record<string, string | null>;
};

/** Sign-ins, refusals, sign-outs, password changes: one audit row each, on the account's history. */
export async function recordSecurityEvent(db: Executor, event: SecurityEvent): Promise<void> {
  const changes: AuditChanges = {};
  for (const [key, value] of Object.entries(event.details))
    if (value !== null && value !== "") changes[key] = { before: null, after: value };
  await insertAuditEntry(db, {
    actorUserId: event.action === "sign_in_failed" ? null : event.userId,
    actorLabel: event.actorLabel,
    action: event.action,
    entityType: "user",
    entityId: event.userId ?? "unknown",
    entityLabel: null,
    changes,
  });
}

type ActivityInput = ReturnType<typeof UserActivityQuerySchema.parse>;

/** Checks who asks and what, before any row is read. */
function authorisedActivityQuery(ctx: ServiceContext, query: UserActivityQuery): ActivityInput {
  if (!isAllowed(ctx.actor, "audit_activity", "read"))
    throw forbidden("Only administrators may see what a user read or changed.");
  const input = parseInput(UserActivityQuerySchema, query, "query");
  const window = activityWindow(input.from, input.to);
  if (window.toExclusive <= window.from)
    throw invalid([{ path: "to", message: "The end must not be before the start.", in: "query" }]);
  return input;
}

async function activityPage(ctx: ServiceContext, input: ActivityInput): Promise<UserActivityPage> {
  const window = activityWindow(input.from, input.to);
  const rows = await selectUserActivity(ctx.db, {
    userId: input.userId,
    from: window.from,
    toExclusive: window.toExclusive,
    after: input.cursor ? parseActivityCursor(input.cursor) : undefined,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? activityCursor(last) : null };
}

/** Looking is itself audited: who asked what a user did, in which request. */
const recordActivityLookup = (ctx: ServiceContext, userId: string) =>
  recordRead(ctx, { entityType: "user", entityId: userId, reason: "activity report" });

/**
 * The breach report (issue 17): every record user `userId` read or changed between `from` and `to`, newest first, a
 * page at a time (`nextCursor`). Administrators only (policy resource audit_activity). Rows carry no changed values.
 * Each page asked for writes one read of the user's record, so an administrator's curiosity shows too.
 */
export async function listUserActivity(
  ctx: ServiceContext,
  query: UserActivityQuery,
): Promise<UserActivityPage> {
  const input = authorisedActivityQuery(ctx, query);
  const page = await activityPage(ctx, input);
  await recordActivityLookup(ctx, input.userId);
  return page;
}

/**
 * Every row of the report, a page at a time (a CSV download, the CLI): memory stays one page whatever the window.
 * Checked and audited once, before the first page.
 */
export async function* eachUserActivityPage(
  ctx: ServiceContext,
  query: Omit<UserActivityQuery, "cursor" | "limit">,
  pageSize = 500,
): AsyncGenerator<UserActivityEntry[]> {
  const input = authorisedActivityQuery(ctx, { ...query, limit: pageSize });
  await recordActivityLookup(ctx, input.userId);
  let cursor: string | undefined;
  do {
    const page = await activityPage(ctx, { ...input, cursor });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
