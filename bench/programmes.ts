// Prints how fast programme dashboards answer with 200,000 result values (PGlite in memory, or PostgreSQL with
// BENCH_DATABASE_URL), and what a write costs now that it refreshes the rollups the dashboards read.
// A report, not a test: it always exits 0, and prints OVER beside every number above its target.

import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, queryRows } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { getProgrammeDashboard } from "../src/modules/programmes/dashboard.service";
import { recordEvent } from "../src/modules/programmes/events.service";
import { refreshProgrammeReach } from "../src/modules/programmes/events.store";
import { refreshIndicatorRollup } from "../src/modules/programmes/indicators.store";
import { exportIati } from "../src/modules/programmes/programmes.export";
import { getProgramme } from "../src/modules/programmes/programmes.service";
import { addResult } from "../src/modules/programmes/results.service";
import { loadBuiltInThemes } from "../src/modules/themes";
import { openBenchTarget, percentile } from "./bench-kit";

const PROGRAMMES = Number(process.env.BENCH_PROGRAMMES ?? 500);
const INDICATORS_PER_PROGRAMME = 10;
const RESULTS = Number(process.env.BENCH_RESULTS ?? 200_000);
const EVENTS_PER_PROGRAMME = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 8_000);
const MIN_RUNS = 5;
const BENCH_DATABASE = "ubuf_bench_programmes";
const started = performance.now();
const note = (m: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${m}\n`);

/** Generated in SQL: programmes, one objective each, indicators with a target, results, events, participants. */
async function generate(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  const perIndicator = Math.ceil(RESULTS / (PROGRAMMES * INDICATORS_PER_PROGRAMME));
  await db.execute(sql`insert into organisation (name, name_key, kind, search_text)
    values ('Bench Lead Organisation', 'bench lead organisation', 'local_cso', 'bench lead organisation')`);
  await db.execute(sql`insert into programme (title, lead_organisation_id, status, start_date, end_date)
    select 'Bench programme ' || g, (select id from organisation limit 1), 'ongoing', date '2024-01-01', date '2026-12-31'
    from generate_series(1, ${PROGRAMMES}) g`);
  await db.execute(sql`insert into logframe_item (programme_id, level, text, position)
    select id, 'objective', 'Objective', 0 from programme`);
  await db.execute(sql`insert into indicator (programme_id, logframe_item_id, title, unit, calculation, disaggregations, position)
    select p.id, l.id, 'Indicator ' || g, case when g % 5 = 0 then 'events' else 'people' end, 'sum', '{sex}', g
    from programme p join logframe_item l on l.programme_id = p.id cross join generate_series(1, ${INDICATORS_PER_PROGRAMME}) g`);
  await db.execute(sql`insert into indicator_rollup (indicator_id) select id from indicator`);
  await db.execute(sql`insert into indicator_target (indicator_id, period_start, period_end, value)
    select id, date '2024-01-01', date '2026-12-31', 10000 from indicator`);
  note(`inserting ${perIndicator * PROGRAMMES * INDICATORS_PER_PROGRAMME} results`);
  await db.execute(sql`insert into result (indicator_id, period_start, period_end, value_kind, value, text)
    select i.id, date '2024-01-01' + (g % 36) * 30, date '2024-01-01' + (g % 36) * 30 + 29,
      case when g % 50 = 0 then 'not_reported' when g % 37 = 0 then 'lower_bound' else 'exact' end,
      case when g % 50 = 0 then null else (g % 100) + 1 end, null
    from indicator i cross join generate_series(1, ${perIndicator}) g`);
  await db.execute(sql`insert into programme_event (programme_id, kind, title, start_date, district_id)
    select p.id, 'training', 'Event ' || g, date '2024-01-01' + (g * 20), d.id
    from programme p cross join generate_series(1, ${EVENTS_PER_PROGRAMME}) g
    join lateral (select id from place where kind = 'district' order by code offset (g % 30) limit 1) d on true`);
  await db.execute(sql`insert into event_participants (event_id, category, sex, count)
    select e.id, c.c, s.s, 10 + (abs(hashtext(e.id::text || c.c || s.s)) % 40)
    from programme_event e cross join (values ('students'), ('officers')) c(c) cross join (values ('female'), ('male')) s(s)`);
  note("refreshing rollups");
  const indicators = await queryRows<{ id: string }>(db, sql`select id from indicator`);
  for (const i of indicators) await refreshIndicatorRollup(db, i.id);
  const programmes = await queryRows<{ id: string }>(db, sql`select id from programme`);
  for (const p of programmes) await refreshProgrammeReach(db, p.id);
  await db.execute(sql`analyze`);
}

async function time(label: string, job: (run: number) => Promise<unknown>): Promise<number[]> {
  note(`measuring ${label}`);
  const t0 = performance.now();
  await job(-1);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (run >= MIN_RUNS && performance.now() - t0 > BUDGET_MS) break;
    const t = performance.now();
    await job(run);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

/** Like time(), but runs `write` before each measured `read` (its own time not counted). */
async function timeAfterWrite(
  label: string,
  write: () => Promise<unknown>,
  read: () => Promise<unknown>,
): Promise<number[]> {
  note(`measuring ${label}`);
  const t0 = performance.now();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (run >= MIN_RUNS && performance.now() - t0 > BUDGET_MS) break;
    await write();
    const t = performance.now();
    await read();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  const target = await openBenchTarget(BENCH_DATABASE);
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    await loadBuiltInThemes(handle.db);
    const genStarted = performance.now();
    await generate(handle);
    const generationMs = performance.now() - genStarted;
    const ctx = { db: handle.db, actor: { kind: "system" as const, label: "bench" } };
    const [counts] = await queryRows<{ results: number; events: number }>(
      handle.db,
      sql`select (select count(*) from result)::int as results, (select count(*) from programme_event)::int as events`,
    );
    const ids = (
      await queryRows<{ id: string }>(handle.db, sql`select id from programme order by title`)
    ).map((r) => r.id);
    const pickId = (run: number) => ids[(run + ids.length) % ids.length] ?? "";
    const one = await getProgramme(ctx, pickId(0));
    const peopleIndicator = one.indicators.find((i) => i.unit === "people")?.id ?? "";

    const lines: [string, number[], number | null][] = [
      [
        "programme dashboard (one programme)",
        await time("dashboard", (r) => getProgrammeDashboard(ctx, pickId(r))),
        100,
      ],
      // Cached against the programmes' change counter (migration 0049): read again only after a commit changed it.
      ["dashboard across all programmes", await time("all", () => getProgrammeDashboard(ctx, null)), 50],
      [
        "dashboard across all programmes, right after a write",
        await timeAfterWrite(
          "all after a write",
          async () => {
            await addResult(ctx, one.id, {
              indicatorId: peopleIndicator,
              periodStart: "2024-04-01",
              periodEnd: "2024-04-30",
              valueKind: "exact",
              value: 3,
            });
          },
          () => getProgrammeDashboard(ctx, null),
        ),
        null,
      ],
      [
        "programme page (logframe, indicators, events)",
        await time("page", (r) => getProgramme(ctx, pickId(r))),
        null,
      ],
      [
        "report a result (refreshes the indicator rollup)",
        await time("result", () =>
          addResult(ctx, one.id, {
            indicatorId: peopleIndicator,
            periodStart: "2025-01-01",
            periodEnd: "2025-03-31",
            valueKind: "exact",
            value: 12,
          }),
        ),
        null,
      ],
      [
        "record an event (refreshes rollups and people reached)",
        await time("event", () =>
          recordEvent(ctx, one.id, {
            kind: "school_talk",
            title: "Bench school talk",
            startDate: "2025-02-03",
            indicatorIds: [peopleIndicator],
            participants: [{ category: "students", sex: "female", count: 40 }],
          }),
        ),
        null,
      ],
    ];
    // One run: the whole register is the unit here.
    note(`exporting ${ids.length} programmes to IATI`);
    const exportStarted = performance.now();
    const xml = await exportIati(ctx, ids);
    lines.push([
      `IATI export of ${ids.length} programmes (${(xml.length / 1e6).toFixed(1)} MB)`,
      [performance.now() - exportStarted],
      10_000,
    ]);
    console.log("");
    console.log(`Programmes benchmark — database: ${target.label}`);
    console.log(
      `${PROGRAMMES} programmes, ${counts?.results ?? 0} result values, ${counts?.events ?? 0} events; generated in ${(generationMs / 1000).toFixed(1)} s`,
    );
    console.log("");
    const header = `${"measure".padEnd(56)} ${"n".padStart(4)} ${"p50".padStart(7)} ${"p95".padStart(7)}  target        verdict`;
    console.log(header);
    console.log("-".repeat(header.length));
    let over = 0;
    for (const [label, times, limit] of lines) {
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      const ok = limit === null || p95 < limit;
      if (!ok) over++;
      console.log(
        `${label.padEnd(56)} ${String(times.length).padStart(4)} ${p50.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)}  ${(limit === null ? "-" : `p95 < ${limit} ms`).padEnd(13)} ${limit === null ? "info" : ok ? "PASS" : "*** OVER ***"}`,
      );
    }
    console.log("");
    console.log(over > 0 ? `*** ${over} measure(s) OVER target ***` : "All measures within target.");
  } finally {
    await target.dispose();
  }
}

await main();
