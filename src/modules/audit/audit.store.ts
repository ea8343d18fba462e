// Queries on the audit log: insert and read, nothing else (the database refuses the rest).
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { AuditEntry } from "./audit.schema";
import { type AuditChanges, auditLogTable } from "./audit.table";

export type NewAuditEntry = {
  actorUserId: string | null;
  actorLabel: string;
  action: AuditEntry["action"];
  entityType: string;
  entityId: string;
  entityLabel: string | null;
  changes: AuditChanges;
};

export async function insertAuditEntry(db: Executor, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLogTable).values(entry);
}

/** Several entries in one statement per 500, in the order given. */
export async function insertAuditEntries(db: Executor, entries: readonly NewAuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500)
    await db.insert(auditLogTable).values(entries.slice(i, i + 500));
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
