// A fresh, migrated database per test file: a copy of a template made once per run (PGlite dump or PostgreSQL TEMPLATE).
// On both engines the handle works as the app's role, which owns no table (decision 010); `{ as: "owner" }` for DDL.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "../src/db/client";
import { DEFAULT_APP_ROLE } from "../src/db/roles";

export type TestDatabaseKind = "pglite" | "postgresql";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DB_KIND === "postgresql" ? "postgresql" : "pglite";
}

/** The URL of another database on the same server as `url`. */
export function siblingDatabaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The PostgreSQL suite's two login roles (cluster-wide, made by tests/global-setup.ts if missing; .ci/run names its
 * own): the owner migrates, the app runs the tests.
 */
export function testRoles(env: NodeJS.ProcessEnv = process.env): { owner: string; app: string } {
  return {
    owner: env.TEST_DATABASE_OWNER_ROLE ?? "ubufatanye_test_owner",
    app: env.TEST_DATABASE_APP_ROLE ?? "ubufatanye_test_app",
  };
}

/** `url` (of the server's administrator) for `database`, logging in as `role` (trust or a password file). */
export function roleDatabaseUrl(url: string, database: string, role: string): string {
  const u = new URL(siblingDatabaseUrl(url, database));
  u.username = role;
  u.password = process.env.TEST_DATABASE_ROLE_PASSWORD ?? "";
  return u.toString();
}

/** The owner's URL for a test database reached as the app role (what the CLI children get as DATABASE_OWNER_URL). */
export function ownerUrlOf(appUrl: string): string | undefined {
  const u = new URL(appUrl);
  const roles = testRoles();
  if (decodeURIComponent(u.username) !== roles.app) return undefined;
  u.username = roles.owner;
  return u.toString();
}

/** Creates a login role unless it exists; two runs starting together may race, and the loser finds it made. */
export async function ensureLoginRole(admin: pg.Client, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`Unusable test role name "${role}"`);
  const { rows } = await admin.query("select 1 from pg_roles where rolname = $1", [role]);
  if (rows.length > 0) return;
  try {
    await admin.query(`create role ${role} login nosuperuser nocreatedb nocreaterole`);
  } catch (error) {
    if ((error as { code?: string }).code !== "42710" && (error as { code?: string }).code !== "23505")
      throw error;
  }
}

export type TestDatabaseOptions = {
  /** "owner" for tests that change the schema or the migration history; the app's role otherwise. */
  as?: "app" | "owner";
};

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<DatabaseHandle> {
  const template = inject("databaseTemplate");
  if (testDatabaseKind() === "pglite") {
    const dump = await readFile(template);
    const handle = await openDatabase({ kind: "pglite-memory", loadDataDir: new Blob([dump]) });
    if (options.as !== "owner") await handle.actAs(DEFAULT_APP_ROLE);
    return handle;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is required for the PostgreSQL suite");
  const roles = testRoles();
  const name = `ubuf_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template} owner ${roles.owner}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = roleDatabaseUrl(adminUrl, name, roles.owner);
  const handle = await openDatabase({
    kind: "postgresql",
    url: options.as === "owner" ? ownerUrl : roleDatabaseUrl(adminUrl, name, roles.app),
    ownerUrl,
    poolSize: 4,
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: path of a dumped data folder; PostgreSQL: name of a template database. */
    databaseTemplate: string;
  }
}
