// Prints how fast the status report exports 1,000 agreements (the RCS report's 26 rows, repeated with their
// real texts) as Word, PDF, Excel, CSV and HXL, and the process's peak memory. PGlite in a data folder, as the
// app runs it (BENCH_PGLITE_MEMORY=1: in memory), or PostgreSQL with BENCH_DATABASE_URL.
// A report, not a test: it always exits 0, and prints OVER beside every number above its target.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementStatusChangeTable,
  agreementTable,
  agreementThemeTable,
  commitmentTable,
  progressEntryTable,
} from "../src/modules/agreements/agreements.table";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import {
  findOrCreateCountryPlace,
  findPlaceIdsByCodes,
  loadReferencePlaces,
} from "../src/modules/places/places.service";
import {
  buildStatusReportData,
  type ReportFormat,
  readStatusReportSeed,
  renderStatusReport,
  StatusReportQuerySchema,
} from "../src/modules/status-report";
import { loadBuiltInThemes } from "../src/modules/themes";
import { parsePartialDate, partialDateSortKey } from "../src/shared/partial-date";
import { buildSearchText, normaliseForSearch } from "../src/shared/search-text";
import { todayInKigali } from "../src/shared/today";
import { heapLimitLine, openEmbeddedAsTheAppDoes } from "./bench-kit";

const AGREEMENTS = Number(process.env.BENCH_EXPORT_AGREEMENTS ?? 1_000);
const BATCH = 500;
const TARGETS_MS: Partial<Record<ReportFormat, number>> = { docx: 5_000, pdf: 10_000 };
const MEMORY_TARGET_MB = 500;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

