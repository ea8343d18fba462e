// Once per test run and project: migrate a template database that every test file then copies.
import { mkdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { loadBuiltInThemes } from "../src/modules/themes";
import { siblingDatabaseUrl } from "./database";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.env.TEST_DB_KIND === "postgresql" ? "postgresql" : "pglite";
  if (kind === "pglite") {
    const dir = resolve(".tmp");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `pglite-template-${process.pid}-${Date.now()}.tar`);
    const handle = await openDatabase({ kind: "pglite-memory" });
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    await loadBuiltInThemes(handle.db);
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
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  await admin.end();
  const handle = await openDatabase({
    kind: "postgresql",
    url: siblingDatabaseUrl(adminUrl, template),
    poolSize: 2,
  });
  await migrateDatabase(handle);
  await loadReferencePlaces(handle.db);
  await loadBuiltInThemes(handle.db);
  await handle.close();
  project.provide("databaseTemplate", template);
  return async () => {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists ${template} with (force)`);
    await dropper.end();
  };
}
