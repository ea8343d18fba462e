// The committed migration is pg-boss's construction SQL for the installed version: an upgrade of pg-boss that
// changes its schema fails here until a migration brings the tables along (decision 015, "Upgrading pg-boss").
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../db/migrate";
import { jobQueueMigrationSql, splitStatements } from "./job-queue-migration";

describe("the job queue's migration", () => {
  it("is what src/kernel/jobs/job-queue-migration.ts prints for the installed pg-boss", () => {
    const files = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith("_job_queue.sql"));
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(readFileSync(join(MIGRATIONS_FOLDER, file ?? ""), "utf8")).toBe(jobQueueMigrationSql());
  });

  it("splits statements at top-level semicolons only", () => {
    expect(
      splitStatements(
        "create function f() returns void as $$ begin; select ';'; end; $$ language plpgsql; select 'a;b'",
      ),
    ).toEqual([
      "create function f() returns void as $$ begin; select ';'; end; $$ language plpgsql",
      "select 'a;b'",
    ]);
  });
});
