// Queries on the audit log: insert and read, nothing else (the database refuses the rest).
import { and, desc, eq, sql } from "drizzle-orm";
import { arrayParam, type Executor, queryRows } from "../../db/client";
import type { AuditAccess, AuditEntry, UserActivityEntry } from "./audit.schema";
import { type AuditChanges, auditLogTable } from "./audit.table";

export type NewAuditEntry = {
  actorUserId: string | null;
  actorLabel: string;
  action: AuditEntry["action"];
  entityType: string;
  entityId: string;
  entityLabel: string | null;
  changes: AuditChanges;
  /** Left out: the transaction's declared request id (or none), by the column's default. */
  requestId?: string | null;
};

export async function insertAuditEntry(db: Executor, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLogTable).values(entry);
}

/** Entries per statement of insertAuditEntries. */
const ENTRIES_PER_STATEMENT = 2_000;

/**
 * Several entries in one statement per 2,000, in the order given: each column as one array parameter, unnested in
 * order (the chain trigger numbers the rows as they come). A multi-row VALUES of 24,000 entries (a 2,000-row import)
 * made Drizzle build 170,000 parameters, ~1 s of the import's transaction.
 */
export async function insertAuditEntries(db: Executor, entries: readonly NewAuditEntry[]): Promise<void> {
  // An entry naming its request is written as given (the column's default reads the transaction's otherwise).
  if (entries.some((e) => e.requestId !== undefined)) {
    for (let i = 0; i < entries.length; i += 500)
      await db.insert(auditLogTable).values(entries.slice(i, i + 500));
    return;
  }
  for (let i = 0; i < entries.length; i += ENTRIES_PER_STATEMENT) {
    const slice = entries.slice(i, i + ENTRIES_PER_STATEMENT);
    const column = (pick: (e: NewAuditEntry) => string | null) => arrayParam(slice.map(pick), "text");
    await db.execute(sql`
      insert into ${auditLogTable} (actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes)
      select e.actor_user_id, e.actor_label, e.action, e.entity_type, e.entity_id, e.entity_label, e.changes::jsonb
      from unnest(
        ${column((e) => e.actorUserId)}, ${column((e) => e.actorLabel)}, ${column((e) => e.action)},
        ${column((e) => e.entityType)}, ${column((e) => e.entityId)}, ${column((e) => e.entityLabel)},
        ${column((e) => JSON.stringify(e.changes))}
      ) with ordinality as e(actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes, n)
      order by e.n`);
  }
}

/** The lock audit_log_chain takes for every append until commit (decision 010): holding it, no other write lands. */
const CHAIN_LOCK = 482119302;

export async function lockAuditChain(db: Executor): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(CHAIN_LOCK))})`);
}

/** The chain position of the last write (create, update, delete) committed or made in this transaction; 0 for none. */
export async function selectLastWriteSeq(db: Executor): Promise<number> {
  const [row] = await queryRows<{ seq: string | number | null }>(
    db,
    sql`select max(chain_seq) as seq from audit_log where action in ('create', 'update', 'delete')`,
  );
  return Number(row?.seq ?? 0);
}

export async function selectAuditEntries(
  db: Executor,
  entityType: string,
  entityId: string,
  limit = 200,
): Promise<AuditEntry[]> {
  const rows = await db
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.entityType, entityType), eq(auditLogTable.entityId, entityId)))
    .orderBy(desc(auditLogTable.occurredAt), desc(auditLogTable.id))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    action: r.action as AuditEntry["action"],
    occurredAt: r.occurredAt.toISOString(),
  }));
}

/** Who read or changed one record, newest first; a read's reason is kept in its changes. */
export async function selectAuditAccesses(
  db: Executor,
  entityType: string,
  entityId: string,
  limit = 500,
): Promise<AuditAccess[]> {
  const rows = await db
    .select({
      id: auditLogTable.id,
      occurredAt: auditLogTable.occurredAt,
      actorUserId: auditLogTable.actorUserId,
      actorLabel: auditLogTable.actorLabel,
      action: auditLogTable.action,
      reason: sql<string | null>`${auditLogTable.changes} -> 'reason' ->> 'after'`,
      requestId: auditLogTable.requestId,
    })
    .from(auditLogTable)
    .where(and(eq(auditLogTable.entityType, entityType), eq(auditLogTable.entityId, entityId)))
    .orderBy(desc(auditLogTable.chainSeq))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    action: r.action as AuditAccess["action"],
    occurredAt: r.occurredAt.toISOString(),
  }));
}

export type ChainLink = {
  id: number;
  chainSeq: number;
  occurredAt: string;
  previousHash: string;
  hash: string;
  /** The hash the row's stored content gives now, computed by the same function as the insert trigger's. */
  recomputedHash: string;
};

/** The next links of the chain after position `afterSeq`, in chain order. */
export async function selectChainLinks(db: Executor, afterSeq: number, limit: number): Promise<ChainLink[]> {
  const rows = await queryRows<{
    id: string | number;
    chain_seq: string | number;
    occurred_at: string;
    previous_hash: string;
    hash: string;
    recomputed: string;
  }>(
    db,
    sql`select id, chain_seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
          previous_hash, hash, audit_log_row_hash(previous_hash, a) as recomputed
        from audit_log a where chain_seq > ${afterSeq} order by chain_seq limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    chainSeq: Number(r.chain_seq),
    occurredAt: r.occurred_at,
    previousHash: r.previous_hash,
    hash: r.hash,
    recomputedHash: r.recomputed,
  }));
}

export type UserActivityFilter = {
  userId: string;
  from: Date;
  toExclusive: Date;
  /** The last row of the page before: only rows older than it. */
  after?: { occurredAt: string; id: number };
  limit: number;
};

/**
 * What one user read or changed in a window, newest first (keyset on time and id: audit_log_actor_idx finds the
 * user's window; the id only breaks ties). Times are UTC to the microsecond, so a cursor names its row exactly.
 */
export async function selectUserActivity(
  db: Executor,
  filter: UserActivityFilter,
): Promise<UserActivityEntry[]> {
  const rows = await queryRows<{
    id: string | number;
    occurred_at: string;
    action: string;
    entity_type: string;
    entity_id: string;
    entity_label: string | null;
    request_id: string | null;
  }>(
    db,
    sql`select id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at, action,
          entity_type, entity_id, entity_label, request_id
        from audit_log
        where actor_user_id = ${filter.userId}
          and occurred_at >= ${filter.from.toISOString()}::timestamptz
          and occurred_at < ${filter.toExclusive.toISOString()}::timestamptz
          ${filter.after ? sql`and (occurred_at, id) < (${filter.after.occurredAt}::timestamptz, ${filter.after.id})` : sql``}
        order by occurred_at desc, id desc
        limit ${filter.limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    occurredAt: r.occurred_at,
    action: r.action as UserActivityEntry["action"],
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityLabel: r.entity_label,
    requestId: r.request_id,
  }));
}