// PGlite runs inside this process (its database counts in the process's memory); with BENCH_DATABASE_URL
// naming a server's "postgres" database, a database of our own is created there and dropped after.
const BENCH_DATABASE = "ubuf_bench_export";
const serverUrl = process.env.BENCH_DATABASE_URL;
async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
let databaseLabel: string;
let handle: DatabaseHandle;
let disposeEmbedded = async () => {};
if (serverUrl) {
  await onServer(`drop database if exists ${BENCH_DATABASE}`);
  await onServer(`create database ${BENCH_DATABASE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  handle = await openDatabase({ kind: "postgresql", url: url.toString(), poolSize: 2 });
  databaseLabel = `PostgreSQL (${url.host}, database ${BENCH_DATABASE}, created and dropped)`;
} else {
  const embedded = await openEmbeddedAsTheAppDoes();
  handle = embedded.handle;
  databaseLabel = embedded.label;
  disposeEmbedded = () => embedded.dispose();
}
const openedRss = process.memoryUsage().rss;
await migrateDatabase(handle);
await loadReferencePlaces(handle.db);
await loadBuiltInThemes(handle.db);
const db = handle.db;
const seed = await readStatusReportSeed();
const today = todayInKigali();

// The seed's organisations once, with their contacts.
const orgIds = new Map<string, string>();
const orgRows = [seed.institution, ...seed.organisations].map((o) => {
  const id = randomUUID();
  orgIds.set(o.key, id);
  return {
    id,
    name: o.name,
    nameKey: normaliseForSearch(o.name),
    acronym: o.acronym ?? null,
    aliases: o.aliases ?? [],
    kind: o.kind,
    countryCode: o.countryCode,
    email: o.email ?? null,
    phone: o.phone ?? null,
    website: o.website ?? null,
    searchText: buildSearchText([o.name, o.acronym ?? null]),
  };
});
await db.insert(organisationTable).values(orgRows);
const rcsId = orgIds.get(seed.institution.key) ?? "";
const placeCodes = seed.agreements.flatMap((a) =>
  a.areas.flatMap((x) => ("placeCode" in x ? [x.placeCode] : [])),
);
const placeIds = await findPlaceIdsByCodes(db, placeCodes);
const countryIds = new Map<string, string>();
for (const a of seed.agreements) {
  for (const x of a.areas) {
    if ("countryCode" in x && !countryIds.has(x.countryCode))
      countryIds.set(x.countryCode, await findOrCreateCountryPlace(db, x.countryCode));
  }
}

const agreements: (typeof agreementTable.$inferInsert)[] = [];
const parties: (typeof agreementPartyTable.$inferInsert)[] = [];
const themes: (typeof agreementThemeTable.$inferInsert)[] = [];
const areas: (typeof agreementAreaTable.$inferInsert)[] = [];
const commitments: (typeof commitmentTable.$inferInsert)[] = [];
const progress: (typeof progressEntryTable.$inferInsert)[] = [];
const statusChanges: (typeof agreementStatusChangeTable.$inferInsert)[] = [];
for (let i = 0; i < AGREEMENTS; i++) {
  const s = seed.agreements[i % seed.agreements.length];
  if (!s) throw new Error("empty seed");
  const id = randomUUID();
  const signed = parsePartialDate(s.signedOnText);
  agreements.push({
    id,
    title: `${s.title} (${i + 1})`,
    reference: `Bench ${s.section}.${String(i + 1).padStart(4, "0")}`,
    kind: s.kind,
    status: s.status,
    signedOnText: signed.text,
    signedYear: signed.year,
    signedMonth: signed.month,
    signedDay: signed.day,
    signedPrecision: signed.precision,
    signedSortKey: partialDateSortKey(signed),
    keeperOrganisationId: rcsId,
  });
  for (const p of s.parties)
    parties.push({ agreementId: id, organisationId: orgIds.get(p.org) ?? rcsId, role: p.role });
  for (const code of s.themes) themes.push({ agreementId: id, themeCode: code });
  for (const x of s.areas) {
    if ("placeSet" in x) areas.push({ agreementId: id, placeSet: x.placeSet });
    else if ("placeCode" in x) areas.push({ agreementId: id, placeId: placeIds.get(x.placeCode) ?? null });
    else areas.push({ agreementId: id, placeId: countryIds.get(x.countryCode) ?? null });
  }
  s.commitments.forEach((text, position) => {
    commitments.push({ agreementId: id, text, status: "ongoing", position });
  });
  for (const [kind, texts] of [
    ["achievement", s.achievements],
    ["ongoing", s.ongoing],
    ["planned", s.planned],
  ] as const) {
    for (const text of texts)
      progress.push({ agreementId: id, kind, text, entryDate: today, createdBy: "bench" });
  }
  statusChanges.push({
    agreementId: id,
    fromStatus: null,
    toStatus: s.status,
    changedOn: today,
    changedBy: "bench",
  });
}
const insert = async <T>(rows: T[], into: (batch: T[]) => Promise<unknown>) => {
  for (let start = 0; start < rows.length; start += BATCH) await into(rows.slice(start, start + BATCH));
};
await insert(agreements, (b) => db.insert(agreementTable).values(b));
await insert(parties, (b) => db.insert(agreementPartyTable).values(b));
await insert(themes, (b) => db.insert(agreementThemeTable).values(b));
await insert(areas, (b) => db.insert(agreementAreaTable).values(b));
await insert(commitments, (b) => db.insert(commitmentTable).values(b));
await insert(progress, (b) => db.insert(progressEntryTable).values(b));
await insert(statusChanges, (b) => db.insert(agreementStatusChangeTable).values(b));

const ctx = { db, actor: { kind: "system" as const, label: "bench" } };
const setupRss = process.memoryUsage().rss;
let exportPeak = setupRss;
const lines: string[] = [];
let over = 0;
const row = (label: string, ms: number, extra: string, target?: number) => {
  const flag = target !== undefined && ms > target ? "  OVER" : "";
  if (flag) over++;
  lines.push(
    `${label.padEnd(34)} ${`${Math.round(ms)} ms`.padStart(9)}   ${extra.padEnd(26)}${target ? `target < ${target} ms` : ""}${flag}`,
  );
};

let t = performance.now();
const data = await buildStatusReportData(ctx, StatusReportQuerySchema.parse({ format: "docx" }));
row("read the register (rows)", performance.now() - t, `${data.rows.length} agreements`);
for (const format of ["docx", "pdf", "xlsx", "csv", "hxl"] as const) {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  t = performance.now();
  const file = await renderStatusReport(
    await buildStatusReportData(ctx, StatusReportQuerySchema.parse({ format })),
    format,
  );
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  row(
    `export ${format} (read + write)`,
    performance.now() - t,
    `${(file.bytes.byteLength / 1048576).toFixed(2)} MB file, peak ${mb(peakRss)} MB`,
    TARGETS_MS[format],
  );
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
exportPeak = peakRss;
if (serverUrl) await handle.close();
else await disposeEmbedded();
if (serverUrl) await onServer(`drop database if exists ${BENCH_DATABASE}`);

console.log("");
console.log(`Status report export benchmark — ${AGREEMENTS} agreements, ${databaseLabel}`);
console.log(heapLimitLine());
console.log("");
for (const line of lines) console.log(line);
const memoryOver = mb(peakRss) > MEMORY_TARGET_MB;
if (memoryOver) over++;
console.log(
  `${"peak memory (RSS, whole process)".padEnd(34)} ${`${mb(peakRss)} MB`.padStart(9)}   ${"".padEnd(26)}target < ${MEMORY_TARGET_MB} MB${memoryOver ? "  OVER" : ""}`,
);
console.log(
  `${"  of which on opening the database".padEnd(34)} ${`${mb(openedRss)} MB`.padStart(9)}   (Node, libraries${serverUrl ? "" : ", PGlite"})`,
);
console.log(
  `${"  of which before the first export".padEnd(34)} ${`${mb(setupRss)} MB`.padStart(9)}   (Node, libraries${serverUrl ? "" : ", PGlite and its data"})`,
);
console.log(`${"  added by the exports".padEnd(34)} ${`${mb(exportPeak - setupRss)} MB`.padStart(9)}`);
console.log("");
console.log(over > 0 ? `*** ${over} measure(s) OVER target ***` : "All measures within target.");
