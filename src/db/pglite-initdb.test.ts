// A new embedded data folder is made by a child process, so the server never carries initdb's memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "./client";
import { createClusterApart, DataFolderCreationError, holdsCluster } from "./pglite-initdb";

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "ubuf-initdb-"));
  folders.push(dir);
  return dir;
}

// Independent of the database under test: run once, in the PGlite project.
describe.skipIf(process.env.TEST_DB_KIND === "postgresql")("creating an embedded data folder", () => {
  it("creates the cluster in a child process, this process opens it as an existing folder, and a second creation leaves it alone", async () => {
    const dataDir = tempFolder();
    const pgdata = join(dataDir, "pgdata");
    expect(holdsCluster(pgdata)).toBe(false);
    await createClusterApart(pgdata);
    expect(holdsCluster(pgdata)).toBe(true);

    const handle = await openDatabase({ kind: "pglite", dataDir });
    try {
      const rows = await queryRows<{ answer: number }>(handle.db, sql`select 41 + 1 as answer`);
      expect(rows).toEqual([{ answer: 42 }]);
      // The smaller buffers that keep the embedded engine's resident memory down (see PGLITE_START_PARAMS).
      const buffers = await queryRows<{ shared_buffers: string }>(handle.db, sql`show shared_buffers`);
      expect(buffers).toEqual([{ shared_buffers: "32MB" }]);
      await handle.db.execute(sql`create table kept (n int)`);
      await handle.db.execute(sql`insert into kept values (7)`);
    } finally {
      await handle.close();
    }

    // The same folder (one initdb in this file, not two): what it holds survives another creation.
    await createClusterApart(pgdata);
    const again = await openDatabase({ kind: "pglite", dataDir });
    try {
      expect(await queryRows<{ n: number }>(again.db, sql`select n from kept`)).toEqual([{ n: 7 }]);
    } finally {
      await again.close();
    }
  });

  it("says which folder could not be created, and why", async () => {
    const dir = tempFolder();
    const aFile = join(dir, "not-a-folder");
    writeFileSync(aFile, "plain file");
    const pgdata = join(aFile, "pgdata");
    const failure = await createClusterApart(pgdata).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DataFolderCreationError);
    expect((failure as Error).message).toContain(pgdata);
    expect((failure as DataFolderCreationError).detail.length).toBeGreaterThan(0);
  });
});
