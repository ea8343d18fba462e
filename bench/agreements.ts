// Prints how fast the agreements register answers with 2,000 organisations and 10,000 generated agreements
// (PGlite in memory, or PostgreSQL with BENCH_DATABASE_URL): list, search, overview and one agreement.
// A report, not a test: it always exits 0, and prints OVER beside every number above its target.

import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { and, eq } from "drizzle-orm";
import { migrateDatabase } from "../src/db/migrate";
import type { AgreementListQuery } from "../src/modules/agreements/agreements.schema";
import {
  getAgreement,
  getCooperationOverview,
  listAgreements,
} from "../src/modules/agreements/agreements.service";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { placeTable } from "../src/modules/places/places.table";
import { loadBuiltInThemes } from "../src/modules/themes";
import { todayInKigali } from "../src/shared/today";
import { BATCH, generateAgreements } from "./agreements-data";
import { openBenchTarget, percentile, startCpuMeter } from "./bench-kit";

const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 2_000);
const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const LIST_REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 1_000); // a p99 from 300 was the 3rd-worst request
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
/** Connections to PostgreSQL: as many as readers by default, as the server gives each request its own. */
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? CONCURRENCY);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 8_000);
const MIN_RUNS = 5;
const BENCH_DATABASE = "ubuf_bench";
const benchStarted = performance.now();
/** Progress on stderr, so that the report on stdout stays clean. */
const progressNote = (message: string) =>
  process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}\n`);

type Stats = { p50: number; p95: number; p99: number; n: number; throughput?: number };
function stats(times: number[], wallMs?: number): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    n: sorted.length,
    throughput: wallMs ? (sorted.length / wallMs) * 1000 : undefined,
  };
}

/** Runs `requests` calls of `job`, `concurrency` at a time; returns each call's time and the wall time. */
async function runConcurrently(
  requests: number,
  concurrency: number,
  job: (i: number) => Promise<unknown>,
): Promise<{ times: number[]; wallMs: number; byJob: Map<number, number[]> }> {
  const times: number[] = [];
  const byJob = new Map<number, number[]>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const t = performance.now();
      await job(i);
      const ms = performance.now() - t;
      times.push(ms);
      const list = byJob.get(i) ?? [];
      list.push(ms);
      byJob.set(i, list);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { times, wallMs: performance.now() - started, byJob };
}

/**
 * Times `runs` calls one after the other, after one uncounted warm-up; stops early (after at least
 * MIN_RUNS) once BUDGET_MS have passed, so that a very slow query cannot stretch the run for minutes.
 */
async function timeSequential(label: string, runs: number, job: () => Promise<unknown>): Promise<number[]> {
  progressNote(`measuring ${label}`);
  const started = performance.now();
  await job();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    if (run >= MIN_RUNS && performance.now() - started > BUDGET_MS) break;
    const t = performance.now();
    await job();
    times.push(performance.now() - t);
  }
  return times;
}

// Report.

type Line = {
  section: string;
  label: string;
  stats: Stats;
  /** The percentile judged and its limit; none: reported only. */
  target?: { pct: "p95" | "p99"; ms: number; note?: string };
};

const fmt = (ms: number) => (Number.isNaN(ms) ? "-" : ms.toFixed(1));

function printReport(lines: readonly Line[]): number {
  const header = `${"measure".padEnd(58)} ${"n".padStart(4)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"req/s".padStart(7)}  target          verdict`;
  console.log(header);
  console.log("-".repeat(header.length));
  let over = 0;
  let section = "";
  for (const line of lines) {
    if (line.section !== section) {
      section = line.section;
      console.log(section);
    }
    const s = line.stats;
    let target = "-";
    let verdict = "info";
    if (line.target) {
      target = `${line.target.pct} < ${line.target.ms} ms`;
      const ok = s[line.target.pct] < line.target.ms;
      verdict = ok ? "PASS" : "*** OVER ***";
      if (!ok) over++;
    }
    console.log(
      `  ${line.label.padEnd(56)} ${String(s.n).padStart(4)} ${fmt(s.p50).padStart(7)} ${fmt(s.p95).padStart(7)} ${fmt(s.p99).padStart(7)} ${(s.throughput ? s.throughput.toFixed(0) : "").padStart(7)}  ${target.padEnd(15)} ${verdict}${line.target?.note ? ` (${line.target.note})` : ""}`,
    );
  }
  return over;
}

async function main(): Promise<void> {
  const totalStarted = performance.now();
  const target = await openBenchTarget(BENCH_DATABASE, POOL_SIZE);
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    await loadBuiltInThemes(handle.db);
    const today = todayInKigali();

    const genStarted = performance.now();
    const { counts, sampleIds } = await generateAgreements(handle, today, {
      organisations: ORGANISATIONS,
      agreements: AGREEMENTS,
      note: progressNote,
    });
    const generationMs = performance.now() - genStarted;

    const ctx = { db: handle.db, actor: { kind: "system" as const, label: "bench" }, today };
    const [facility] = await handle.db
      .select({ id: placeTable.id, name: placeTable.name })
      .from(placeTable)
      .where(
        and(
          eq(placeTable.kind, "place_of_detention"),
          eq(placeTable.operator, "RCS"),
          eq(placeTable.isOpen, true),
        ),
      )
      .orderBy(placeTable.name)
      .limit(1);
    if (!facility) throw new Error("no open RCS facility among the reference places");

    const base: AgreementListQuery = { sort: "signed_desc", limit: 50, offset: 0 };
    const listCases: Array<[string, AgreementListQuery]> = [
      ["no filter", base],
      ["status=active", { ...base, status: "active" }],
      ["theme=legal_aid", { ...base, theme: "legal_aid" }],
      ["partyKind=local_cso", { ...base, partyKind: "local_cso" }],
      [`placeId=${facility.name}`, { ...base, placeId: facility.id }],
      ["signedYear=2022", { ...base, signedYear: 2022 }],
      ["hasOverduePlanned=true", { ...base, hasOverduePlanned: true }],
      [
        "active+legal_aid+local_cso+facility",
        { ...base, status: "active", theme: "legal_aid", partyKind: "local_cso", placeId: facility.id },
      ],
      ["active+2022+overdue", { ...base, status: "active", signedYear: 2022, hasOverduePlanned: true }],
    ];
    const totals = new Map<string, number>();
    progressNote("warming up the list");
    for (const [label, query] of listCases) {
      const result = await listAgreements(ctx, query); // also warms up
      totals.set(label, result.total);
      if (result.items.length > 0 && result.items.every((item) => item.parties.length === 0)) {
        throw new Error(`list "${label}" came back without parties`);
      }
    }

    const lines: Line[] = [];
    const listSection = `Filtered list: 50 rows with parties, themes and overdue counts; ${listCases.length} filter mixes in turn`;
    progressNote(`measuring the list at concurrency ${CONCURRENCY}`);
    const loadBefore = loadavg()[0] ?? 0;
    const stopCpuMeter = await startCpuMeter(handle);
    const concurrent = await runConcurrently(LIST_REQUESTS, CONCURRENCY, (i) => {
      const c = listCases[i % listCases.length];
      return c ? listAgreements(ctx, c[1]) : Promise.resolve();
    });
    const cpu = await stopCpuMeter();
    const perRequest = (ms: number) => (ms / LIST_REQUESTS).toFixed(2);
    const cpuNote = `CPU per list request at concurrency ${CONCURRENCY}: Node ${perRequest(cpu.nodeMs)} ms${
      cpu.databaseMs === null
        ? " (the embedded database runs inside Node)"
        : `, PostgreSQL ${perRequest(cpu.databaseMs)} ms`
    }; machine load average (1 min) before the run ${loadBefore.toFixed(2)}`;
    lines.push({
      section: listSection,
      label: `all mixes, concurrency ${CONCURRENCY}, ${LIST_REQUESTS} requests`,
      stats: stats(concurrent.times, concurrent.wallMs),
      target:
        handle.kind === "postgresql"
          ? { pct: "p99", ms: 50 }
          : {
              pct: "p99",
              ms: 50,
              note: "target is set for PostgreSQL; PGlite has one connection, so requests queue",
            },
    });
    const perCase: Line[] = [];
    const sequentialAll: number[] = [];
    for (const [label, query] of listCases) {
      const times = await timeSequential(label, Math.ceil(RUNS / 2), () => listAgreements(ctx, query));
      sequentialAll.push(...times);
      perCase.push({
        section: listSection,
        label: `  ${label} (${totals.get(label)} match), one at a time`,
        stats: stats(times),
      });
    }
    lines.push({
      section: listSection,
      label: "all mixes, one at a time",
      stats: stats(sequentialAll),
      target: { pct: "p99", ms: 50 },
    });
    lines.push(...perCase);

    const searches: Array<[string, string]> = [
      ["legal aid musanze", "words"],
      ["e-huza", "hyphenated name"],
      ["rehabilitaton reintegraton", "misspelt"],
      ["corectional servce", "misspelt party name"],
    ];
    for (const [q, kind] of searches) {
      let total = 0;
      const times = await timeSequential(`search ${q}`, RUNS, async () => {
        total = (await listAgreements(ctx, { ...base, q })).total;
      });
      lines.push({
        section: "Search (q=, 50 rows, ranked)",
        label: `"${q}" (${kind}, ${total} match)`,
        stats: stats(times),
        target: { pct: "p99", ms: 100 },
      });
    }

    lines.push({
      section: "At a glance (getCooperationOverview, expiring within 90 days)",
      label: "counts + expiring + overdue planned + recent progress",
      stats: stats(
        await timeSequential("overview", RUNS, () => getCooperationOverview(ctx, { expiringWithinDays: 90 })),
      ),
      target: { pct: "p99", ms: 100 },
    });

    let k = 0;
    lines.push({
      section: "One agreement (getAgreement)",
      label: `${sampleIds.length} different agreements in turn`,
      stats: stats(
        await timeSequential("getAgreement", RUNS, () =>
          getAgreement(ctx, sampleIds[k++ % sampleIds.length] ?? ""),
        ),
      ),
    });

    console.log("");
    console.log(`Agreements benchmark — database: ${target.label}`);
    console.log(
      `rows: ${Object.entries(counts)
        .map(([name, n]) => `${n.toLocaleString("en")} ${name}`)
        .join(", ")}`,
    );
    console.log(
      `generated and inserted in ${(generationMs / 1000).toFixed(1)} s (batches of ${BATCH} rows), today ${today}`,
    );
    console.log("");
    const over = printReport(lines);
    console.log("");
    console.log(cpuNote);
    console.log(over > 0 ? `*** ${over} measure(s) OVER target ***` : "All measures within target.");
    console.log(
      `rss ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB; total ${((performance.now() - totalStarted) / 1000).toFixed(1)} s`,
    );
  } finally {
    await target.dispose();
  }
}

await main();
