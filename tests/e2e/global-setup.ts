// Once per run of the browser tests: build the browser app if its sources changed since the last build, and prepare
// one migrated data folder (reference places and themes loaded) that every test server starts from a copy of, and a
// second one that also holds the first administrator and the example data, for the walk-throughs that start there;
// on a run with PostgreSQL, the same two as databases (see e2eDatabaseKind).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { prepareDatabase } from "../../src/server/bootstrap";
import { ensureLoginRole, roleDatabaseUrl, testRoles } from "../database";
import {
  addExampleData,
  asDatabaseAdministrator,
  CHROMIUM_PATH,
  e2eDatabaseKind,
  newServerDatabase,
} from "./harness";
import { ensureServerBuilt, ensureWebAppBuilt } from "./web-app";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Without Chromium the browser tests skip (or fail on E2E_REQUIRED=1 themselves): no build needed.
  if (!existsSync(CHROMIUM_PATH) && process.env.E2E_REQUIRED !== "1") return undefined;
  let started = performance.now();
  const { built, reason } = ensureWebAppBuilt();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    built
      ? `Browser app built in ${seconds()} s (${reason}).`
      : "Browser app already built from the current sources.",
  );

  started = performance.now();
  const server = await ensureServerBuilt();
  console.log(
    server.built
      ? `Server compiled in ${seconds()} s (${server.reason}).`
      : "Server already compiled from the current sources.",
  );

  // What a first server start does (initdb, every migration, 416 sectors): ~30 s of each file's start, done once.
  // On a run with PostgreSQL, its databases are made meanwhile (the folder's preparation is PGlite's CPU in this
  // process; theirs is mostly waiting on PostgreSQL and on a server).
  const kind = e2eDatabaseKind();
  started = performance.now();
  const tmp = resolve(".tmp");
  mkdirSync(tmp, { recursive: true });
  const template = mkdtempSync(join(tmp, "e2e-data-template-"));
  const exampleTemplate = mkdtempSync(join(tmp, "e2e-example-data-template-"));
  const databases: string[] = [];
  const removeAll = async () => {
    rmSync(template, { recursive: true, force: true });
    rmSync(exampleTemplate, { recursive: true, force: true });
    if (databases.length > 0)
      await asDatabaseAdministrator(...databases.map((d) => `drop database if exists ${d} with (force)`));
  };
  try {
    const folder = (async () => {
      const handle = await prepareDatabase({ kind: "pglite", dataDir: template });
      await handle.close();
      console.log(`Browser tests' data folder prepared in ${seconds()} s.`);
      if (kind === "pglite") {
        // A server start, the set-up and the example data's load (~40 s of each such file's start), done once.
        cpSync(template, exampleTemplate, { recursive: true });
        await addExampleData({ dataDir: exampleTemplate });
        console.log(`Browser tests' example-data folder prepared in ${seconds()} s.`);
      }
    })();
    const postgres = kind === "postgresql" ? preparePostgresTemplates(databases, tmp) : Promise.resolve(null);
    const [made, onPostgres] = await Promise.allSettled([folder, postgres]);
    if (made.status === "rejected") throw made.reason;
    if (onPostgres.status === "rejected") throw onPostgres.reason;
    if (onPostgres.value) console.log(`Browser tests' PostgreSQL databases prepared in ${seconds()} s.`);
    project.provide("e2eDatabaseKind", kind);
    project.provide("e2eDataTemplate", template);
    project.provide("e2eExampleDataTemplate", kind === "pglite" ? exampleTemplate : null);
    project.provide("e2ePostgresTemplate", onPostgres.value?.plain ?? null);
    project.provide("e2ePostgresExampleTemplate", onPostgres.value?.example ?? null);
  } catch (error) {
    await removeAll();
    throw error;
  }
  return removeAll;
}

/**
 * The PostgreSQL templates every browser test's server database is copied from: one migrated with places and themes
 * loaded (by the server's own start-up code, as the data folder), and a copy that also holds Aline Uwase and the
 * example data. Their names go into `made` as they are created, for the caller to drop.
 */
async function preparePostgresTemplates(
  made: string[],
  tmp: string,
): Promise<{ plain: string; example: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const roles = testRoles();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await ensureLoginRole(admin, roles.owner);
    await ensureLoginRole(admin, roles.app);
  } finally {
    await admin.end();
  }
  const plain = await newServerDatabase();
  made.push(plain);
  const handle = await prepareDatabase({
    kind: "postgresql",
    url: roleDatabaseUrl(url, plain, roles.app),
    ownerUrl: roleDatabaseUrl(url, plain, roles.owner),
    poolSize: 2,
  });
  await handle.close();
  const example = await newServerDatabase(plain);
  made.push(example);
  const dataDir = mkdtempSync(join(tmp, "e2e-example-data-folder-"));
  try {
    await addExampleData({ dataDir, database: example });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { plain, example };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The engine of the test servers' copies (see e2eDatabaseKind). */
    e2eDatabaseKind: "pglite" | "postgresql";
    /** A data folder migrated by the server's own start-up code, copied for each browser test's server on PGlite. */
    e2eDataTemplate: string;
    /** The same, with Aline Uwase as first administrator and the example data loaded by the app's own requests. */
    e2eExampleDataTemplate: string | null;
    /** On PostgreSQL: the database a server's own is copied from (as e2eDataTemplate). */
    e2ePostgresTemplate: string | null;
    /** On PostgreSQL: the same with Aline Uwase and the example data (as e2eExampleDataTemplate). */
    e2ePostgresExampleTemplate: string | null;
  }
}
