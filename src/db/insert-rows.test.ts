// insertRows writes what Drizzle's own multi-row insert writes, cell for cell, on both engines.
import { asc, sql } from "drizzle-orm";
import { boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import type { DatabaseHandle } from "./client";
import { insertRows, ROWS_PER_INSERT } from "./insert-rows";

// Two temporary tables of the same shape: one written by Drizzle, one by insertRows.
const shape = (name: string) =>
  pgTable(name, {
    n: integer("n").primaryKey(),
    label: text("label"),
    flag: boolean("flag").notNull().default(false),
    day: date("day"),
    at: timestamp("at", { withTimezone: true }),
    ids: uuid("ids").array(),
    words: text("words").array(),
    doc: jsonb("doc").$type<unknown>(),
    made: timestamp("made", { withTimezone: true }).notNull().defaultNow(),
  });
const byDrizzle = shape("insert_rows_drizzle");
const byUnnest = shape("insert_rows_unnest");
const createSql = (name: string) =>
  sql.raw(`create temporary table ${name} (n integer primary key, label text, flag boolean not null default false,
    day date, at timestamptz, ids uuid[], words text[], doc jsonb, made timestamptz not null default now())`);

// What an array parameter and a cast must carry intact.
const tricky = [
  'say "hi"',
  "back\\slash \\",
  "{braces}, commas",
  "NULL",
  "",
  "Imanza z’abana – é",
  "a\tb\nc",
];

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(createSql("insert_rows_drizzle"));
  await handle.db.execute(createSql("insert_rows_unnest"));
});
afterAll(async () => {
  await handle?.close();
});

describe("insertRows", () => {
  it("writes every cell as Drizzle's insert does, in slices, keeping defaults and nulls", async () => {
    const rows = Array.from({ length: ROWS_PER_INSERT + 7 }, (_, i) => ({
      n: i,
      label: i % 5 === 0 ? null : (tricky[i % tricky.length] ?? null),
      flag: i % 2 === 0,
      day: i % 4 === 0 ? null : `2019-0${(i % 9) + 1}-1${i % 10}`,
      at: i % 6 === 0 ? null : new Date(Date.UTC(2020, i % 12, 3, 4, 5, 6, i % 1000)),
      ids:
        i % 3 === 0 ? [] : ["6d1f0a3e-2a55-4a7b-9c1e-000000000001", "6d1f0a3e-2a55-4a7b-9c1e-00000000000f"],
      words: i % 7 === 0 ? null : [tricky[i % tricky.length] ?? "", "NULL", 'q"uote'],
      doc: i % 8 === 0 ? null : { text: tricky[i % tricky.length], nested: { list: [1, "two", null] }, i },
    }));
    await handle.db.insert(byDrizzle).values(rows.slice(0, 1000));
    await handle.db.insert(byDrizzle).values(rows.slice(1000));
    await insertRows(handle.db, byUnnest, rows);
    const read = async (table: typeof byDrizzle) =>
      (await handle.db.select().from(table).orderBy(asc(table.n))).map(({ made, ...rest }) => ({
        ...rest,
        madeRecently: Math.abs(made.getTime() - Date.now()) < 60_000,
      }));
    const expected = await read(byDrizzle);
    expect(expected).toHaveLength(rows.length);
    expect(await read(byUnnest)).toEqual(expected);
  });

  it("appends an on-conflict clause, and gives a left-out cell its column's default", async () => {
    await insertRows(handle.db, byUnnest, [{ n: 0, label: "replaced" }], {
      onConflict: sql`on conflict (n) do update set label = excluded.label`,
    });
    const [row] = await handle.db
      .execute(sql`select label from insert_rows_unnest where n = 0`)
      .then((r) => (r as unknown as { rows: { label: string }[] }).rows);
    expect(row?.label).toBe("replaced");
    // A cell left out takes its column's default, as in Drizzle's insert.
    await insertRows(handle.db, byUnnest, [{ n: -1, flag: true }, { n: -2 }, { n: -3, flag: true }]);
    const flags = await handle.db.execute(
      sql`select n, flag from insert_rows_unnest where n < 0 order by n desc`,
    );
    expect((flags as unknown as { rows: unknown[] }).rows).toEqual([
      { n: -1, flag: true },
      { n: -2, flag: false },
      { n: -3, flag: true },
    ]);
  });
});
