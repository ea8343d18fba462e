// Test projects: everything on PGlite; the database tests again on PostgreSQL when TEST_DATABASE_URL is set; browser tests.
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// Files the patterns below catch that never open a PostgreSQL database (none, or only an embedded data folder of
// their own, as the data-folder lock's test): once, in the pglite project, is enough.
const noDatabase = [
  "src/modules/programmes/iati-results.import.test.ts",
  "tests/kit/shared-data.test.ts",
  "src/db/data-dir-lock.test.ts",
  "src/db/pglite-initdb.test.ts",
  "src/db/pglite-backup.test.ts",
  "src/kernel/crypto/field-cipher.test.ts",
  "src/kernel/crypto/keyring.test.ts",
];

// Files whose PostgreSQL run adds nothing to their PGlite run (the same engine, compiled to WebAssembly): what they
// test is file parsing in the worker, document rendering, HTTP hygiene, or walks of the OpenAPI document; the
// database only stores what they make, through services whose own tests run on both. Left out of the PostgreSQL
// project to keep CI under 15 minutes (~130 s of test time). Engine-sensitive tests (migrations, roles, audit
// triggers, the job queue, locks and concurrency, stores, scope, every module's routes and services) stay.
const engineAgnostic = [
  "src/server/hostile-files.routes.test.ts",
  "src/server/openapi.fuzz.test.ts",
  // A walk of the OpenAPI document's PATCH/PUT/DELETE (If-Match, 428, 412): the versions it checks are the services'
  // own, whose tests run on both engines (27 s of PGlite test time on a slow run).
  "src/server/if-match.routes.test.ts",
  "src/server/api-docs.routes.test.ts",
  "src/modules/agreements/agreements.fuzz.test.ts",
  "src/modules/organisations/organisations.fuzz.test.ts",
  "src/server/export-formulas.routes.test.ts",
  "src/kernel/files/**/*.test.ts",
  "src/modules/imports/status-report-round-trip.test.ts",
  "src/modules/imports/imports.service.test.ts",
  "src/modules/imports/imports.routes.test.ts",
  "src/modules/imports/imports-bulk.service.test.ts",
  // Reading documents and writing reports around a few services (other fields kept; a report imported as of its day;
  // results tables read from Word/Excel/CSV): the services' own tests run on both engines.
  "src/modules/imports/imports-other-fields.service.test.ts",
  "src/modules/imports/status-report-as-of.service.test.ts",
  "src/modules/programmes/results-table.service.test.ts",
  "src/modules/programmes/results-table.routes.test.ts",
  "src/modules/status-report/status-report.export.test.ts",
  "src/modules/status-report/status-report-demo.service.test.ts",
  "src/modules/programmes/programmes.import.test.ts",
  "src/modules/programmes/programmes.export.test.ts",
  "src/modules/programmes/programme-demo.test.ts",
  "src/modules/coordination/hxl-import.service.test.ts",
  "src/modules/places/place-boundaries.service.test.ts",
  "src/server/request-hygiene.routes.test.ts",
  "src/server/length-limits.routes.test.ts",
  "src/server/request-log.routes.test.ts",
  "src/server/compress-json.routes.test.ts",
  "tests/kit/*.test.ts",
  // Module routes over services whose own tests run on both engines (2026-12-07, CI at 15 min on this machine: ~54 s
  // of PostgreSQL test time). Authentication, accounts and access routes stay on both: their storage is the engine's.
  "src/modules/public/public.routes.test.ts",
  "src/modules/monitoring/visits.routes.test.ts",
  "src/modules/monitoring/occupancy.routes.test.ts",
  "src/modules/organisations/organisations.routes.test.ts",
  "src/modules/organisations/contact-persons.routes.test.ts",
  "src/modules/profiles/profiles.routes.test.ts",
  "src/modules/reporting/reporting.routes.test.ts",
  "src/modules/reporting/submission-files.routes.test.ts",
  "src/modules/meetings/meetings.routes.test.ts",
  "src/modules/programmes/programmes.routes.test.ts",
  "src/modules/agreements/agreements.routes.test.ts",
];

