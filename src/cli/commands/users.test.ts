// `users invite`, `set-role`, `deactivate` and `reactivate` as an operator runs them, on a migrated copy of the
// test template, with the invitation email caught by a real SMTP server on 127.0.0.1. The commands run in this
// process (runCli); the invitation through SMTP_URL runs as a child process, as an operator would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../../../tests/smtp";

let database: CliDatabase;
let smtp: TestSmtpServer;

const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const withSmtp = (...args: string[]): Promise<CliRun> =>
  runCliProcess(args, { ...database.env, SMTP_URL: smtp.url, PUBLIC_URL: "https://ubufatanye.example.rw" });

beforeAll(async () => {
  smtp = await startSmtpServer();
  database = await createCliDatabase("cli-users");
  const admin = await cli(
    "users",
    "create-admin",
    "--email",
    "root@example.rw",
    "--password",
    "a long enough secret",
  );
  if (admin.code !== 0) throw new Error(`create-admin failed: ${admin.stderr}`);
}, 120_000);

afterAll(async () => {
  await smtp?.close();
  await database?.close();
});

// The invitation test starts a child process (up to ~25 s on a busy 2-core machine); the rest run in this process.
describe("users CLI", { timeout: 90_000 }, () => {
  it("invites by email through SMTP_URL, in the language asked, and holds it in the outbox without SMTP", async () => {
    const run = await withSmtp(
      "users",
      "invite",
      "--email",
      "Kalisa@Example.rw",
      "--role",
      "viewer",
      "--lang",
      "rw",
    );
    expect(run.stderr).toMatch(
      /^Invited kalisa@example\.rw until \d{4}-\d{2}-\d{2}; the email was sent\.\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const mail = await smtp.waitFor("kalisa@example.rw");
    expect(mail.headers.get("content-language")).toBe("rw");
    expect(linkIn(mail, "accept-invitation")).toMatch(
      /^https:\/\/ubufatanye\.example\.rw\/accept-invitation\?token=/,
    );

    const offline = await cli("users", "invite", "--email", "offline@example.rw", "--role", "coordinator");
    expect(offline.code).toBe(0);
    expect(offline.stderr).toContain("No SMTP_URL is set: the email waits in the outbox");
  });

  it("names what is wrong on the command line and in the input", async () => {
    const noRole = await cli("users", "invite", "--email", "x@example.rw");
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain("--role is required.");
    const badRole = await cli("users", "invite", "--email", "x@example.rw", "--role", "king");
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("--role must be one of administrator, coordinator");
    const badEmail = await cli("users", "invite", "--email", "not-an-email", "--role", "viewer");
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toContain("email:");
    const taken = await cli("users", "invite", "--email", "root@example.rw", "--role", "viewer");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("A user with this email already exists.");
    const unknownDistrict = await cli(
      "users",
      "invite",
      "--email",
      "y@example.rw",
      "--role",
      "district_officer",
      "--district",
      crypto.randomUUID(),
    );
    expect(unknownDistrict.code).toBe(1);
    expect(unknownDistrict.stderr).toContain("grants.0.scopeId: No district has this id.");
    const nobody = await cli("users", "deactivate", "nobody@example.rw");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("No user has the email nobody@example.rw.");
  });

  it("sets roles, deactivates and reactivates, and refuses to remove the last administrator", async () => {
    const second = await cli(
      "users",
      "create-admin",
      "--email",
      "ops@example.rw",
      "--password",
      "another long secret",
    );
    expect(second.code).toBe(0);
    const setRole = await cli("users", "set-role", "ops@example.rw", "--role", "coordinator", "--add");
    expect(setRole.stderr).toBe(
      "ops@example.rw now has: administrator (national), coordinator (national).\n",
    );

    const off = await cli("users", "deactivate", "ops@example.rw");
    expect(off.code).toBe(0);
    expect(off.stderr).toContain("Deactivated ops@example.rw: their sessions ended and they cannot sign in.");
    const list = await cli("users", "list");
    expect(list.stdout).toMatch(/ops@example\.rw.*disabled/);
    expect((await cli("users", "deactivate", "ops@example.rw")).stderr).toContain("was already deactivated");

    const last = await cli("users", "set-role", "root@example.rw", "--role", "viewer");
    expect(last.code).toBe(1);
    expect(last.stderr).toContain("last active national administrator");

    const on = await cli("users", "reactivate", "ops@example.rw");
    expect(on.code).toBe(0);
    expect(on.stderr).toContain("Reactivated ops@example.rw");
  });
});
