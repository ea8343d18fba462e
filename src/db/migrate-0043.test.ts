// Migration 0043 (library text in parts) on a database whose texts were read before it: each text is moved into
// parts of about 4,000 characters that join back to it (a file without text gets a first part with its title), and
// a phrase at the end of a long one, or of a title, is then found.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { migrateFrom, migrateUpTo, migrationWith } from "../../tests/migration-replay";
import { searchLibraryEntries } from "../modules/library";
import { type DatabaseHandle, queryRows } from "./client";

let handle: DatabaseHandle;
const PARTS = migrationWith('CREATE TABLE "library_text_part"');

const LONG_ID = "5d0f6f4e-4a57-4e0e-9d35-7c1b3f0c2a01";
const SHORT_ID = "5d0f6f4e-4a57-4e0e-9d35-7c1b3f0c2a02";
const LOCKED_ID = "5d0f6f4e-4a57-4e0e-9d35-7c1b3f0c2a03";
// 700 lines naming "justice" 700 times, then the phrase: past the 256 places one vector keeps of a word.
const LONG_TEXT = `${Array.from({ length: 700 }, (_, i) => `Ligne ${i}: la justice de proximité à Musanze.`).join("\n")}
Enfin, la justice réparatrice reste rare à Rubavu.`;

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  await migrateUpTo(handle, PARTS);
  for (const [id, title, body] of [
    [LONG_ID, "Rapport annuel", LONG_TEXT],
    [SHORT_ID, "Note brève", "Une seule ligne."],
    [LOCKED_ID, "Rapport confidentiel", ""],
  ] as const) {
    await handle.db.execute(sql`insert into library_document (id, title, kind, language, file_name, content_type,
        size_bytes, sha256, data, uploaded_by)
      values (${id}, ${title}, 'report', 'fr', 'r.docx', 'application/pdf', 1, 'x', '\\x00'::bytea, 'before 0043')`);
    await handle.db.execute(sql`insert into library_text (source, source_id, status, language, title, body, search)
      values ('document', ${id}, ${body ? "extracted" : "not_extracted"}, 'fr', ${title}, ${body},
        to_tsvector('french', ${title}) || to_tsvector('french', ${body}))`);
  }
});
afterAll(async () => {
  await handle?.close();
});

describe("migration 0043 (library text in parts)", () => {
  it("is the migration that makes library_text_part", () => {
    expect(PARTS).toBe(43);
  });

  it("moves each text into parts that join back to it, and a phrase at the end of a long one is found", async () => {
    await migrateFrom(handle, PARTS);
    const parts = await queryRows<{ source_id: string; n: number; whole: string; longest: number }>(
      handle.db,
      sql`select source_id, count(*)::int as n, string_agg(body, '' order by part) as whole,
          max(length(body))::int as longest
        from library_text_part group by source_id order by source_id`,
    );
    expect(parts).toEqual([
      { source_id: LONG_ID, n: expect.any(Number), whole: LONG_TEXT, longest: expect.any(Number) },
      { source_id: SHORT_ID, n: 1, whole: "Une seule ligne.", longest: 16 },
      // Its text could not be read: a first part that holds its title only.
      { source_id: LOCKED_ID, n: 1, whole: "", longest: 0 },
    ]);
    expect(parts[0]?.n).toBeGreaterThan(6);
    expect(parts[0]?.longest).toBeLessThanOrEqual(4100);
    const ctx = { db: handle.db, actor: { kind: "system" as const, label: "test" } };
    const { items } = await searchLibraryEntries(ctx, { q: '"justice réparatrice"' });
    expect(items.map((h) => h.id)).toEqual([LONG_ID]);
    expect(items[0]?.extract.map((p) => p.text).join("")).toContain("justice réparatrice");
    // A phrase of a title, with or without the text.
    const titled = await searchLibraryEntries(ctx, { q: '"rapport confidentiel"' });
    expect(titled.items.map((h) => h.id)).toEqual([LOCKED_ID]);
    const annual = await searchLibraryEntries(ctx, { q: '"rapport annuel"' });
    expect(annual.items.map((h) => h.id)).toEqual([LONG_ID]);
  });
});
