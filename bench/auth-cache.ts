// Prints what resolving the signed-in user costs per API request (issue 20): with the cache of signed-in users
// (a hit reads the auth epoch only) and without it (the epoch raised before each request, so every request reads
// the session, the user, the grants and the organisations as before the cache). PGlite in memory, or
// BENCH_DATABASE_URL (PostgreSQL).
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { migrateDatabase } from "../src/db/migrate";
import { loadBuiltInThemes } from "../src/modules/themes";
import { createTestServer, nationalGrant } from "../tests/factories";
import { openBenchTarget, percentile } from "./bench-kit";

const RUNS = Number(process.env.BENCH_RUNS ?? 400);

const target = await openBenchTarget("ubufatanye_bench_auth_cache");
try {
  await migrateDatabase(target.handle);
  await loadBuiltInThemes(target.handle.db);
  const server = createTestServer(target.handle);
  const { client } = await server.signInAs([nationalGrant("viewer")]);
  // /api/me: the smallest answer that needs the signed-in user, so the user's resolution is most of its cost.
  const measure = async (miss: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (miss) await target.handle.db.execute(sql`update auth_epoch set value = value + 1`);
      const started = performance.now();
      const res = await client.request("/api/me");
      await res.arrayBuffer();
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`GET /api/me: ${res.status}`);
    }
    return times.sort((a, b) => a - b);
  };
  await measure(false); // warm-up
  const rows: [string, number[]][] = [];
  for (let round = 0; round < 2; round++) {
    rows.push(["without the cache (epoch raised each time)", await measure(true)]);
    rows.push(["with the cache (hit)", await measure(false)]);
  }
  console.log(`Signed-in user per request, ${target.label}, ${RUNS} GET /api/me each, alternating:`);
  for (const [label, t] of rows)
    console.log(
      `  ${label.padEnd(44)} p50 ${percentile(t, 50).toFixed(2)} ms  p95 ${percentile(t, 95).toFixed(2)} ms`,
    );
} finally {
  await target.dispose();
}
