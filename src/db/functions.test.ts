// SQL function sources (src/db/functions/) against the migrations and the migrated database, and the generator itself.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { type DatabaseHandle, type Executor, queryRows } from "./client";
import {
  FUNCTIONS_FOLDER,
  parseFunctionStatements,
  planFunctionMigration,
  readFunctionSources,
  readMigratedFunctions,
  writeFunctionMigration,
} from "./functions/generate";
import { checkMigrationHistory, MIGRATIONS_FOLDER, migrateDatabase } from "./migrate";

type ProcRow = {
  name: string;
  args: string;
  result: string;
  language: string;
  volatility: string;
  body: string;
};

/** Functions of the public schema that no extension brought (pg_trgm's live there too). */
async function ownFunctions(db: Executor): Promise<ProcRow[]> {
  return queryRows<ProcRow>(
    db,
    sql`select p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
          pg_get_function_result(p.oid) as result, l.lanname as language,
          case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end as volatility,
          p.prosrc as body
        from pg_proc p join pg_language l on l.oid = p.prolang
        where p.pronamespace = 'public'::regnamespace
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                          and d.deptype = 'e')
        order by p.proname, args`,
  );
}

const sources = readFunctionSources();

describe("SQL function sources", () => {
  it("are exactly what the migrations define (run `npm run db:functions` after editing one)", () => {
    const plan = planFunctionMigration();
    expect(plan.problems).toEqual([]);
    expect(
      plan.changes.map((c) => `${c.source.name} differs from ${c.previous?.migration ?? "every migration"}`),
    ).toEqual([]);
  });

  it("cover every function statement the migrations hold (none escapes the parser)", () => {
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    const text = migrations.flatMap((m) => m.sql).join("\n");
    // Public functions: another schema's (pg-boss's, migration 0024) are not this generator's.
    const written =
      text.match(/^\s*create\s+(or\s+replace\s+)?function\s+(?!"?(?!public\b)[a-z_][a-z0-9_]*"?\.)/gim) ?? [];
    const parsed = parseFunctionStatements(text).filter((f) => f.kind === "create");
    expect(parsed).toHaveLength(written.length);
    const defined = [...readMigratedFunctions().values()].filter((f) => f.state === "defined");
    expect(defined.map((f) => f.name).sort()).toEqual(sources.map((s) => s.name).sort());
  });
});

describe("the migrated database", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("holds each source's function as written: body, arguments, result, language, volatility", async () => {
    const functions = await ownFunctions(handle.db);
    for (const source of sources) {
      const found = functions.filter((f) => f.name === source.name);
      expect(found, source.name).toHaveLength(1);
      expect(found[0], source.name).toEqual({
        name: source.name,
        args: source.args,
        result: source.returns,
        language: source.language,
        volatility: source.volatility,
        body: source.body,
      });
    }
  });

  it("has no function of its own without a source file", async () => {
    const functions = await ownFunctions(handle.db);
    expect(functions.map((f) => f.name).sort()).toEqual(sources.map((s) => s.name).sort());
  });
});

describe("the generator, on a copy of the migrations", () => {
  let work: string;
  let functionsFolder: string;
  let migrationsFolder: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "ubuf-functions-"));
    functionsFolder = join(work, "functions");
    migrationsFolder = join(work, "migrations");
    cpSync(FUNCTIONS_FOLDER, functionsFolder, { recursive: true, filter: (f) => !f.endsWith(".ts") });
    cpSync(MIGRATIONS_FOLDER, migrationsFolder, { recursive: true });
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });
  const folders = () => ({ functionsFolder, migrationsFolder });

  it("writes nothing while the sources match", () => {
    const plan = planFunctionMigration(folders());
    expect(plan).toEqual({ changes: [], problems: [] });
    expect(writeFunctionMigration(plan, { migrationsFolder })).toBeNull();
  });

  it("refuses a changed argument list and a function without a source, saying what to do", () => {
    const file = join(functionsFolder, "agreement_facets_mark.sql");
    const original = readFileSync(file, "utf8");
    try {
      writeFileSync(
        file,
        original.replace("agreement_facets_mark(ids uuid[])", "agreement_facets_mark(ids text[])"),
      );
      rmSync(join(functionsFolder, "agreement_list_changed.sql"));
      const plan = planFunctionMigration(folders());
      expect(plan.changes).toEqual([]);
      expect(plan.problems).toEqual([
        expect.stringMatching(/^agreement_facets_mark: its arguments .* hand-written migration/),
        expect.stringMatching(/^agreement_list_changed is defined by migration 0046_.* has no source file/),
      ]);
      expect(() => writeFunctionMigration(plan, { migrationsFolder })).toThrow(/agreement_facets_mark/);
    } finally {
      writeFileSync(file, original);
      cpSync(
        join(FUNCTIONS_FOLDER, "agreement_list_changed.sql"),
        join(functionsFolder, "agreement_list_changed.sql"),
      );
    }
  });

  it("turns an edited source into the next migration, which both databases apply as written", async () => {
    const file = join(functionsFolder, "audit_log_refuse_change.sql");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "'audit_log is append-only: % is not allowed'",
        "'audit_log is append-only (generated): % is not allowed'",
      ),
    );
    const plan = planFunctionMigration(folders());
    expect(plan.problems).toEqual([]);
    expect(plan.changes.map((c) => [c.source.name, c.previous?.migration])).toEqual([
      ["audit_log_refuse_change", "0002_audit_append_only"],
    ]);
    const journalBefore = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8"));
    const written = writeFunctionMigration(plan, { migrationsFolder, now: 0 });
    const last = journalBefore.entries.at(-1);
    const idx = last.idx + 1;
    const prefix = String(idx).padStart(4, "0");
    expect(written?.tag).toBe(`${prefix}_function_audit_log_refuse_change`);

    // drizzle-kit's layout: journal entry after the last (even with a clock behind it), snapshot chained to the last.
    const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8"));
    expect(journal.entries.at(-1)).toEqual({
      idx,
      version: "7",
      when: last.when + 1,
      tag: written?.tag,
      breakpoints: true,
    });
    const snapshotOf = (p: string) =>
      JSON.parse(readFileSync(join(migrationsFolder, "meta", `${p}_snapshot.json`), "utf8"));
    const previous = snapshotOf(last.tag.slice(0, 4));
    const snapshot = snapshotOf(prefix);
    expect(snapshot.prevId).toBe(previous.id);
    expect(snapshot.id).not.toBe(previous.id);
    expect(snapshot.tables).toEqual(previous.tables);
    expect(planFunctionMigration(folders())).toEqual({ changes: [], problems: [] });

    const db = await createTestDatabase({ as: "owner" });
    try {
      await migrateDatabase(db, migrationsFolder, { asOwner: true });
      await checkMigrationHistory(db.db, migrationsFolder);
      const applied = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      // One applied row per journal entry (idx may skip a number a parallel branch holds, as 0039 did for 0040).
      expect(Number(applied[0]?.n)).toBe(journal.entries.length);
      const [proc] = (await ownFunctions(db.db)).filter((f) => f.name === "audit_log_refuse_change");
      expect(proc?.body).toBe(plan.changes[0]?.source.body);
      expect(proc?.body).toContain("(generated)");
      const refused = await db.db.execute(sql`truncate audit_log`).then(
        () => "truncated",
        (e: unknown) => {
          const messages: string[] = [];
          for (let c = e; c instanceof Error; c = c.cause) messages.push(c.message);
          return messages.join(" | ");
        },
      );
      expect(refused).toContain("audit_log is append-only (generated): TRUNCATE is not allowed");
    } finally {
      await db.close();
    }
  });
});
