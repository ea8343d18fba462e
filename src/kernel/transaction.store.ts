// Whether an executor already is a transaction, and naming the transaction's actor for the database's own audit rows.
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../db/client";
import type { Actor } from "./actor.schema";

export function isTransaction(db: Executor): db is Transaction {
  return db instanceof PgTransaction;
}

/**
 * Tells the database who acts in this transaction (transaction-local settings, gone at commit), so that the audit
 * rows its triggers write (rows removed by a cascade, role grants: decision 010) name the same actor as the service's.
 */
export async function declareTransactionActor(tx: Transaction, actor: Actor): Promise<void> {
  await tx.execute(
    sql`select set_config('ubufatanye.actor_user_id', ${actor.kind === "user" ? actor.userId : ""}, true),
               set_config('ubufatanye.actor_label', ${actor.label}, true)`,
  );
}
