// The CLI on PGlite or PostgreSQL: usage, migrate, users, organisations and the OpenAPI document. Most commands run in
// this process; the usage error and the OpenAPI document run as an operator runs them (child processes), for the
// real exit codes and a large standard output through a pipe.
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../tests/cli";
import { createTestServer, systemActor } from "../../tests/factories";
import { listUsers } from "../modules/access";
import { listHistory } from "../modules/audit";
import { APP_VERSION } from "../server/bootstrap";

let database: CliDatabase;

beforeAll(async () => {
  // On PGlite an empty folder, for `migrate` to create; on PostgreSQL a database of our own.
  database = await createCliDatabase("cli", { empty: true });
});

afterAll(async () => {
  await database?.close();
});

const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);
/** The CLI in this process with `input` as its standard input. */
const cliWithInput = (input: string, ...args: string[]): Promise<CliRun> =>
  runCliInProcess(args, database.env, input);
/** The CLI as a child process with `input` piped to its standard input (the pipe's own wiring). */
const spawnedWithInput = (input: string, ...args: string[]): Promise<CliRun> =>
  runCliProcess(args, database.env, input);

const usersInDatabase = () =>
  database.withDatabase((handle) => listUsers({ db: handle.db, actor: systemActor }));

describe("usage", () => {
  it("prints the commands for --help and exits 0; no command, unknown commands and bad options exit 2", async () => {
    const [help, none, unknown, group, missing] = await Promise.all([
      cli("--help"),
      // A child process: exit code 2, the usage on stderr, nothing on stdout.
      spawned(),
      cli("frobnicate"),
      cli("users", "delete"),
      cli("users", "create-admin", "--email", "a@example.org"),
    ]);
    expect(help.code).toBe(0);
    for (const command of [
      "migrate",
      "users create-admin",
      "users list",
      "organisations list",
      "backup",
      "restore",
      "openapi",
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect(help.stdout).not.toContain("seed");
    expect(none).toMatchObject({ code: 2, stdout: "" });
    expect(none.stderr).toContain("Usage:");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain("users create-admin");
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('unknown command "users delete"');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--password-stdin is required");
    expect(missing.stderr).toContain("Usage: npm run cli -- users create-admin");
  });
});

describe("migrate", () => {
  it("migrates the database (an empty folder on PGlite) and loads the reference places", async () => {
    const run = await cli("migrate");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Migrated the .+; reference places: 5 provinces, 30 districts, 416 sectors, \d+ places of detention\.\n$/,
    );
    if (database.kind === "pglite") {
      expect(run.stdout).toContain(database.dataDir);
      expect(existsSync(join(database.dataDir, "pgdata", "PG_VERSION"))).toBe(true);
    }
    // initdb in a child process, every migration and 416 sectors: over 30 s on a busy 2-core machine.
  }, 120_000);
});

describe("organisations list", () => {
  it("prints the total as a table line or as JSON, and a total of 0 when nothing matches", async () => {
    // After `migrate` the register holds each district's JRLOS secretariat and JADF (the reporting bodies).
    const all = await cli("organisations", "list", "--json");
    expect(all.code).toBe(0);
    const { total } = JSON.parse(all.stdout) as { total: number };
    expect([0, 60]).toContain(total);
    expect((await cli("organisations", "list")).stdout).toMatch(
      new RegExp(`Total: ${total} organisations\\n$`),
    );
    const table = await cli("organisations", "list", "--kind", "embassy_donor");
    expect(table).toMatchObject({ code: 0, stdout: "Total: 0 organisations\n" });
    const json = await cli("organisations", "list", "--kind", "embassy_donor", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ items: [], total: 0 });
  });

  it("rejects an unknown kind with a message naming the field", async () => {
    const run = await cli("organisations", "list", "--kind", "club");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Some fields are not valid\.\n {2}kind: .*local_cso/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("users", () => {
  it("refuses a short, a common or an own-email password read from stdin, naming the field, and creates nobody", async () => {
    const run = await cliWithInput(
      "short\n",
      "users",
      "create-admin",
      "--email",
      "admin@example.org",
      "--password-stdin",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("password: Use at least 12 characters.");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const common = await cliWithInput(
      "password1234",
      "users",
      "create-admin",
      "--email",
      "a@example.org",
      "--password-stdin",
    );
    expect(common.stderr).toContain("password: This password is too common");
    const own = await cliWithInput(
      "admin@example.org 2026",
      "users",
      "create-admin",
      "--email",
      "admin@example.org",
      "--password-stdin",
    );
    expect(own.stderr).toContain("password: The password must not contain your email address.");
    expect(await usersInDatabase()).toEqual([]);
  });

  it("asks for --password-stdin, and refuses it together with --password", async () => {
    const missing = await cli("users", "create-admin", "--email", "admin@example.org");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--password-stdin is required");
    const both = await cliWithInput(
      "x",
      "users",
      "create-admin",
      "--email",
      "a@example.org",
      "--password-stdin",
      "--password",
      "y",
    );
    expect(both.code).toBe(2);
    expect(await usersInDatabase()).toEqual([]);
  });

  it("creates an administrator from a password on stdin (never on the command line), prints the id, and lists it", async () => {
    const created = await spawnedWithInput(
      "correct horse battery staple\n",
      "users",
      "create-admin",
      "--email",
      "Admin@Example.org",
      "--password-stdin",
      "--name",
      "Ada Nyiraneza",
    );
    expect(created.code).toBe(0);
    expect(created.stderr).not.toContain("warning");
    const id = created.stdout.trim();
    expect(id).toMatch(/^[\w-]{16,}$/);

    const [user] = await usersInDatabase();
    expect(user).toMatchObject({
      id,
      name: "Ada Nyiraneza",
      email: "admin@example.org",
      grants: [{ role: "administrator", scopeType: "national", scopeId: null }],
    });
    const history = await database.withDatabase((handle) => listHistory(handle.db, "user", id));
    expect(history.map((e) => e.actorLabel)).toEqual([`cli:${userInfo().username}`]);

    const list = await cli("users", "list");
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+EMAIL\s+ROLES\s+STATUS\s+CREATED$/);
    expect(lines[1]).toMatch(
      /^Ada Nyiraneza\s+admin@example\.org\s+administrator \(national\)\s+active\s+\d{4}-\d\d-\d\d$/,
    );
    // Columns line up: every header starts where its values start.
    expect(lines[1]?.indexOf("admin@")).toBe(lines[0]?.indexOf("EMAIL"));
    expect(lines.at(-1)).toBe("Total: 1 user");
  });

  it("refuses an email that is taken (in any case) and writes nothing; --password still works, with a warning", async () => {
    const run = await cli(
      "users",
      "create-admin",
      "--email",
      "ADMIN@example.org",
      "--password",
      "another long password",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("warning: --password shows the password");
    expect(run.stderr).toContain("error: A user with this email already exists.");
    expect(run.stderr).toContain("email: This email is already used.");
    expect(run.stdout).toBe("");
    expect(await usersInDatabase()).toHaveLength(1);
  });
});

describe("openapi", () => {
  it("prints the document /api/openapi.json serves (child process: a large stdout through a pipe)", async () => {
    const run = await spawned("openapi");
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as { openapi: string; info: { version: string } };
    const served = await database.withDatabase(async (handle) => {
      const response = await createTestServer(handle).app.request("http://127.0.0.1:3000/api/openapi.json");
      return (await response.json()) as { info: { version: string } };
    });
    expect(document.openapi).toBe("3.1.0");
    expect(document).toEqual({ ...served, info: { ...served.info, version: APP_VERSION } });
  });
});
