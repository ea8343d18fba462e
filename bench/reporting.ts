// Prints how fast the timeliness answer comes with 1,500 organisations reporting quarterly to the 60 district bodies
// over 8 quarters (~50,000 submissions), on PostgreSQL with BENCH_DATABASE_URL (the script creates its own
// database) or PGlite in memory: one district, one province, nationally; then the reminder run over all
// obligations (the first of the day, which queues the emails, and a second that finds them sent). A report, not a
// test: it always exits 0 and prints OVER beside every number above its target. BENCH_ORGANISATIONS sets the size.

import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { DatabaseHandle } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { getTimeliness, loadReportingBodies, sendReportingNotices } from "../src/modules/reporting";
import { addDays, dueDate, lastEndedPeriods } from "../src/modules/reporting/periods";
import {
  reportingBodyTable,
  reportingObligationTable,
  submissionAddresseeTable,
  submissionTable,
} from "../src/modules/reporting/reporting.table";
import { todayInKigali } from "../src/shared/today";
import { openBenchTarget, percentile, seededRandom } from "./bench-kit";

const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 1_500);
const QUARTERS = 8;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DUE_DAYS = 15;
const BATCH = 1000;
const BENCH_DATABASE = process.env.BENCH_KEEP_DATABASE ?? "ubuf_bench_reporting";
const started = performance.now();
const note = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);

const { chance, pick, sample, int } = seededRandom(20261206);

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Each organisation reports to the JADF and JRLOS secretariat of its home district and of one other (a third for
 * one in three): ~7,000 obligations, ~56,000 expected reports; 90 % submitted, one submission per report, most on
 * time, some late, a few returned and sent again.
 */
async function generate(handle: DatabaseHandle, today: string) {
  const db = handle.db;
  await loadReportingBodies(db);
  const bodies = await db
    .select({ id: reportingBodyTable.id, districtId: reportingBodyTable.districtId })
    .from(reportingBodyTable);
  const byDistrict = new Map<string, string[]>();
  for (const b of bodies)
    if (b.districtId) byDistrict.set(b.districtId, [...(byDistrict.get(b.districtId) ?? []), b.id]);
  const districts = [...byDistrict.keys()];
  const organisations = Array.from({ length: ORGANISATIONS }, (_, i) => ({
    id: randomUUID(),
    name: `Reporting partner ${i + 1}`,
    nameKey: `reporting partner ${i + 1}`,
    kind: "local_cso",
    searchText: `reporting partner ${i + 1}`,
    // Reminders go to the organisation's own address when it has no reporting staff.
    email: `partner${i + 1}@example.org`,
  }));
  note(`inserting ${organisations.length} organisations`);
  await insertBatched(organisations, (batch) => db.insert(organisationTable).values(batch));
  const quarters = lastEndedPeriods("quarter", today, QUARTERS);
  const obligations = organisations.flatMap((o) =>
    sample(districts, chance(1 / 3) ? 3 : 2).flatMap((d) =>
      (byDistrict.get(d) ?? []).map((bodyId) => ({
        id: randomUUID(),
        organisationId: o.id,
        bodyId,
        periodType: "quarter",
        dueDays: DUE_DAYS,
        startPeriod: quarters[0] as string,
        sections: ["narrative", "activities", "hindrances", "challenges", "plans"],
      })),
    ),
  );
  note(`inserting ${obligations.length} obligations`);
  await insertBatched(obligations, (batch) => db.insert(reportingObligationTable).values(batch));
  const submissions: (typeof submissionTable.$inferInsert)[] = [];
  const addressees: (typeof submissionAddresseeTable.$inferInsert)[] = [];
  for (const o of obligations) {
    for (const period of quarters) {
      if (chance(0.1)) continue; // missing
      const due = dueDate(period, DUE_DAYS);
      const day = addDays(due, chance(0.75) ? -int(0, 14) : int(1, 45));
      if (day > today) continue;
      const at = new Date(`${day}T09:00:00+02:00`);
      const returned = chance(0.08);
      const id = randomUUID();
      submissions.push({
        id,
        organisationId: o.organisationId,
        period,
        periodType: "quarter",
        content: { narrative: "Quarterly report." },
        status: returned ? "submitted" : pick(["submitted", "accepted", "accepted"]),
        submittedVersions: returned ? 2 : 1,
      });
      addressees.push({
        submissionId: id,
        obligationId: o.id,
        bodyId: o.bodyId,
        period,
        status: returned ? "resubmitted" : "accepted",
        firstSubmittedAt: at,
        lastSubmittedAt: returned ? new Date(at.getTime() + 6 * 86_400_000) : at,
      });
    }
  }
  note(`inserting ${submissions.length} submissions`);
  await insertBatched(submissions, (batch) => db.insert(submissionTable).values(batch));
  await insertBatched(addressees, (batch) => db.insert(submissionAddresseeTable).values(batch));
  if (handle.kind === "postgresql") await db.execute("analyze");
  return { obligations: obligations.length, submissions: submissions.length, districts, byDistrict };
}

