// Whether an executor already is a transaction: drizzle's own class says so, and only stores import drizzle.
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../db/client";

export function isTransaction(db: Executor): db is Transaction {
  return db instanceof PgTransaction;
}
