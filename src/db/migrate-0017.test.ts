// Migration 0017 on a database that already holds imported 3W rows: each file becomes one import, rows kept.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { MIGRATIONS, migrateUpTo, migrationWith, runStatements } from "../../tests/migration-replay";
import { type DatabaseHandle, queryRows } from "./client";

let handle: DatabaseHandle;
const IMPORTS = migrationWith('CREATE TABLE "reported_import"');
const run = (statements: readonly string[]) => runStatements(handle, statements);

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  // Back to an empty database, then every migration before 0017, as a server of the previous version left it.
  await migrateUpTo(handle, IMPORTS);
});
afterAll(async () => {
  await handle?.close();
});

describe("migration 0017 (reported imports)", () => {
  it("is the migration that creates reported_import", () => {
    expect(IMPORTS).toBe(17);
  });

  it("turns each earlier import into one listed import with its rows, file name, author and date", async () => {
    await run([
      `insert into theme (code, names) values ('legal_aid', '{"en":"Legal aid","fr":"Aide juridique","rw":"Ubufasha"}')`,
      `insert into organisation (id, name, name_key, kind, search_text)
         values ('11111111-1111-4111-8111-111111111111', 'Lawyers of Hope', 'lawyers of hope', 'local_cso', 'lawyers of hope')`,
      `insert into place (id, code, kind, name, names, search_text)
         values ('22222222-2222-4222-8222-222222222222', 'RW-D42', 'district', 'Gakenke',
           '{"en":"Gakenke","fr":"Gakenke","rw":"Gakenke"}', 'gakenke')`,
      ...[
        ["aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "a.csv", 3, "2026-03-01T08:00:00Z"],
        ["aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "a.csv", 4, "2026-03-01T08:00:00Z"],
        ["bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "b.csv", 3, "2026-04-02T09:30:00Z"],
      ].map(
        ([importId, file, line, at]) =>
          `insert into reported_presence (import_id, source_name, source_line, organisation_id, theme_code, place_id, imported_by, imported_at)
             values ('${importId}', '${file}', ${line}, '11111111-1111-4111-8111-111111111111', 'legal_aid',
               '22222222-2222-4222-8222-222222222222', 'Officer A', '${at}')`,
      ),
    ]);
    const [imports] = MIGRATIONS.slice(IMPORTS, IMPORTS + 1);
    await run(imports?.sql ?? []);

    const listed = await queryRows<{
      id: string;
      file_name: string;
      row_count: number;
      imported_by: string;
      at: string;
      hash: string | null;
    }>(
      handle.db,
      sql`select id, file_name, row_count, imported_by, to_char(imported_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at,
            content_sha256 as hash from reported_import order by file_name`,
    );
    expect(listed).toEqual([
      {
        id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        file_name: "a.csv",
        row_count: 2,
        imported_by: "Officer A",
        at: "2026-03-01 08:00",
        hash: null,
      },
      {
        id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
        file_name: "b.csv",
        row_count: 1,
        imported_by: "Officer A",
        at: "2026-04-02 09:30",
        hash: null,
      },
    ]);
    // The rows now belong to their import: deleting it deletes them.
    await run(["delete from reported_import where file_name = 'a.csv'"]);
    const left = await queryRows<{ import_id: string }>(
      handle.db,
      sql`select import_id from reported_presence`,
    );
    expect(left).toEqual([{ import_id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" }]);
  });
});
