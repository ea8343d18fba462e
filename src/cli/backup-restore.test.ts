// `backup` and `restore`: round trip, refusals that change nothing, the data-folder lock. The commands run in this
// process, except while another process holds the data folder: that test runs them as an operator would (child
// processes), for the lock between processes and the real exit codes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  hasCommand,
  runCliInProcess,
  runCliProcess,
} from "../../tests/cli";
import { testDatabaseKind } from "../../tests/database";
import { buildOrganisationInput, systemActor } from "../../tests/factories";
import { openDatabase } from "../db/client";
import { createIncident } from "../modules/incidents";
import { createOrganisation, listOrganisations } from "../modules/organisations";

const kind = testDatabaseKind();
const pgToolsMissing = kind === "postgresql" && !(hasCommand("pg_dump") && hasCommand("pg_restore"));

let database: CliDatabase;
let workDir = "";
let dataDir = "";

beforeAll(async () => {
  // On PGlite an empty data folder: the first test restores the template into it.
  database = await createCliDatabase("cli-backup", { empty: true });
  workDir = database.workDir;
  dataDir = database.dataDir;
});

afterAll(async () => {
  await database?.close();
});

const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);

const organisationNames = () =>
  database.withDatabase(async (handle) => {
    const list = await listOrganisations({ db: handle.db, actor: systemActor }, { limit: 200, offset: 0 });
    return list.items.map((o) => o.name).sort();
  });

const addOrganisation = (name: string) =>
  database.withDatabase((handle) =>
    createOrganisation({ db: handle.db, actor: systemActor }, buildOrganisationInput({ name })),
  );

const foldersSetAside = () =>
  dataDir ? readdirSync(dataDir).filter((f) => f.startsWith("pgdata.before-restore-")) : [];

