// `audit verify` as an operator runs it: a fresh and a busy register verify (in this process), tampering is named
// with exit code 1 (a child process, as an operator's script sees it).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import {
  createOrganisationFixture,
  createUserFixture,
  nationalGrant,
  systemActor,
} from "../../../tests/factories";
import { type DatabaseHandle, openDatabase, queryRows } from "../../db/client";

let database: CliDatabase;

const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);

/** The database as its owner, between two CLI runs (PGlite allows one process at a time). */
async function asOwner<T>(use: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const ownerUrl = database.env.DATABASE_OWNER_URL ?? database.env.DATABASE_URL;
  const handle =
    database.kind === "postgresql" && ownerUrl
      ? await openDatabase({ kind: "postgresql", url: ownerUrl, poolSize: 1 })
      : await openDatabase({ kind: "pglite", dataDir: database.dataDir });
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  database = await createCliDatabase("cli-audit");
});

afterAll(async () => {
  await database?.close();
});

describe("audit verify", () => {
  it("passes on a fresh register, and on a busy one, printing the head to keep elsewhere", async () => {
    const fresh = await cli("audit", "verify");
    expect(fresh.stderr).toBe("");
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^The audit (chain holds|log is empty)/);

    await asOwner(async (handle) => {
      for (let i = 0; i < 8; i++) await createOrganisationFixture({ db: handle.db, actor: systemActor });
    });
    const busy = await cli("audit", "verify", "--json");
    expect(busy.code).toBe(0);
    const verdict = JSON.parse(busy.stdout) as { ok: boolean; rows: number; head: { hash: string } };
    expect(verdict.ok).toBe(true);
    expect(verdict.rows).toBeGreaterThanOrEqual(8);
    expect(verdict.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("seals request ids: rows with one verify, and a changed one is named", async () => {
    const row = await asOwner(async (handle) => {
      await handle.db.execute(
        sql`insert into audit_log (actor_label, action, entity_type, entity_id, changes, request_id)
            values ('reader', 'read', 'incident', 'cli-request-id', '{}', 'req-cli-1')`,
      );
      const [inserted] = await queryRows<{ id: string }>(
        handle.db,
        sql`select id from audit_log where entity_id = 'cli-request-id'`,
      );
      return inserted;
    });
    expect((await cli("audit", "verify")).code).toBe(0);
    const setRequestId = (value: string) =>
      asOwner(async (handle) => {
        await handle.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
        await handle.db.execute(
          sql`update audit_log set request_id = ${value} where entity_id = 'cli-request-id'`,
        );
        await handle.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
      });
    await setRequestId("req-cli-forged");
    const tampered = await cli("audit", "verify");
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`The audit chain is broken at row ${row?.id}`);
    expect(tampered.stderr).toContain("changed after it was written");
    // Put back, the chain holds again: the next test breaks it elsewhere.
    await setRequestId("req-cli-1");
    expect((await cli("audit", "verify")).code).toBe(0);
  });

  it("fails with exit code 1 naming the row the owner altered behind the triggers' back", async () => {
    const target = await asOwner(async (handle) => {
      const [row] = await queryRows<{ id: string; chain_seq: string; at: string }>(
        handle.db,
        sql`select id, chain_seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
            from audit_log order by chain_seq offset 3 limit 1`,
      );
      if (!row) throw new Error("no audit row to alter");
      await handle.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await handle.db.execute(
        sql`update audit_log set changes = '{"name":{"before":null,"after":"Forged"}}' where id = ${row.id}`,
      );
      await handle.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
      return row;
    });
    const run = await spawned("audit", "verify");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `error: The audit chain is broken at row ${target.id} (chain position ${target.chain_seq}, written ${target.at}): its content no longer gives its hash`,
    );
    expect(run.stderr).toContain("changed after it was written");
    expect(run.stderr).toContain(`The ${Number(target.chain_seq) - 1} rows before it verify.`);
  });
});

describe("audit activity", () => {
  let email: string;

  beforeAll(async () => {
    email = await asOwner(async (handle) => {
      const { user } = await createUserFixture(handle, { grants: [nationalGrant("coordinator")] });
      await handle.db.execute(
        sql`insert into audit_log (occurred_at, actor_user_id, actor_label, action, entity_type, entity_id, entity_label,
              changes, request_id)
            values ('2026-11-02T09:15:00Z', ${user.id}, 'U', 'read', 'incident', 'inc-1', '=HYPERLINK("x")', '{}', 'req-a'),
                   ('2026-11-03T10:00:00Z', ${user.id}, 'U', 'update', 'agreement', 'agr-1', 'MoU', '{"title":{"before":"a","after":"SECRET-VALUE"}}', 'req-b'),
                   ('2026-12-20T10:00:00Z', ${user.id}, 'U', 'read', 'incident', 'inc-late', null, '{}', null)`,
      );
      return user.email;
    });
  });

  it("prints what the user read or changed in the window as a table, newest first, without changed values", async () => {
    const run = await cli("audit", "activity", "--user", email, "--from", "2026-11-01", "--to", "2026-11-30");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^WHEN \(UTC\)\s+ACTION\s+ENTITY\s+ID\s+LABEL\s+REQUEST$/);
    expect(lines[1]).toMatch(/^2026-11-03 10:00:00\s+update\s+agreement\s+agr-1\s+MoU\s+req-b$/);
    expect(lines[2]).toMatch(/^2026-11-02 09:15:00\s+read\s+incident\s+inc-1\s+=HYPERLINK\("x"\)\s+req-a$/);
    expect(lines.at(-1)).toBe(`${email}: 2 entries from 2026-11-01 to 2026-11-30, newest first.`);
    expect(run.stdout).not.toContain("SECRET-VALUE");
    expect(run.stdout).not.toContain("inc-late");
  });

  it("writes CSV with --csv, formulas neutralised, header in the language asked", async () => {
    const run = await cli(
      "audit",
      "activity",
      "--user",
      email,
      "--from",
      "2026-11-01",
      "--to",
      "2026-11-30",
      "--csv",
      "--lang",
      "fr",
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").filter(Boolean)).toEqual([
      "Date et heure,Action,Type de dossier,Identifiant du dossier,Dossier,Identifiant de requête",
      "2026-11-03T10:00:00.000000Z,Modification,agreement,agr-1,MoU,req-b",
      `2026-11-02T09:15:00.000000Z,Consultation,incident,inc-1,"'=HYPERLINK(""x"")",req-a`,
    ]);
  });

  it("refuses a date that does not exist naming the option, an unknown email, and a missing option", async () => {
    const badDate = await cli(
      "audit",
      "activity",
      "--user",
      email,
      "--from",
      "2026-11-31",
      "--to",
      "2026-12-01",
    );
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/^ {2}from: Use a date/m);
    const unknown = await cli(
      "audit",
      "activity",
      "--user",
      "nobody@example.org",
      "--from",
      "2026-11-01",
      "--to",
      "2026-11-30",
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No user has the email nobody@example.org");
    const missing = await cli("audit", "activity", "--from", "2026-11-01", "--to", "2026-11-30");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--user is required");
  });
});
