// Prints how long organisation search takes with 10,000 organisations (PGlite, or BENCH_DATABASE_URL).
import { performance } from "node:perf_hooks";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { listOrganisations } from "../src/modules/organisations/organisations.service";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import { buildSearchText, normaliseForSearch } from "../src/shared/search-text";
import { ORG_WORDS } from "./agreements-data";

const COUNT = Number(process.env.BENCH_ORGANISATIONS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WORDS = ORG_WORDS;

function nameFor(i: number): string {
  const pick = (k: number) => WORDS[(i * 7 + k * 13 + Math.floor(i / (k + 3))) % WORDS.length];
  return `${pick(1)} ${pick(2)} ${pick(3)} ${i}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const handle = await openDatabase(url ? { kind: "postgresql", url } : { kind: "pglite-memory" });
  await migrateDatabase(handle);
  await handle.db.delete(organisationTable);
  const started = performance.now();
  for (let start = 0; start < COUNT; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(COUNT, start + 1000); i++) {
      const name = nameFor(i);
      rows.push({
        name,
        nameKey: normaliseForSearch(name),
        kind: "local_cso",
        searchText: buildSearchText([name]),
      });
    }
    await handle.db.insert(organisationTable).values(rows);
  }
  console.log(
    `database: ${handle.kind}; ${COUNT} organisations inserted in ${Math.round(performance.now() - started)} ms`,
  );

  const ctx = { db: handle.db, actor: { kind: "system" as const, label: "bench" } };
  const cases: Array<[string, Parameters<typeof listOrganisations>[1]]> = [
    ["first page, no search", { limit: 50, offset: 0 }],
    ["search exact word 'fellowship'", { q: "fellowship", limit: 50, offset: 0 }],
    ["search misspelled 'felowship bymba'", { q: "felowship bymba", limit: 50, offset: 0 }],
    ["filter kind + search 'kigali'", { q: "kigali", kind: "local_cso", limit: 50, offset: 0 }],
  ];
  for (const [label, query] of cases) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await listOrganisations(ctx, query);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(40)} p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`,
    );
  }
  console.log(`rss ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
  await handle.close();
}

await main();
