// Prints how many SQL statements the import of the RCS seed sends per row, and which ones, on a scratch
// PostgreSQL database (BENCH_DATABASE_URL: a server where the user may create databases). A report, not a test.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { applyStatusReportImport } from "../src/modules/imports";
import { loadReferencePlaces } from "../src/modules/places";
import { loadBuiltInThemes } from "../src/modules/themes";

const MAX_QUERIES_PER_ROW = 10;

type QueryArgument = string | { text?: string } | undefined;
const statements = new Map<string, number>();
let counting = false;
// Every statement drizzle sends over node-postgres goes through Client#query: count them by their first words.
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0] as QueryArgument;
    const text = typeof first === "string" ? first : (first?.text ?? "?");
    const key = text.replace(/\s+/g, " ").slice(0, 100);
    statements.set(key, (statements.get(key) ?? 0) + 1);
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    console.log("Import queries: set BENCH_DATABASE_URL (a PostgreSQL server) to count them; skipped.");
    return;
  }
  const name = `ubuf_bench_queries_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgresql", url: target.toString() });
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    await loadBuiltInThemes(handle.db);
    const bytes = new Uint8Array(
      readFileSync(new URL("../fixtures/status-report-rcs-000.txt", import.meta.url)),
    );
    counting = true;
    const started = performance.now();
    const result = await applyStatusReportImport(
      { db: handle.db, actor: { kind: "system", label: "bench" } },
      { name: "status-report-rcs-000.txt", bytes },
      { institution: "Rwanda Correctional Service" },
    );
    const ms = performance.now() - started;
    counting = false;
    const rows = result.counts.agreementsCreated + result.counts.memberships;
    const total = [...statements.values()].reduce((a, b) => a + b, 0);
    const perRow = total / rows;
    console.log("");
    console.log(`Import queries — database: PostgreSQL (${target.host})`);
    console.log(
      `${"seed document: statements per row".padEnd(48)} ${perRow.toFixed(1).padStart(7)}     target < ${MAX_QUERIES_PER_ROW}${perRow > MAX_QUERIES_PER_ROW ? "  OVER" : ""}`,
    );
    console.log(`(${total} statements for ${rows} rows in ${(ms / 1000).toFixed(2)} s; the most frequent:)`);
    for (const [text, n] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`${String(n).padStart(6)}  ${text}`);
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