describe.skipIf(pgToolsMissing)(
  pgToolsMissing
    ? "backup and restore (skipped: pg_dump or pg_restore is not on the PATH)"
    : "backup and restore",
  () => {
    // In a folder that does not exist yet: backup creates it.
    const backupFile = () => join(workDir, "backups", kind === "pglite" ? "backup.tar.gz" : "backup.dump");

    it.runIf(kind === "pglite")("restores the test template into an empty data folder", async () => {
      // The template is an uncompressed dump of a migrated database: a fast way to a data folder, and a restore test.
      const run = await cli("restore", inject("databaseTemplate"));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`into the embedded database in ${dataDir}: 0 organisations, 0 users.`);
      expect(foldersSetAside()).toEqual([]);
    });

    it("backs up to a new file, refuses to overwrite it, and replaces it with --force", async () => {
      await addOrganisation("Haguruka");
      const first = await cli("backup", backupFile());
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`to ${backupFile()}`);
      const bytes = readFileSync(backupFile());
      expect(bytes.length).toBeGreaterThan(1000);

      const refused = await cli("backup", backupFile());
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${backupFile()} already exists`);
      expect(refused.stderr).toContain("--force");
      expect(readFileSync(backupFile()).equals(bytes)).toBe(true);

      const forced = await cli("backup", backupFile(), "--force");
      expect(forced.code).toBe(0);
      expect(readdirSync(join(workDir, "backups"))).toEqual([basename(backupFile())]);
    });

    it("refuses a file that is not a backup, naming it, and leaves the data as it was", async () => {
      await addOrganisation("Legal Aid Forum");
      const garbage = join(workDir, "garbage.tar.gz");
      writeFileSync(garbage, "this is not a database dump\n".repeat(50));
      const run = await cli("restore", garbage);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: .*garbage\.tar\.gz is not a .*Nothing was changed\.\n$/);
      expect(await organisationNames()).toEqual(["Haguruka", "Legal Aid Forum"]);
      expect(foldersSetAside()).toEqual([]);
    });

    it.runIf(kind === "pglite")(
      "puts the current data back when a dump looks right but does not start",
      async () => {
        // A tar with a PG_VERSION passes the first check; PGlite then fails to start on it.
        const fake = join(workDir, "fake");
        mkdirSync(join(fake, "base"), { recursive: true });
        writeFileSync(join(fake, "PG_VERSION"), readFileSync(join(dataDir, "pgdata", "PG_VERSION")));
        const fakeDump = join(workDir, "fake.tar.gz");
        execFileSync("tar", ["-czf", fakeDump, "-C", fake, "PG_VERSION", "base"]);
        const run = await cli("restore", fakeDump);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`Could not restore ${fakeDump}`);
        expect(run.stderr).toContain("The previous data is back in place.");
        expect(foldersSetAside()).toEqual([]);
        expect(await organisationNames()).toEqual(["Haguruka", "Legal Aid Forum"]);
      },
    );

    it.runIf(kind === "pglite")(
      "refuses to back up or restore while another process holds the data folder",
      async () => {
        const holder = await openDatabase({ kind: "pglite", dataDir });
        let runs: CliRun[];
        try {
          runs = await Promise.all([
            spawned("restore", backupFile()),
            spawned("backup", join(workDir, "other.tar.gz")),
          ]);
        } finally {
          await holder.close();
        }
        for (const run of runs) {
          expect(run.code).toBe(1);
          expect(run.stderr).toContain(`The data folder ${dataDir} is in use`);
          expect(run.stderr).toContain(`(pid ${process.pid})`);
          expect(run.stderr).not.toMatch(/\n\s+at /);
        }
        expect(existsSync(join(workDir, "other.tar.gz"))).toBe(false);
        expect(foldersSetAside()).toEqual([]);
        expect(await organisationNames()).toEqual(["Haguruka", "Legal Aid Forum"]);
      },
    );

    it("restores the backup: later changes are gone, earlier data is back", async () => {
      const run = await cli("restore", backupFile());
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Restored ${backupFile()} into the `);
      expect(run.stdout).toContain(": 1 organisation, 0 users.");
      expect(await organisationNames()).toEqual(["Haguruka"]);
      if (kind === "pglite") {
        const [aside] = foldersSetAside();
        expect(aside).toBeDefined();
        expect(run.stdout).toContain(`The previous data is kept in ${join(dataDir, aside ?? "")}`);
      }
    });

    it("refuses a backup of the other database kind without touching anything", async () => {
      const other = join(workDir, kind === "pglite" ? "other.dump" : "other.tar.gz");
      // pg_dump's custom format starts with PGDMP; a gzip stream with 1f 8b.
      writeFileSync(
        other,
        kind === "pglite" ? Buffer.from("PGDMP\x01\x0e\x00") : Buffer.from([0x1f, 0x8b, 8, 0]),
      );
      const run = await cli("restore", other);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        kind === "pglite" ? "is a PostgreSQL dump" : "is a backup of the embedded database",
      );
      expect(await organisationNames()).toEqual(["Haguruka"]);
    });

    it.runIf(kind === "pglite")(
      "keeps incidents' names and descriptions sealed in a backup, while plain register data reads as written",
      async () => {
        const CANARY = "Backup Canary Nyiraneza";
        const control = await addOrganisation("Plaintext Control Organisation");
        await database.withDatabase((handle) =>
          createIncident(
            { db: handle.db, actor: systemActor },
            {
              kind: "hindrance_to_justice",
              placeKind: "unknown",
              description: `${CANARY} was held past the legal limit.`,
              reportingOrganisationId: control.id,
              persons: [{ role: "victim", identity: { name: CANARY, contact: `${CANARY} +250` } }],
            },
          ),
        );
        const file = join(workDir, "sealed.tar.gz");
        const run = await cli("backup", file);
        expect(run.code).toBe(0);
        // The embedded database's backup is its data folder, gzipped: short texts sit in the pages as written.
        const raw = gunzipSync(readFileSync(file));
        expect(raw.includes(Buffer.from("Plaintext Control Organisation"))).toBe(true);
        expect(raw.includes(Buffer.from(CANARY))).toBe(false);
        expect(raw.includes(Buffer.from("Canary"))).toBe(false);
      },
    );
  },
);
