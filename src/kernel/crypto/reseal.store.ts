// Re-seals encrypted columns with the keyring's current key (`keys rotate`, decision 020), and counts values by key.
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { Actor } from "../actor.schema";
import { declareTransactionActor } from "../transaction.store";
import {
  FieldCipherError,
  type FieldCipherFailure,
  type FieldKeyring,
  openField,
  SEALED_FORMAT_PREFIX,
  sealedPrefix,
  sealField,
} from "./field-cipher";

/** One encrypted column: its SQL name, and the context its values are sealed with, from the row's id. */
export type EncryptedColumn = {
  name: string;
  /** The same context the module seals with, e.g. (id) => `incident_person_identity.name:${id}`. */
  context: (id: string) => string;
};

/**
 * A table's encrypted columns, as a module registers them for `keys rotate` (src/cli/commands/encrypted-columns.ts).
 * `idColumn` must be unique and ordered (a primary key): rows are paged through by it.
 */
export type EncryptedColumns = {
  table: string;
  idColumn: string;
  columns: readonly EncryptedColumn[];
};

export type ResealCount = { table: string; column: string; resealed: number };

/** A value that could not be opened, so was left as it was: where it is and why, never what it holds. */
export type ResealFailure = { table: string; column: string; id: string; reason: FieldCipherFailure };

export type ResealResult = { counts: ResealCount[]; failures: ResealFailure[] };

export type ResealOptions = {
  /** Rows per transaction: small enough not to hold locks long, large enough not to crawl. */
  batchSize?: number;
  /** Named to the database's audit triggers, as a service's transaction does (decision 010). */
  actor?: Actor;
};

const DEFAULT_BATCH_SIZE = 500;

/** A value in `column` that is there and not sealed with the current key: what a rotation must re-seal. */
function notCurrent(column: string, prefix: string): SQL {
  return sql`(${sql.identifier(column)} is not null and not starts_with(${sql.identifier(column)}, ${prefix}))`;
}

type Batch = { rows: number; lastId: string | undefined };

/**
 * Re-seals, with the keyring's current key, every value of the spec's columns sealed with another key. Rows are
 * taken in id order, `batchSize` at a time, each batch in its own transaction with its rows locked: an interrupted
 * run keeps what it committed, and running again finishes the rest (values already under the current key are not
 * selected, so a second run changes nothing). A value that does not open (its key is not in the keyring, or it was
 * altered) is left as it is and reported; the run goes on past it.
 */
export async function resealColumns(
  db: Executor,
  spec: EncryptedColumns,
  keyring: FieldKeyring,
  options: ResealOptions = {},
): Promise<ResealResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const prefix = sealedPrefix(keyring.currentKeyId);
  const table = sql.identifier(spec.table);
  const id = sql.identifier(spec.idColumn);
  const counts = new Map(spec.columns.map((column) => [column.name, 0]));
  const failures: ResealFailure[] = [];
  const pending = sql.join(
    spec.columns.map((column) => notCurrent(column.name, prefix)),
    sql` or `,
  );
  const selected = sql.join(
    spec.columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  );

  const resealBatch = (after: string | undefined): Promise<Batch> =>
    db.transaction(async (tx) => {
      if (options.actor) await declareTransactionActor(tx, options.actor);
      const rows = await queryRows<Record<string, string | null> & { reseal_id: string }>(
        tx,
        sql`select ${id}::text as reseal_id, ${selected} from ${table}
            where ${after === undefined ? sql`true` : sql`${id} > ${after}`} and (${pending})
            order by ${id} limit ${batchSize} for update`,
      );
      for (const row of rows) {
        const changes: SQL[] = [];
        for (const column of spec.columns) {
          const value = row[column.name];
          if (value == null || value.startsWith(prefix)) continue;
          const context = column.context(row.reseal_id);
          try {
            const resealed = sealField(keyring, openField(keyring, value, context), context);
            changes.push(sql`${sql.identifier(column.name)} = ${resealed}`);
            counts.set(column.name, (counts.get(column.name) ?? 0) + 1);
          } catch (error) {
            if (!(error instanceof FieldCipherError)) throw error;
            failures.push({
              table: spec.table,
              column: column.name,
              id: row.reseal_id,
              reason: error.reason,
            });
          }
        }
        if (changes.length > 0)
          await tx.execute(
            sql`update ${table} set ${sql.join(changes, sql`, `)} where ${id} = ${row.reseal_id}`,
          );
      }
      return { rows: rows.length, lastId: rows.at(-1)?.reseal_id };
    });

  let after: string | undefined;
  for (;;) {
    const batch = await resealBatch(after);
    if (batch.rows < batchSize) break;
    after = batch.lastId;
  }
  return {
    counts: spec.columns.map((column) => ({
      table: spec.table,
      column: column.name,
      resealed: counts.get(column.name) ?? 0,
    })),
    failures,
  };
}

/** How many values of a column are sealed with a key (`keyId` null: present but not a sealed value at all). */
export type SealedValueCount = { table: string; column: string; keyId: string | null; values: number };

/** Counts the spec's values by the key they are sealed with: which keys the database still needs. */
export async function countSealedValuesByKey(
  db: Executor,
  spec: EncryptedColumns,
): Promise<SealedValueCount[]> {
  const counts: SealedValueCount[] = [];
  for (const column of spec.columns) {
    const value = sql.identifier(column.name);
    const rows = await queryRows<{ key_id: string | null; value_count: number | string }>(
      db,
      sql`select case when starts_with(${value}, ${SEALED_FORMAT_PREFIX}) then split_part(${value}, '.', 2) end as key_id,
                 count(*) as value_count
          from ${sql.identifier(spec.table)} where ${value} is not null
          group by 1 order by 1`,
    );
    for (const row of rows)
      counts.push({
        table: spec.table,
        column: column.name,
        keyId: row.key_id,
        values: Number(row.value_count),
      });
  }
  return counts;
}