const databaseTests = [
  "src/**/*.{service,routes,store,fuzz,export}.test.ts",
  "tests/kit/*.test.ts",
  "src/db/**/*.test.ts",
  "src/kernel/**/*.test.ts",
  // The CLI's engine-sensitive part (migrate, backup/restore: a tar of the data folder or pg_dump, DATABASE_URL).
  // The commands in src/cli/commands are thin over module services whose own tests run on both engines.
  "src/cli/*.test.ts",
  "src/modules/programmes/*.test.ts",
  "src/modules/imports/status-report-round-trip.test.ts",
];

/**
 * Test files run at once. Vitest's default on 2 cores is one worker (cores - 1): every file waited for the one
 * before, while most of them wait on PostgreSQL, a child process or the browser. Two workers: CI 19 min 02 s → 16 min
 * 10 s. Three (2026-12-07): the suite had grown to ~17 min with two on this machine, whose processors were busy ~75 %
 * of the run (user + system time over wall time); a third worker filled the waits: vitest 902 → 823 s, every test
 * passing. Four gave nothing more (837 s): the processors were full. The browser tests' servers pick
 * ports by worker (tests/e2e/harness.ts, TEST_WORKERS).
 */
const TEST_WORKERS = 3;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: TEST_WORKERS,
    // Every project's workers seal and open fields with the run's fixed keys (tests/field-keys.ts says why), so no
    // test makes the default keys file in the developer's ~/.config. Read, not imported: Vite's coming native config
    // loader warns on an extensionless import.
    env: {
      NODE_ENV: "test",
      TEST_WORKERS: String(TEST_WORKERS),
      UBUFATANYE_DATA_KEYS: readFileSync(new URL("./tests/field-keys.json", import.meta.url), "utf8"),
      UBUFATANYE_KEYS_FILE: "",
    },
    reporters: ["default", "./tests/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          // One module graph per worker, not per file: each file re-imported the app (~2.5 s of import per file, 267 s
          // in a run). Files share no state through modules (each opens its own database and server); measured on the
          // whole project at load ~11: 860 s → 780 s, every test passing.
          isolate: false,
          // tests/kit: the shared test kit's own tests (fixtures, assertions, shared-data rule), on a database.
          include: ["src/**/*.test.ts", "tests/kit/*.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          env: { TEST_DB_KIND: "pglite" },
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "postgresql",
                isolate: false,
                include: databaseTests,
                exclude: [...noDatabase, ...engineAgnostic],
                globalSetup: ["tests/global-setup.ts"],
                env: { TEST_DB_KIND: "postgresql" },
              },
            },
          ]
        : []),
      {
        // Tests of the project's own tooling (the boundary check): no database, so no template to build.
        extends: true,
        test: { name: "tooling", include: ["tests/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // The browser app is built here once for every file (it was built by each file); startServer checks it again.
          globalSetup: ["tests/e2e/global-setup.ts"],
          // Several files at a time (one per worker): each starts its own server, on its own copy of the prepared
          // data folder and its own port, and its own browser; most of a file's time is spent waiting on them.
          // Measured with other sessions loading the machine: the 15 files one at a time took 984 s (load ~15);
          // programmes, accounts, import and agreement-keeper two at a time 78 s with set-up (file times summing
          // to 118 s; 176 s one at a time in the earlier run, at higher load); all 15 two at a time 277 s with
          // set-up (file times summing to 491 s) at load ~5–8, before coordination's language wait was fixed.
          // With the example-data folder prepared once, server and browser started together and isolate: false, the
          // 19 files' times summed 305–425 s against 439–475 s before, in alternating runs at load ~1–9.
          fileParallelism: true,
          // Each worker imports playwright-core and the harness once, not once per file; files share nothing through
          // modules (each has its own server, data folder and browser).
          isolate: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // expect.poll waits 1 s by default: too short for a page on a loaded 2-core machine (a dashboard's charts
          // were not drawn within 1 s in a CI run at load ~11, and passed alone). A poll that never holds still fails.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
