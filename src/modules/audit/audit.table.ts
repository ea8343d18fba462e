// The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE, see migration 0002) and hash-chained
// (the insert trigger audit_log_chain sets chain_seq, previous_hash and hash on every row; see decision 010).
import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

export const auditLogTable = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: text("actor_user_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    entityLabel: text("entity_label"),
    changes: jsonb("changes").$type<AuditChanges>().notNull(),
    // The HTTP request that wrote the row (null for the CLI, jobs, and rows written before migration 0030). A writer
    // may give it; else the transaction's declared one (kernel declareTransactionActor), which is how rows written by
    // recordChange(tx, actor, …) and by the database's triggers get it without every call site passing it on.
    requestId: text("request_id").default(sql`nullif(current_setting('ubufatanye.request_id', true), '')`),
    // Set by the database on insert, whatever a writer sends: the row's place in the chain (1, 2, 3 … without gaps),
    // the hash of the row before it, and sha256(previous_hash, the row's canonical text).
    chainSeq: bigint("chain_seq", { mode: "number" }).notNull().default(0),
    previousHash: text("previous_hash").notNull().default(""),
    hash: text("hash").notNull().default(""),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.occurredAt),
    index("audit_log_actor_idx").on(t.actorUserId, t.occurredAt),
    uniqueIndex("audit_log_chain_seq_idx").on(t.chainSeq),
    // The recent-changes feed (issue 22, decision 024): writes newest first, walked backwards until a page is full,
    // without the reads that make up most of the log.
    index("audit_log_write_seq_idx").on(t.chainSeq).where(sql`${t.action} in ('create', 'update', 'delete')`),
  ],
);
