// Prints how fast the agreements register answers with 2,000 organisations and 10,000 generated agreements
// (PGlite in memory, or PostgreSQL with BENCH_DATABASE_URL): list, search, overview and one agreement.
// A report, not a test: it always exits 0, and prints OVER beside every number above its target.

import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { refreshAgreementSearchTexts } from "../src/modules/agreements/agreement-search.store";
import type { AgreementListQuery } from "../src/modules/agreements/agreements.schema";
import {
  getAgreement,
  getCooperationOverview,
  listAgreements,
} from "../src/modules/agreements/agreements.service";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementSearchTable,
  agreementStatusChangeTable,
  agreementTable,
  agreementThemeTable,
  commitmentTable,
  progressEntryTable,
} from "../src/modules/agreements/agreements.table";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { placeTable } from "../src/modules/places/places.table";
import { BUILT_IN_THEMES, loadBuiltInThemes } from "../src/modules/themes";
import { parsePartialDate, partialDateSortKey } from "../src/shared/partial-date";
import { buildSearchText, normaliseForSearch } from "../src/shared/search-text";
import { addDays, todayInKigali } from "../src/shared/today";
import { openBenchTarget, percentile, seededRandom, startCpuMeter } from "./bench-kit";

const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 2_000);
const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const LIST_REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 1_000); // a p99 from 300 was the 3rd-worst request
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
/** Connections to PostgreSQL: as many as readers by default, as the server gives each request its own. */
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? CONCURRENCY);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 8_000);
const MIN_RUNS = 5;
const BATCH = 1000;
const BENCH_DATABASE = "ubuf_bench";
const benchStarted = performance.now();
/** Progress on stderr, so that the report on stdout stays clean. */
const progressNote = (message: string) =>
  process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}\n`);

const { int, chance, pick, weighted, sample } = seededRandom(20260301);
const pad = (n: number) => String(n).padStart(2, "0");
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

const ORG_KINDS = [
  ["local_cso", 40],
  ["international_ngo", 12],
  ["faith_based", 12],
  ["government", 10],
  ["un_agency", 3],
  ["embassy_donor", 5],
  ["foreign_correctional_service", 2],
  ["academic", 6],
  ["private", 6],
  ["association_network", 4],
] as const;
const ORG_WORDS = [
  "Association",
  "Rwanda",
  "Justice",
  "Legal",
  "Aid",
  "Forum",
  "Women",
  "Youth",
  "Peace",
  "Rights",
  "Initiative",
  "Hope",
  "Bridges",
  "Fellowship",
  "Diocese",
  "Catholique",
  "Byumba",
  "Kigali",
  "Development",
  "Network",
  "Haguruka",
  "Ubuntu",
  "Imbuto",
  "Dignity",
  "Reconciliation",
];
const TITLE_SUBJECTS = [
  "legal aid for detainees",
  "vocational training of inmates",
  "rehabilitation and reintegration of released prisoners",
  "psychosocial support in correctional facilities",
  "health services for inmates",
  "prevention of gender-based violence",
  "inclusion of persons with disability",
  "mediation and alternative dispute resolution",
  "digital case management through e-Huza",
  "education of juveniles in detention",
  "training of correctional staff",
  "unity and reconciliation programmes",
  "environmental protection and biogas",
  "human rights monitoring",
  "crime prevention in communities",
];
const COMMITMENTS = [
  "Provide legal representation to pre-trial detainees",
  "Train paralegals among inmates",
  "Equip a vocational training workshop",
  "Organise quarterly joint monitoring visits",
  "Deploy e-Huza case tracking in the facility",
  "Fund psychosocial counselling sessions",
  "Share an annual implementation report",
  "Provide sanitary materials for female inmates",
  "Install biogas digesters",
  "Support reintegration of released inmates in their communities",
];
const PROGRESS = [
  "Legal aid clinic held",
  "Training session completed",
  "Joint monitoring visit carried out",
  "Workshop equipment delivered",
  "Counselling sessions ongoing",
  "Delay in the disbursement of funds",
  "Report submitted to the steering committee",
  "Mobile court sessions organised",
  "Planned follow-up visit",
  "Planned refresher training",
];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The signature date as people wrote it, at every precision the register meets. */
function signatureText(): string | null {
  const y = int(2005, 2026);
  const m = int(1, 12);
  const d = int(1, 28);
  switch (
    weighted([
      ["dmy", 35],
      ["words", 15],
      ["iso", 5],
      ["month", 15],
      ["year", 15],
      ["none", 7],
      ["null", 8],
    ] as const)
  ) {
    case "dmy":
      return `${pad(d)}/${pad(m)}/${y}`;
    case "words":
      return `${d}${d === 1 ? "st" : d === 2 ? "nd" : d === 3 ? "rd" : "th"} ${MONTH_NAMES[m - 1]} ${y}`;
    case "iso":
      return isoDate(y, m, d);
    case "month":
      return chance(0.5) ? `${MONTH_NAMES[m - 1]} /${y}` : `${pad(m)}/${y}`;
    case "year":
      return String(y);
    case "none":
      return "Letter of Agreement (LOA)";
    case "null":
      return null;
  }
}

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

// The database: PGlite in memory, or PostgreSQL (a database of our own when the URL names "postgres").

// Generation.

type Org = { id: string; name: string; acronym: string | null; aliases: string[]; kind: string };
type Generated = { counts: Record<string, number>; rcsId: string; sampleIds: string[] };

async function insertBatched<T>(
  name: string,
  rows: T[],
  insert: (batch: T[]) => Promise<unknown>,
): Promise<number> {
  progressNote(`inserting ${rows.length} ${name}`);
  for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
  return rows.length;
}

async function generate(handle: DatabaseHandle, today: string): Promise<Generated> {
  const db = handle.db;
  const places = await db
    .select({
      id: placeTable.id,
      kind: placeTable.kind,
      operator: placeTable.operator,
      isOpen: placeTable.isOpen,
    })
    .from(placeTable);
  const facilities = places.filter((p) => p.kind === "place_of_detention").map((p) => p.id);
  const districts = places.filter((p) => p.kind === "district").map((p) => p.id);
  const themeCodes = BUILT_IN_THEMES.map((t) => t.code);

  // Organisations: RCS first, then generated ones with unique names.
  const orgs: Org[] = [
    {
      id: randomUUID(),
      name: "Rwanda Correctional Service",
      acronym: "RCS",
      aliases: ["Rwanda Correctional Services"],
      kind: "government",
    },
  ];
  const names = new Set(orgs.map((o) => normaliseForSearch(o.name)));
  for (let i = 1; orgs.length < ORGANISATIONS; i++) {
    const name = `${pick(ORG_WORDS)} ${pick(ORG_WORDS)} ${pick(ORG_WORDS)}${chance(0.5) ? ` ${i}` : ""}`;
    if (names.has(normaliseForSearch(name))) continue;
    names.add(normaliseForSearch(name));
    const acronym = chance(0.6)
      ? name
          .split(" ")
          .map((w) => w[0])
          .join("")
          .toUpperCase()
      : null;
    orgs.push({
      id: randomUUID(),
      name,
      acronym,
      aliases: chance(0.1) ? [`${name} Rwanda`] : [],
      kind: weighted(ORG_KINDS),
    });
  }
  const rcs = orgs[0];
  if (!rcs) throw new Error("no RCS organisation");
  const others = orgs.slice(1);
  await insertBatched("orgs", orgs, (batch) =>
    db.insert(organisationTable).values(
      batch.map((o) => ({
        id: o.id,
        name: o.name,
        nameKey: normaliseForSearch(o.name),
        acronym: o.acronym,
        aliases: o.aliases,
        kind: o.kind,
        searchText: buildSearchText([o.name, o.acronym, ...o.aliases]),
      })),
    ),
  );

  const agreements: (typeof agreementTable.$inferInsert)[] = [];
  const parties: (typeof agreementPartyTable.$inferInsert)[] = [];
  const themes: (typeof agreementThemeTable.$inferInsert)[] = [];
  const areas: (typeof agreementAreaTable.$inferInsert)[] = [];
  const commitments: (typeof commitmentTable.$inferInsert)[] = [];
  const progress: (typeof progressEntryTable.$inferInsert)[] = [];
  const statusChanges: (typeof agreementStatusChangeTable.$inferInsert)[] = [];
  const searches: (typeof agreementSearchTable.$inferInsert)[] = [];
  const todayYear = Number(today.slice(0, 4));

  for (let i = 0; i < AGREEMENTS; i++) {
    const id = randomUUID();
    const partyOrgs = sample(others, int(2, 4));
    if (chance(0.6)) partyOrgs[0] = rcs;
    const subject = pick(TITLE_SUBJECTS);
    const district = chance(0.3) ? ` in ${pick(["Musanze", "Huye", "Rubavu", "Nyarugenge", "Rusizi"])}` : "";
    const title = `${weighted([
      ["Memorandum of Understanding on", 5],
      ["Agreement on", 2],
      ["Partnership for", 2],
      ["Grant for", 1],
    ] as const)} ${subject}${district} (${i})`;
    const kind = weighted([
      ["mou", 60],
      ["letter_of_agreement", 12],
      ["implementation_plan", 8],
      ["framework_agreement", 8],
      ["grant", 8],
      ["amendment", 4],
    ] as const);
    const status = weighted([
      ["active", 40],
      ["under_revision", 6],
      ["expired", 18],
      ["terminated", 8],
      ["draft", 12],
      ["negotiating", 10],
      ["awaiting_approval", 6],
    ] as const);
    const signedOnText = signatureText();
    const signed = parsePartialDate(signedOnText);
    const startYear = signed.year ?? int(2005, 2026);
    const validFrom = chance(0.8) ? isoDate(startYear, signed.month ?? 1, signed.day ?? 1) : null;
    const validUntil =
      validFrom && chance(0.85)
        ? isoDate(Math.min(startYear + int(1, 6), 2032), int(1, 12), int(1, 28))
        : null;
    const purpose = chance(0.7) ? `To cooperate on ${subject} for the benefit of people in detention.` : null;
    const reference = chance(0.5) ? `RCS/MoU/${startYear}/${pad(int(1, 99))}` : null;
    const followUpBody = chance(0.3) ? "Joint steering committee" : null;
    agreements.push({
      id,
      title,
      reference,
      kind,
      purpose,
      status,
      signedOnText: signed.text,
      signedYear: signed.year,
      signedMonth: signed.month,
      signedDay: signed.day,
      signedPrecision: signed.precision,
      signedSortKey: partialDateSortKey(signed),
      validFrom,
      validUntil: validFrom && validUntil && validUntil < validFrom ? validFrom : validUntil,
      followUpBody,
      // Amendments point at an agreement of an earlier batch (already inserted when theirs is).
      amendsId: kind === "amendment" && i >= BATCH ? agreements[int(0, i - (i % BATCH) - 1)]?.id : undefined,
      keeperOrganisationId: partyOrgs[0]?.id,
    });
    partyOrgs.forEach((o, k) => {
      parties.push({
        agreementId: id,
        organisationId: o.id,
        role: k === 0 ? "signatory" : pick(["signatory", "implementer", "funder", "host"]),
      });
    });
    const themeList = [
      ...new Set([...(chance(0.25) ? ["legal_aid"] : []), ...sample(themeCodes, int(1, 3))]),
    ].slice(0, 3);
    for (const themeCode of themeList) themes.push({ agreementId: id, themeCode });
    const areaKeys = new Set<string>();
    for (let a = int(1, 3); a > 0; a--) {
      const target = weighted([
        ["facility", 50],
        ["district", 35],
        ["set", 12],
        ["national", 3],
      ] as const);
      const placeId =
        target === "facility" ? pick(facilities) : target === "district" ? pick(districts) : null;
      const placeSet =
        target === "set" ? "all_correctional_facilities" : target === "national" ? "national" : null;
      const key = placeId ?? placeSet ?? "";
      if (areaKeys.has(key)) continue;
      areaKeys.add(key);
      areas.push({ agreementId: id, placeId, placeSet });
    }
    const commitmentTexts: string[] = [];
    for (let c = 0, n = int(0, 5); c < n; c++) {
      const text = pick(COMMITMENTS);
      commitmentTexts.push(text);
      commitments.push({
        agreementId: id,
        text,
        responsibleOrganisationId: chance(0.8) ? pick(partyOrgs).id : null,
        status: pick(["not_started", "ongoing", "done", "dropped"]),
        dueOn: chance(0.6)
          ? isoDate(int(startYear, Math.min(startYear + 4, todayYear + 2)), int(1, 12), 28)
          : null,
        position: c,
      });
    }
    const progressTexts: { text: string; entryDate: string }[] = [];
    for (let p = 0, n = int(0, 6); p < n; p++) {
      const progressKind = weighted([
        ["achievement", 35],
        ["ongoing", 20],
        ["planned", 35],
        ["issue", 10],
      ] as const);
      const entryDate = addDays(today, -int(0, 365 * Math.max(1, todayYear - startYear)));
      const text = pick(PROGRESS);
      progressTexts.push({ text, entryDate });
      // Planned entries: half due in the past, of which most still open (overdue), the rest coming.
      const dueOn =
        progressKind === "planned" ? addDays(today, chance(0.5) ? -int(1, 400) : int(1, 300)) : null;
      progress.push({
        agreementId: id,
        kind: progressKind,
        text,
        entryDate,
        dueOn,
        done: progressKind === "planned" && chance(0.3),
        createdBy: "bench",
      });
    }
    statusChanges.push({
      agreementId: id,
      fromStatus: null,
      toStatus: status,
      changedOn: today,
      reason: null,
      changedBy: "bench",
    });
    // An empty search row, filled by refreshAgreementSearchTexts once everything it reads is written (below).
    searches.push({ agreementId: id });
  }

  const counts: Record<string, number> = { organisations: orgs.length };
  // One transaction, as the importer writes: each agreement's list facets are then computed once, at commit.
  await db.transaction(async (tx) => {
    counts.agreements = await insertBatched("agreements", agreements, (b) =>
      tx.insert(agreementTable).values(b),
    );
    // Before the parties, as createAgreement does: their trigger then only fills in the parties' part.
    counts.searchTexts = await insertBatched("search texts", searches, (b) =>
      tx.insert(agreementSearchTable).values(b),
    );
    counts.parties = await insertBatched("parties", parties, (b) => tx.insert(agreementPartyTable).values(b));
    counts.themes = await insertBatched("themes", themes, (b) => tx.insert(agreementThemeTable).values(b));
    counts.areas = await insertBatched("areas", areas, (b) => tx.insert(agreementAreaTable).values(b));
    counts.commitments = await insertBatched("commitments", commitments, (b) =>
      tx.insert(commitmentTable).values(b),
    );
    counts.progress = await insertBatched("progress", progress, (b) =>
      tx.insert(progressEntryTable).values(b),
    );
    counts.statusChanges = await insertBatched("statusChanges", statusChanges, (b) =>
      tx.insert(agreementStatusChangeTable).values(b),
    );
    // The agreements' own search words as the services write them: fields, themes, places, commitments, progress.
    progressNote("search texts");
    await refreshAgreementSearchTexts(
      tx,
      agreements.map((a) => a.id).filter((x): x is string => typeof x === "string"),
    );
  });
  // Dead rows cleared and fresh statistics, as autovacuum would give a real database after such a load.
  await db.execute(handle.kind === "postgresql" ? "vacuum analyze" : "analyze");
  const sampleIds = Array.from({ length: 50 }, () => pick(agreements).id).filter(
    (x): x is string => typeof x === "string",
  );
  return { counts, rcsId: rcs.id, sampleIds };
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
    const { counts, sampleIds } = await generate(handle, today);
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
