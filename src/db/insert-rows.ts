// Many rows into one table as one array parameter per column (`insert … select … from unnest(…)`): a multi-row
// VALUES of thousands of rows made Drizzle build a parameter per cell (its `is()` checks and SQL building were
// ~1.1 s of a 2,000-row import's transaction, issue 20) and the database parse and plan a statement as long.
import { getTableColumns, getTableName, is, SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { arrayParam, type Executor } from "./client";

/** Rows per statement: the arrays are single parameters, so this bounds memory, not the parameter count. */
export const ROWS_PER_INSERT = 2_000;

/** A cell as text, as PostgreSQL reads it back through a cast to the column's type (null stays null). */
function cellText(table: PgTable, column: PgColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (is(value, SQL))
    throw new Error(
      `insertRows: ${getTableName(table)}.${column.name} is given as SQL; write it with Drizzle`,
    );
  const driver: unknown = column.mapToDriverValue(value);
  if (typeof driver === "string") return driver;
  if (typeof driver === "number" || typeof driver === "boolean" || typeof driver === "bigint")
    return String(driver);
  if (driver instanceof Date) return driver.toISOString();
  throw new Error(`insertRows: ${getTableName(table)}.${column.name} holds a value with no text form`);
}

/**
 * Inserts `rows` in the order given, at most ROWS_PER_INSERT a statement. A cell left out (undefined) takes the
 * column's default, as in Drizzle's insert: rows that leave out different defaulted columns go in separate
 * statements (each run of rows alike, in order). `onConflict` is appended as written (`on conflict (…) do …`).
 */
export async function insertRows<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T["$inferInsert"][],
  options: { onConflict?: SQL } = {},
): Promise<void> {
  const cells = rows as readonly Record<string, unknown>[];
  const all = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const defaulted = all.filter(([, column]) => column.hasDefault);
  const signature = (row: Record<string, unknown>) =>
    defaulted.map(([key]) => (row[key] === undefined ? "0" : "1")).join("");
  for (let start = 0; start < cells.length; ) {
    const kind = signature(cells[start] as Record<string, unknown>);
    let end = start + 1;
    while (
      end < cells.length &&
      end - start < ROWS_PER_INSERT &&
      signature(cells[end] as Record<string, unknown>) === kind
    )
      end++;
    await insertAlike(db, table, all, cells.slice(start, end), options.onConflict);
    start = end;
  }
}

/** One statement: rows that leave out the same defaulted columns. */
async function insertAlike(
  db: Executor,
  table: PgTable,
  all: [string, PgColumn][],
  rows: readonly Record<string, unknown>[],
  onConflict: SQL | undefined,
): Promise<void> {
  const columns = all.filter(([key]) => rows.some((row) => row[key] !== undefined));
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const aliases = columns.map((_, i) => sql.identifier(`c${i}`));
  const casts = sql.join(
    columns.map(([, column], i) => sql`t.${aliases[i]}::${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  const arrays = sql.join(
    columns.map(([key, column]) =>
      arrayParam(
        rows.map((row) => cellText(table, column, row[key])),
        "text",
      ),
    ),
    sql`, `,
  );
  await db.execute(sql`insert into ${table} (${names})
    select ${casts} from unnest(${arrays}) with ordinality as t(${sql.join(aliases, sql`, `)}, n)
    order by t.n ${onConflict ?? sql``}`);
}

/** A table whose rows are found by a uuid `id` column. */
type TableWithId = PgTable & { id: PgColumn; $inferInsert: { id?: string }; $inferSelect: { id: string } };

/**
 * Inserts rows given their ids (chosen by the caller), then reads them back with their defaults, in the order given:
 * two statements per ROWS_PER_INSERT rows, whatever order the database returns them in.
 */
export async function insertRowsAndRead<T extends TableWithId>(
  db: Executor,
  table: T,
  rows: readonly (T["$inferInsert"] & { id: string })[],
): Promise<T["$inferSelect"][]> {
  if (rows.length === 0) return [];
  await insertRows(db, table, rows);
  const read = (await db
    .select()
    .from(table as PgTable)
    .where(
      sql`${table.id} = any(${arrayParam(
        rows.map((r) => r.id),
        "uuid",
      )})`,
    )) as T["$inferSelect"][];
  const byId = new Map(read.map((r) => [r.id, r]));
  return rows.map((r) => {
    const found = byId.get(r.id);
    if (!found) throw new Error(`insertRowsAndRead: ${getTableName(table)} wrote fewer rows than given`);
    return found;
  });
}
