// Prints how fast the status-report import runs (PGlite in a data folder, as the app runs it; BENCH_PGLITE_MEMORY=1:
// in memory): the RCS seed after start-up, a generated
// 1,000-row spreadsheet, and the peak memory. A report, not a test: it always exits 0, and prints OVER beside
// every number above its target.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { migrateDatabase } from "../src/db/migrate";
import type { SystemActor } from "../src/modules/access";
import { listAgreements } from "../src/modules/agreements";
import { applyStatusReportImport, previewStatusReportImport } from "../src/modules/imports";
import { loadReferencePlaces } from "../src/modules/places";
import { loadBuiltInThemes } from "../src/modules/themes";
import { heapLimitLine, openEmbeddedAsTheAppDoes } from "./bench-kit";
import { generatedWorkbook } from "./status-report-workbook";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000);
const actor: SystemActor = { kind: "system", label: "bench" };
const started = performance.now();
const progressNote = (message: string) =>
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB, peak ${Math.round(peakRss / 1048576)} MB] ${message}\n`,
  );

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

function line(label: string, ms: number, targetMs: number): string {
  const over = ms > targetMs ? "  OVER" : "";
  return `${label.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(7)} s   target < ${(targetMs / 1000).toFixed(0)} s${over}`;
}

async function main(): Promise<void> {
  progressNote("starting the embedded database and loading reference data");
  const embedded = await openEmbeddedAsTheAppDoes();
  const handle = embedded.handle;
  const openedRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  await migrateDatabase(handle);
  await loadReferencePlaces(handle.db);
  await loadBuiltInThemes(handle.db);
  const ctx = { db: handle.db, actor };
  const startup = performance.now() - started;
  const startupRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

  const seed = {
    name: "status-report-rcs-000.txt",
    bytes: new Uint8Array(readFileSync(new URL("../fixtures/status-report-rcs-000.txt", import.meta.url))),
  };
  const options = { institution: "Rwanda Correctional Service" };
  progressNote("importing the seed document");
  let t = performance.now();
  const seedPreview = await previewStatusReportImport(ctx, seed, options);
  const seedPreviewMs = performance.now() - t;
  t = performance.now();
  await applyStatusReportImport(ctx, seed, options);
  const seedMs = performance.now() - t;

  progressNote(`generating a ${ROWS}-row spreadsheet`);
  const xlsx = { name: "generated.xlsx", bytes: await generatedWorkbook(ROWS) };
  progressNote(`importing the ${ROWS}-row spreadsheet`);
  t = performance.now();
  const bigPreview = await previewStatusReportImport(ctx, xlsx, options);
  const bigPreviewMs = performance.now() - t;
  progressNote(`applying the ${ROWS}-row spreadsheet`);
  t = performance.now();
  const result = await applyStatusReportImport(ctx, xlsx, options);
  const bigMs = performance.now() - t;
  progressNote("imported");
  const total = (await listAgreements(ctx, { sort: "title", limit: 1, offset: 0 })).total;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await embedded.dispose();

  const peakMb = Math.round(peakRss / 1024 / 1024);
  const lines = [
    line("seed document: preview (dry run)", seedPreviewMs, 1_000),
    line(`seed document: import (${seedPreview.rows.length} rows)`, seedMs, 1_000),
    line(`${ROWS}-row .xlsx: preview (dry run)`, bigPreviewMs, 10_000),
    line(`${ROWS}-row .xlsx: import (${result.counts.agreementsCreated} agreements)`, bigMs, 10_000),
    `${"peak memory (rss)".padEnd(48)} ${String(peakMb).padStart(7)} MB  target < 500 MB${peakMb > 500 ? "  OVER" : ""}`,
  ];
  console.log("");
  console.log(`Import benchmark — database: ${embedded.label}`);
  console.log(heapLimitLine());
  console.log(
    `start-up (migrate, places, themes) ${(startup / 1000).toFixed(1)} s, rss ${openedRssMb} MB on opening the database, ${startupRssMb} MB after start-up; ${bigPreview.counts.commitments} commitments and ${bigPreview.counts.progressEntries} progress entries in the spreadsheet; ${total} agreements at the end`,
  );
  console.log("");
  for (const l of lines) console.log(l);
  const over = lines.filter((l) => l.endsWith("OVER")).length;
  console.log("");
  console.log(over > 0 ? `*** ${over} measure(s) OVER target ***` : "All measures within target.");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
