// Once per test run and project: migrate a template database that every test file then copies.
import { mkdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureServerBuilt } from "../scripts/build-server.mjs";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { loadSectorThemes } from "../src/modules/programmes";
import { loadBuiltInThemes } from "../src/modules/themes";
import { ensureLoginRole, roleDatabaseUrl, testRoles } from "./database";
import { findLoggedCanaries } from "./suite-logs";

/**
 * The template database, and the folder where the app's log lines of this project go: at the end, a log line with
 * a value that must never be logged (tests/suite-logs.ts) fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.env.TEST_DB_KIND === "postgresql" ? "postgresql" : "pglite";
  const logDir = resolve(".tmp", `test-logs-${kind}-${process.pid}-${Date.now()}`);
  mkdirSync(logDir, { recursive: true });
  project.provide("testLogDir", logDir);
  // The CLI's child-process tests run what `npm run cli` runs, the compiled command line: built here once, not by the
  // first child (two workers would build it at once).
  const { built, reason } = await ensureServerBuilt();
  if (built) console.log(`Server and command line compiled (${reason}).`);
  const dropTemplate = await prepareTemplate(project);
  return async () => {
    await dropTemplate();
    const { findings } = findLoggedCanaries(logDir);
    rmSync(logDir, { recursive: true, force: true });
    if (findings.length > 0) {
      // Vitest reports an error thrown here but still exits 0: the exit code says it too.
      process.exitCode = 1;
      throw new Error(
        `${findings.length} log line(s) of the ${kind} tests hold values that must never be logged:\n${findings
          .slice(0, 10)
          .map((f) => `  ${f.canary}: ${f.text}`)
          .join("\n")}`,
      );
    }
  };
}

async function prepareTemplate(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.env.TEST_DB_KIND === "postgresql" ? "postgresql" : "pglite";
  if (kind === "pglite") {
    const dir = resolve(".tmp");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `pglite-template-${process.pid}-${Date.now()}.tar`);
    const handle = await openDatabase({ kind: "pglite-memory" });
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    await loadBuiltInThemes(handle.db);
    await loadSectorThemes(handle.db);
    if (!handle.pglite) throw new Error("PGlite handle without engine");
    const dump = await handle.pglite.dumpDataDir("none");
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    project.provide("databaseTemplate", file);
    return async () => rmSync(file, { force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is required for the PostgreSQL suite");
  const template = `ubuf_tpl_${process.pid}`;
  // Two roles, as in production (decision 010): the owner migrates, the app (which owns nothing) runs every test.
  const roles = testRoles();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await ensureLoginRole(admin, roles.owner);
  await ensureLoginRole(admin, roles.app);
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template} owner ${roles.owner}`);
  await admin.end();
  const handle = await openDatabase({
    kind: "postgresql",
    url: roleDatabaseUrl(adminUrl, template, roles.app),
    ownerUrl: roleDatabaseUrl(adminUrl, template, roles.owner),
    poolSize: 2,
  });
  await migrateDatabase(handle);
  await loadReferencePlaces(handle.db);
  await loadBuiltInThemes(handle.db);
  await loadSectorThemes(handle.db);
  await handle.close();
  project.provide("databaseTemplate", template);
  return async () => {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists ${template} with (force)`);
    await dropper.end();
  };
}
