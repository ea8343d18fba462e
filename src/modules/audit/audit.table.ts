// The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE, see migration).
import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.occurredAt),
    index("audit_log_actor_idx").on(t.actorUserId, t.occurredAt),
  ],
);
