// Re-sealing after a new key: every value moves to the current key, batch by batch, once; what cannot open is reported.
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { type FieldKeyring, openField, sealedKeyId, sealField } from "./field-cipher";
import { countSealedValuesByKey, type EncryptedColumns, resealColumns } from "./reseal.store";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const onlyA: FieldKeyring = { currentKeyId: "kA", keys: new Map([["kA", keyA]]) };
const bCurrent: FieldKeyring = {
  currentKeyId: "kB",
  keys: new Map([
    ["kA", keyA],
    ["kB", keyB],
  ]),
};

const TABLE = "reseal_probe";
const context = (column: string) => (id: string) => `${TABLE}.${column}:${id}`;
const spec: EncryptedColumns = {
  table: TABLE,
  idColumn: "id",
  columns: [
    { name: "name", context: context("name") },
    { name: "contact", context: context("contact") },
  ],
};

/** Names no failure report or error may carry. */
const CANARY = "Canary Nyiraneza-4b1d";

type ProbeRow = { id: string; name: string | null; contact: string | null; note: string };

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
});

afterAll(async () => {
  await handle?.close();
});

beforeEach(async () => {
  await handle.db.execute(sql`drop table if exists reseal_probe`);
  // A uuid key: the keyset compares it with the last id read back as text, which PostgreSQL must cast.
  await handle.db.execute(
    sql`create table reseal_probe (id uuid primary key, name text not null, contact text, note text not null)`,
  );
});

/** `count` rows, ids in random order, names and every other contact sealed with `keyring`; plain notes. */
async function insertRows(
  count: number,
  keyring: FieldKeyring,
): Promise<Map<string, { name: string; contact: string | null }>> {
  const plain = new Map<string, { name: string; contact: string | null }>();
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const name = `${CANARY} ${i} — Ntibagiranwa`;
    const contact = i % 2 === 0 ? `+250 78${String(i).padStart(7, "0")}` : null;
    plain.set(id, { name, contact });
    await handle.db.execute(
      sql`insert into reseal_probe (id, name, contact, note) values (${id}, ${sealField(keyring, name, context("name")(id))},
            ${contact === null ? null : sealField(keyring, contact, context("contact")(id))}, ${`note ${i}`})`,
    );
  }
  return plain;
}

const readRows = () =>
  queryRows<ProbeRow>(
    handle.db,
    sql`select id::text as id, name, contact, note from reseal_probe order by id`,
  );

