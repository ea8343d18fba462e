// Prints how fast a monitoring visit's report is written in Word and PDF (issue 18: Word < 2 s): one visit with 60
// findings over every theme category and 30 recommendations, through the same use case the route calls. PGlite in
// memory, or PostgreSQL with BENCH_DATABASE_URL. A report, not a test: it always exits 0 and prints OVER beside a
// number above its target. BENCH_RUNS sets the number of runs.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import type { ServiceContext } from "../src/kernel";
import { addFinding, createVisit, updateVisit } from "../src/modules/monitoring";
import { DETENTION_THEME_CODES } from "../src/modules/monitoring/detention-themes";
import { exportVisitReport } from "../src/modules/monitoring/visit-report.export";
import { createOrganisation } from "../src/modules/organisations";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { openBenchTarget, percentile } from "./bench-kit";

const FINDINGS = 60;
const RECOMMENDATIONS = 30;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TARGET_MS = { docx: 2_000, pdf: 4_000 };

async function main(): Promise<void> {
  const target = await openBenchTarget("ubuf_bench_visit_report");
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    const ctx: ServiceContext = { db: handle.db, actor: { kind: "system", label: "bench" } };
    const nchr = await createOrganisation(ctx, {
      name: "National Commission for Human Rights",
      kind: "government",
    });
    const rcs = await createOrganisation(ctx, { name: "Rwanda Correctional Service", kind: "government" });
    const [place] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from place where kind = 'place_of_detention' order by code limit 1`,
    );
    if (!place) throw new Error("no place of detention in the reference places");
    let visit = await createVisit(ctx, {
      monitoringOrganisationId: nchr.id,
      placeId: place.id,
      announced: false,
      visitType: "regular",
      startsOn: "2026-03-10",
      endsOn: "2026-03-12",
      objectives: "Conditions of detention, legal safeguards and health care.",
      team: [
        { name: "Monitor One", role: "monitor" },
        { name: "Doctor Two", role: "doctor" },
      ],
      interviews: [
        { category: "detainees", count: 48 },
        { category: "staff", count: 12 },
      ],
    });
    visit = await updateVisit(ctx, visit.id, visit.version, { status: "conducted" });
    for (let i = 0; i < FINDINGS; i++)
      await addFinding(ctx, visit.id, {
        theme: DETENTION_THEME_CODES[i % DETENTION_THEME_CODES.length],
        vulnerableGroups: i % 3 === 0 ? ["women", "children"] : [],
        severity: (["low", "medium", "high", "critical"] as const)[i % 4],
        text: `Finding ${i + 1}: ${"what the team saw, heard and checked in the registers. ".repeat(6)}`,
      });
    for (let i = 0; i < RECOMMENDATIONS; i++)
      await queryRows(
        handle.db,
        sql`with r as (
              insert into recommendation (monitoring_organisation_id, text, theme, addressee_organisation_id, priority,
                issued_on, deadline, status_on)
              values (${nchr.id}, ${`Recommendation ${i + 1}: ${"act on the finding within the year. ".repeat(4)}`},
                'overcrowding', ${rcs.id}, 'high', '2026-03-12', '2026-12-31', '2026-03-12')
              returning id)
            insert into recommendation_visit (recommendation_id, visit_id) select id, ${visit.id} from r`,
      );
    console.log(
      `Visit report, ${FINDINGS} findings and ${RECOMMENDATIONS} recommendations, on ${target.label}`,
    );
    for (const format of ["docx", "pdf"] as const) {
      const times: number[] = [];
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const start = performance.now();
        const file = await exportVisitReport(ctx, visit.id, format, { lang: "rw" });
        times.push(performance.now() - start);
        bytes = file.bytes.byteLength;
      }
      const sorted = [...times].sort((a, b) => a - b);
      const p95 = percentile(sorted, 95);
      console.log(
        `${format.padEnd(5)} first ${times[0]?.toFixed(0)} ms, p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} kB  target p95 < ${TARGET_MS[format]} ms ${p95 < TARGET_MS[format] ? "PASS" : "*** OVER ***"}`,
      );
    }
  } finally {
    await target.dispose();
  }
}

await main();
