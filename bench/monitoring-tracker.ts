// Prints how fast the recommendations tracker answers with 10,000 recommendations over 60 places of detention and 10
// years (a status history each, a fifth implemented), on PostgreSQL with BENCH_DATABASE_URL (the script creates its
// own database) or PGlite in memory: grouped by place, addressee, theme and year, for a monitor of the body and for a
// signed-in reader of published ones, and the overdue list. A report, not a test: it always exits 0 and prints OVER
// beside every number above its target. BENCH_RECOMMENDATIONS sets the size.

import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import type { Actor, ServiceContext } from "../src/kernel";
import { getRecommendationTracker, listRecommendations } from "../src/modules/monitoring";
import { DETENTION_THEME_CODES } from "../src/modules/monitoring/detention-themes";
import {
  recommendationPlaceTable,
  recommendationStatusChangeTable,
  recommendationTable,
} from "../src/modules/monitoring/monitoring.table";
import { trackerCountsQuery } from "../src/modules/monitoring/recommendation-tracker.store";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { placeTable } from "../src/modules/places/places.table";
import { openBenchTarget, percentile, seededRandom } from "./bench-kit";

const RECOMMENDATIONS = Number(process.env.BENCH_RECOMMENDATIONS ?? 10_000);
const PLACES = 60;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const BATCH = 1000;
const TODAY = "2026-06-15";
const started = performance.now();
const note = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
const { pick, int, chance } = seededRandom(20261206);

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const dayOf = (year: number, dayOfYear: number) =>
  new Date(Date.UTC(year, 0, 1) + dayOfYear * 86_400_000).toISOString().slice(0, 10);
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<void> {
  const target = await openBenchTarget("ubuf_bench_monitoring_tracker");
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    const db = handle.db;
    const existing = await queryRows<{ id: string }>(
      db,
      sql`select id from place where kind = 'place_of_detention' order by code limit ${PLACES}`,
    );
    const extra = Array.from({ length: Math.max(0, PLACES - existing.length) }, (_, i) => ({
      id: randomUUID(),
      code: `BENCH-PD-${i}`,
      kind: "place_of_detention",
      name: `Bench prison ${i + 1}`,
      names: { en: `Bench prison ${i + 1}`, fr: `Prison ${i + 1}`, rw: `Gereza ${i + 1}` },
      searchText: `bench prison ${i + 1}`,
    }));
    if (extra.length > 0) await db.insert(placeTable).values(extra);
    const places = [...existing.map((p) => p.id), ...extra.map((p) => p.id)];
    const org = (name: string) => ({
      id: randomUUID(),
      name,
      nameKey: name.toLowerCase(),
      kind: "government",
      searchText: name.toLowerCase(),
    });
    const body = org("Bench NPM");
    const addressees = ["RCS", "RNP", "MINIJUST", "MINALOC", "NRS", "RIB", "MOH", "NCPD"].map((n) =>
      org(`Bench ${n}`),
    );
    await db.insert(organisationTable).values([body, ...addressees]);

    note(`inserting ${RECOMMENDATIONS} recommendations`);
    const STATUSES = [
      "not_answered",
      "accepted",
      "not_accepted",
      "in_progress",
      "partly_implemented",
      "implemented",
    ];
    const recs = Array.from({ length: RECOMMENDATIONS }, () => {
      const issuedOn = dayOf(2016 + int(0, 9), int(0, 300));
      const status = chance(0.2) ? "implemented" : pick(STATUSES);
      const statusOn = status === "not_answered" ? issuedOn : addDays(issuedOn, int(10, 400));
      return {
        id: randomUUID(),
        monitoringOrganisationId: body.id,
        text: "Reduce the population to the capacity.",
        theme: pick(DETENTION_THEME_CODES),
        addresseeOrganisationId: pick(addressees).id,
        priority: pick(["low", "medium", "high"]),
        issuedOn,
        deadline: chance(0.8) ? addDays(issuedOn, int(30, 720)) : null,
        allFacilities: chance(0.05),
        status,
        statusOn: statusOn > TODAY ? TODAY : statusOn,
        publishedOn: chance(0.7) ? addDays(issuedOn, 60) : null,
      };
    });
    await insertBatched(recs, (batch) => db.insert(recommendationTable).values(batch));
    const links = recs
      .filter((r) => !r.allFacilities)
      .flatMap((r) => {
        const first = pick(places);
        const second = chance(0.2) ? pick(places) : first;
        return [...new Set([first, second])].map((placeId) => ({ recommendationId: r.id, placeId }));
      });
    await insertBatched(links, (batch) => db.insert(recommendationPlaceTable).values(batch));
    const changes = recs
      .filter((r) => r.status !== "not_answered")
      .flatMap((r) => [
        { recommendationId: r.id, status: "accepted", changedOn: r.issuedOn, recordedBy: "bench" },
        { recommendationId: r.id, status: r.status, changedOn: r.statusOn, recordedBy: "bench" },
      ]);
    await insertBatched(changes, (batch) => db.insert(recommendationStatusChangeTable).values(batch));
    await db.execute(sql`analyze`);

    const actor = (grants: Extract<Actor, { kind: "user" }>["grants"]): ServiceContext => ({
      db,
      today: TODAY,
      actor: { kind: "user", userId: randomUUID(), label: "bench", grants, organisationIds: [] },
    });
    const monitor = actor([{ role: "monitor", scopeType: "organisation", scopeId: body.id }]);
    const reader = actor([{ role: "viewer", scopeType: "national", scopeId: null }]);
    const time = async (label: string, targetMs: number | null, fn: () => Promise<unknown>) => {
      await fn();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { label, target: targetMs, p50: percentile(times, 50), p95: percentile(times, 95) };
    };
    note("measuring");
    const measured = [];
    for (const by of ["place", "addressee", "theme", "year"] as const) {
      measured.push(
        await time(`tracker by ${by}, monitor of the body`, 100, () =>
          getRecommendationTracker(monitor, { by }),
        ),
      );
      measured.push(
        await time(`tracker by ${by}, reader of published ones`, 100, () =>
          getRecommendationTracker(reader, { by }),
        ),
      );
    }
    measured.push(
      await time("tracker by place, 2020-2023, one addressee", 100, () =>
        getRecommendationTracker(monitor, {
          by: "place",
          fromYear: 2020,
          toYear: 2023,
          addresseeOrganisationId: addressees[0]?.id,
        }),
      ),
    );
    measured.push(
      await time("overdue list, first 50", 100, () =>
        listRecommendations(monitor, { overdue: "true", limit: "50" }),
      ),
    );
    if (process.env.BENCH_EXPLAIN) {
      const reach = {
        all: false as const,
        monitorOrgIds: [body.id],
        addresseeOrgIds: [],
        publishedBy: TODAY,
      };
      const plan = await queryRows<{ "QUERY PLAN": string }>(
        db,
        sql`explain (analyze, buffers) ${trackerCountsQuery("place", { reach, today: TODAY })}`,
      );
      console.log(plan.map((p) => p["QUERY PLAN"]).join("\n"));
    }
    console.log(`Recommendations tracker on ${target.label}`);
    console.log(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")}`,
    );
    console.log(
      `${recs.length} recommendations, ${links.length} place links, ${changes.length} status changes, ${places.length} places`,
    );
    const header = `${"measure (service)".padEnd(52)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  target`;
    console.log(header);
    console.log("-".repeat(header.length + 12));
    for (const r of measured) {
      const verdict = r.target === null ? "info" : r.p95 < r.target ? "PASS" : "*** OVER ***";
      console.log(
        `${r.label.padEnd(52)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}  p95 < ${r.target} ${verdict}`,
      );
    }
    if (handle.kind !== "postgresql")
      console.log("The targets are set for PostgreSQL: run with BENCH_DATABASE_URL=postgres://…/postgres.");
  } finally {
    await target.dispose();
  }
}
await main();