async function time(label: string, job: () => Promise<unknown>) {
  note(`measuring ${label}`);
  const answer = async () => JSON.stringify(await job());
  const kb = Buffer.byteLength(await answer()) / 1024;
  await answer(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await answer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), n: times.length, kb };
}

async function main(): Promise<void> {
  const target = await openBenchTarget(BENCH_DATABASE);
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    const today = todayInKigali();
    const generated = await generate(handle, today);
    const ctx = { db: handle.db, actor: { kind: "system" as const, label: "bench" }, today };
    const musanze = (await getTimeliness(ctx, { last: 1 })).districts.find((d) => d.name === "Musanze");
    if (!musanze?.provinceId) throw new Error("Musanze is missing from the answer");
    const results = [
      {
        target: 100,
        ...(await time("district (Musanze), last 4 quarters + 8-quarter scorecard", () =>
          getTimeliness(ctx, { districtId: musanze.id }),
        )),
      },
      {
        target: null,
        ...(await time("province (Northern), last 4 quarters", () =>
          getTimeliness(ctx, { provinceId: musanze.provinceId }),
        )),
      },
      {
        target: 300,
        ...(await time("national, last 4 quarters + 8-quarter scorecard", () => getTimeliness(ctx, {}))),
      },
      {
        target: null,
        ...(await time("national, one quarter", () => getTimeliness(ctx, { last: 1 }))),
      },
    ];
    const reminderRuns: { label: string; ms: number; emails: number }[] = [];
    for (const label of ["reminder run, first of the day", "reminder run, again the same day"]) {
      note(`measuring ${label}`);
      const t = performance.now();
      const sent = await sendReportingNotices(handle.db, { today, siteUrl: "http://localhost:3000" });
      reminderRuns.push({ label, ms: performance.now() - t, emails: sent.emails });
    }
    console.log(`Reporting timeliness on ${target.label}`);
    console.log(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")}`,
    );
    console.log(
      `${ORGANISATIONS} organisations, ${generated.byDistrict.size * 2} district bodies, ${QUARTERS} quarters: ${generated.obligations} obligations, ${generated.submissions} submissions`,
    );
    const header = `${"measure (service + JSON)".padEnd(60)} ${"n".padStart(4)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"JSON kB".padStart(8)}  target`;
    console.log(header);
    console.log("-".repeat(header.length + 12));
    for (const r of results) {
      const verdict = r.target === null ? "info" : r.p95 < r.target ? "PASS" : "*** OVER ***";
      console.log(
        `${r.label.padEnd(60)} ${String(r.n).padStart(4)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.kb.toFixed(0).padStart(8)}  ${r.target === null ? "-" : `p95 < ${r.target}`} ${verdict}`,
      );
    }
    for (const r of reminderRuns)
      console.log(
        `${r.label.padEnd(60)} ${(r.ms / 1000).toFixed(2).padStart(8)} s, ${r.emails} emails queued  < 10 s ${r.ms < 10_000 ? "PASS" : "*** OVER ***"}`,
      );
    if (handle.kind !== "postgresql")
      console.log("The targets are set for PostgreSQL: run with BENCH_DATABASE_URL=postgres://…/postgres.");
  } finally {
    await target.dispose();
  }
}

await main();
