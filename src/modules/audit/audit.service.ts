// Writes who changed what (before/after per field) inside the caller's transaction.
import { isDeepStrictEqual } from "node:util";
import type { Executor } from "../../db/client";
import type { Actor, ServiceContext } from "../../kernel";
import type { AuditAccess, AuditAction, AuditEntry } from "./audit.schema";
import {
  insertAuditEntries,
  insertAuditEntry,
  lockAuditChain,
  type NewAuditEntry,
  selectAuditAccesses,
  selectAuditEntries,
  selectLastWriteSeq,
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

/**
 * A mark of the register's state: it moves with every audited write that commits (chain order is commit order).
 * Work planned on reads made after a mark can check, inside its own transaction, that nothing was written since.
 */
export async function lastWriteMark(db: Executor): Promise<number> {
  return selectLastWriteSeq(db);
}

/**
 * Inside a transaction: waits for the audited writes under way to commit, then holds every other one back until this
 * transaction ends (they all append to the audit log) — so that a `lastWriteMark` read next stays true until commit.
 */
export async function holdOtherWrites(tx: Executor): Promise<void> {
  await lockAuditChain(tx);
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
