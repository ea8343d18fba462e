// The recent-changes feed (issue 22) on a realistic audit log: 200 organisations, 5,000 incidents, BENCH_AUDIT_ROWS
// (200,000) audit rows of which half are reads (incident reads dominate a real log), the rest writes across the
// feed's kinds. Prints each reader's first-page time (p50/p95 of BENCH_RUNS) and the plan of the slowest.
// PostgreSQL with BENCH_DATABASE_URL (the script creates its own database), else PGlite in memory.
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import type { Actor, Grant } from "../src/kernel";
import { listChanges } from "../src/modules/changes";
import { entityTypesOf } from "../src/modules/changes/change-sources";
import type { ChangeFeedQuery } from "../src/modules/changes/changes.schema";
import { reachOfActor } from "../src/modules/changes/changes.service";
import { changesQuery } from "../src/modules/changes/changes.store";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { todayInKigali } from "../src/shared/today";
import { openBenchTarget, percentile } from "./bench-kit";

const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const started = performance.now();
const note = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);

const actor = (grants: Grant[]): Actor => ({
  kind: "user",
  userId: randomUUID(),
  label: "bench user",
  grants,
  organisationIds: [],
});

async function main() {
  const target = await openBenchTarget("ubuf_bench_changes");
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    const db = handle.db;
    note("migrated");
    await db.execute(sql`insert into organisation (name, name_key, search_text, kind)
      select 'Bench partner ' || g, 'bench partner ' || g, 'bench partner ' || g, 'local_cso' from generate_series(1, 200) g`);
    await db.execute(sql`insert into incident (kind, place_kind, place_id, district_id, reporting_organisation_id, status)
      select 'hindrance_to_justice', 'district', d.id, d.id, o.id, 'open'
      from generate_series(1, 5000) g
      cross join lateral (select id from place where kind = 'district' order by md5(g::text || id::text) limit 1) d
      cross join lateral (select id from organisation order by md5(g::text || id::text) limit 1) o`);
    note("organisations and incidents");
    // One statement per 20,000 rows: the chain trigger hashes each row.
    for (let done = 0; done < AUDIT_ROWS; done += 20_000) {
      await db.execute(sql`insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes)
        select null, 'bench',
          case when g % 2 = 0 then 'read' when g % 7 = 0 then 'create' else 'update' end,
          case when g % 2 = 0 or g % 5 < 2 then 'incident' when g % 5 = 2 then 'organisation'
               when g % 5 = 3 then 'incident_person' else 'agreement' end,
          case when g % 2 = 0 or g % 5 < 2 then i.ids[1 + g % 5000]
               when g % 5 = 2 then o.ids[1 + g % 200]
               else gen_random_uuid()::text end,
          'label ' || g, '{}'::jsonb
        from generate_series(${done + 1}::int, ${Math.min(done + 20_000, AUDIT_ROWS)}::int) g,
          (select array_agg(id::text) as ids from incident) i,
          (select array_agg(id::text) as ids from organisation) o`);
      note(`${Math.min(done + 20_000, AUDIT_ROWS)} audit rows`);
    }
    await db.execute(sql`analyze`);
    const [someOrg] = await queryRows<{ id: string }>(
      db,
      sql`select reporting_organisation_id as id from incident limit 1`,
    );
    const orgId = someOrg?.id ?? "";
    const readers: [string, Actor, ChangeFeedQuery][] = [
      ["national viewer, everything", actor([{ role: "viewer", scopeType: "national", scopeId: null }]), {}],
      ["coordinator, everything", actor([{ role: "coordinator", scopeType: "national", scopeId: null }]), {}],
      [
        "case worker of one organisation, everything",
        actor([{ role: "case_worker", scopeType: "organisation", scopeId: orgId }]),
        {},
      ],
      [
        "case worker of one organisation, incidents",
        actor([{ role: "case_worker", scopeType: "organisation", scopeId: orgId }]),
        { module: "incidents" },
      ],
      [
        "coordinator, incidents (none readable)",
        actor([{ role: "coordinator", scopeType: "national", scopeId: null }]),
        { module: "incidents" },
      ],
      [
        "national viewer, one organisation",
        actor([{ role: "viewer", scopeType: "national", scopeId: null }]),
        { organisationId: orgId },
      ],
    ];
    const ctx = (a: Actor) => ({ db, actor: a });
    let slowest: { name: string; p50: number; actor: Actor; query: ChangeFeedQuery } | null = null;
    for (const [name, reader, query] of readers) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        count = (await listChanges(ctx(reader), { ...query, limit: 30 })).items.length;
        times.push(performance.now() - t0);
      }
      times.sort((x, y) => x - y);
      const p50 = percentile(times, 50);
      console.log(
        `${name}: ${count} entries, p50 ${p50.toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
      );
      if (!slowest || p50 > slowest.p50) slowest = { name, p50, actor: reader, query };
    }
    if (slowest) {
      const statement = changesQuery(db, {
        reach: reachOfActor(slowest.actor, todayInKigali()),
        types: entityTypesOf(slowest.query.module),
        organisationId: slowest.query.organisationId,
        limit: 31,
      });
      if (statement) {
        const plan = await queryRows<Record<string, string>>(
          db,
          sql`explain (analyze, costs off) ${statement}`,
        );
        console.log(`\nplan of the slowest (${slowest.name}):`);
        for (const row of plan) console.log(Object.values(row)[0]);
      }
    }
    console.log(`\n${target.label}; ${AUDIT_ROWS} audit rows; load average ${loadavg()[0]?.toFixed(1)}`);
  } finally {
    await target.dispose();
  }
}

await main();
