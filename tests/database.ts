// A fresh, migrated database per test file: a copy of a template made once per run (PGlite dump or PostgreSQL TEMPLATE).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "../src/db/client";

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

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const template = inject("databaseTemplate");
  if (testDatabaseKind() === "pglite") {
    const dump = await readFile(template);
    return openDatabase({ kind: "pglite-memory", loadDataDir: new Blob([dump]) });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is required for the PostgreSQL suite");
  const name = `ubuf_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({
    kind: "postgresql",
    url: siblingDatabaseUrl(adminUrl, name),
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