describe("resealColumns", () => {
  it("re-seals every value with the current key, in batches, and a second run changes nothing", async () => {
    const plain = await insertRows(23, onlyA);
    // Rows sealed after the new key came in: already current, left byte for byte as they are.
    const fresh = await insertRows(3, bCurrent);
    const freshBefore = (await readRows()).filter((row) => fresh.has(row.id));

    const first = await resealColumns(handle.db, spec, bCurrent, { batchSize: 4 });
    expect(first.failures).toEqual([]);
    expect(first.counts).toEqual([
      { table: TABLE, column: "name", resealed: 23 },
      { table: TABLE, column: "contact", resealed: 12 },
    ]);

    const after = await readRows();
    expect(after).toHaveLength(26);
    for (const row of after) {
      const expected = plain.get(row.id) ?? fresh.get(row.id);
      if (!row.name || !expected) throw new Error(`row ${row.id} lost its name`);
      expect(sealedKeyId(row.name)).toBe("kB");
      expect(openField(bCurrent, row.name, context("name")(row.id))).toBe(expected.name);
      if (expected.contact === null) expect(row.contact).toBeNull();
      else {
        expect(row.contact && sealedKeyId(row.contact)).toBe("kB");
        expect(openField(bCurrent, row.contact ?? "", context("contact")(row.id))).toBe(expected.contact);
      }
      // Key B alone opens them: nothing still needs key A.
      const onlyB: FieldKeyring = { currentKeyId: "kB", keys: new Map([["kB", keyB]]) };
      expect(openField(onlyB, row.name, context("name")(row.id))).toBe(expected.name);
    }
    expect(after.filter((row) => fresh.has(row.id))).toEqual(freshBefore);
    expect(after.map((row) => row.note).sort()).toEqual(
      [...Array.from({ length: 23 }, (_, i) => `note ${i}`), "note 0", "note 1", "note 2"].sort(),
    );
    expect(await countSealedValuesByKey(handle.db, spec)).toEqual([
      { table: TABLE, column: "name", keyId: "kB", values: 26 },
      { table: TABLE, column: "contact", keyId: "kB", values: 14 },
    ]);

    const second = await resealColumns(handle.db, spec, bCurrent, { batchSize: 4 });
    expect(second).toEqual({
      counts: [
        { table: TABLE, column: "name", resealed: 0 },
        { table: TABLE, column: "contact", resealed: 0 },
      ],
      failures: [],
    });
    expect(await readRows()).toEqual(after);
  });

  it("finishes after an interruption: committed batches stay re-sealed, the broken one is rolled back", async () => {
    const plain = await insertRows(10, onlyA);
    const ids = [...plain.keys()].sort();
    const breakAt = ids[6] ?? "";
    const breaking: EncryptedColumns = {
      ...spec,
      columns: spec.columns.map((column) => ({
        name: column.name,
        context: (id: string) => {
          if (id === breakAt) throw new Error("interrupted");
          return column.context(id);
        },
      })),
    };
    await expect(resealColumns(handle.db, breaking, bCurrent, { batchSize: 4 })).rejects.toThrow(
      "interrupted",
    );
    const keyIds = (await readRows()).map((row) => sealedKeyId(row.name ?? ""));
    // Batch one (ids 0-3) committed; batch two (4-7) broke at id 6 and was rolled back, 4 and 5 with it.
    expect(keyIds).toEqual(["kB", "kB", "kB", "kB", "kA", "kA", "kA", "kA", "kA", "kA"]);

    const rerun = await resealColumns(handle.db, spec, bCurrent, { batchSize: 4 });
    expect(rerun.counts.find((count) => count.column === "name")?.resealed).toBe(6);
    expect(rerun.failures).toEqual([]);
    for (const row of await readRows()) {
      expect(sealedKeyId(row.name ?? "")).toBe("kB");
      expect(openField(bCurrent, row.name ?? "", context("name")(row.id))).toBe(plain.get(row.id)?.name);
    }
  });

  it("leaves a value that does not open as it is and reports where it is and why, never what it holds", async () => {
    const plain = await insertRows(6, onlyA);
    const [moved, from, foreign, clear] = [...plain.keys()].sort();
    const other: FieldKeyring = { currentKeyId: "kC", keys: new Map([["kC", randomBytes(32)]]) };
    // A name copied from another row; a contact sealed with a key this keyring lacks; a name left in the clear.
    await handle.db.execute(
      sql`update reseal_probe set name = (select name from reseal_probe where id = ${from}) where id = ${moved}`,
    );
    await handle.db.execute(
      sql`update reseal_probe set contact = ${sealField(other, "+250 780000000", context("contact")(foreign ?? ""))} where id = ${foreign}`,
    );
    await handle.db.execute(
      sql`update reseal_probe set name = ${`${CANARY} in the clear`} where id = ${clear}`,
    );
    const before = await readRows();

    const result = await resealColumns(handle.db, spec, bCurrent, { batchSize: 4 });
    expect(result.failures).toEqual(
      expect.arrayContaining([
        { table: TABLE, column: "name", id: moved, reason: "tampered" },
        { table: TABLE, column: "contact", id: foreign, reason: "unknown-key" },
        { table: TABLE, column: "name", id: clear, reason: "malformed" },
      ]),
    );
    expect(result.failures).toHaveLength(3);
    expect(JSON.stringify(result)).not.toContain("Canary");
    expect(result.counts.find((count) => count.column === "name")?.resealed).toBe(4);

    const after = await readRows();
    const unchanged = (id: string | undefined, column: "name" | "contact") =>
      expect(after.find((row) => row.id === id)?.[column]).toBe(
        before.find((row) => row.id === id)?.[column],
      );
    unchanged(moved, "name");
    unchanged(foreign, "contact");
    unchanged(clear, "name");
    // The good values of those rows moved on all the same.
    expect(sealedKeyId(after.find((row) => row.id === foreign)?.name ?? "")).toBe("kB");

    const counts = await countSealedValuesByKey(handle.db, spec);
    expect(counts).toEqual(
      expect.arrayContaining([
        { table: TABLE, column: "name", keyId: "kA", values: 1 },
        { table: TABLE, column: "name", keyId: "kB", values: 4 },
        { table: TABLE, column: "name", keyId: null, values: 1 },
        { table: TABLE, column: "contact", keyId: "kC", values: 1 },
      ]),
    );
  });
});
