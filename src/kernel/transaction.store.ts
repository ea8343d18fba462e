// Whether an executor already is a transaction, and naming the transaction's actor for the database's own audit rows.
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../db/client";
import type { Actor } from "./actor.schema";

export function isTransaction(db: Executor): db is Transaction {
  return db instanceof PgTransaction;
}

/**
 * Tells the database who acts in this transaction, and for which request (transaction-local settings, gone at
 * commit), so that the audit rows its triggers write (rows removed by a cascade, role grants: decision 010) name the
 * same actor as the service's. The request id reaches every audit row of the transaction this way: audit_log's
 * `request_id` defaults to the setting, so the ~50 `recordChange(tx, actor, …)` call sites and the triggers need no
 * new argument.
 */
export async function declareTransactionActor(
  tx: Transaction,
  actor: Actor,
  requestId?: string,
): Promise<void> {
  await tx.execute(
    sql`select set_config('ubufatanye.actor_user_id', ${actor.kind === "user" ? actor.userId : ""}, true),
               set_config('ubufatanye.actor_label', ${actor.label}, true),
               set_config('ubufatanye.request_id', ${requestId ?? ""}, true)`,
  );
}
