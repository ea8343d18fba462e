// `reporting obligations|timeliness` on the reporting example: in this process, and once as an operator runs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { systemActor } from "../../../tests/factories";
import { organisationTable } from "../../modules/organisations/organisations.table";
import { loadReportingDemo } from "../../modules/reporting";

let database: CliDatabase;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-reporting");
  await database.withDatabase(async (handle) => {
    await loadReportingDemo({ db: handle.db, actor: systemActor, today: "2026-11-20" });
    // Reminders go to an organisation's staff, or to its own address when it has no accounts.
    await handle.db.update(organisationTable).set({ email: "office@example.org" });
  });
});
afterAll(async () => {
  await database?.close();
});

describe("reporting commands", () => {
  it("list the obligations of a district given by its code", async () => {
    const run = await cli("reporting", "obligations", "--district", "Musanze");
    expect(run.code).toBe(2); // a name is not a code: a usage error
    expect(run.stderr).toMatch(/--district: no place has the code Musanze/);
    const list = await cli("reporting", "obligations", "--running");
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ORGANISATION\s+BODY\s+EVERY\s+DUE DAYS\s+FROM\s+UNTIL\s+PAUSED$/);
    expect(lines.filter((l) => l.startsWith("Kinigi Community Mediators "))).toHaveLength(2);
    expect(lines.at(-1)).toBe("12 obligations");
    const json = JSON.parse((await cli("reporting", "obligations", "--json")).stdout) as {
      districtId: string;
    }[];
    const inMusanze = await cli("reporting", "obligations", "--district", json[0]?.districtId ?? "");
    expect(inMusanze.stdout.trim().split("\n").at(-1)).toBe("12 obligations");
    const elsewhere = await cli("reporting", "obligations", "--district", "RW-D11");
    expect(elsewhere.stdout.trim()).toBe("0 obligations");
  }, 120_000);

  it("print the timeliness table as of a day, with the late and missing reports", async () => {
    const run = await cli("reporting", "timeliness", "--last", "4", "--as-of", "2026-11-20");
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("Timeliness, 2025-Q4, 2026-Q1, 2026-Q2, 2026-Q3 (as of 2026-11-20)");
    expect(lines.find((l) => l.startsWith("JADF Musanze"))).toMatch(
      /Musanze\s+24\s+14\s+6\s+4\s+83.3%\s+58.3%$/,
    );
    expect(lines.find((l) => l.startsWith("All in view"))).toMatch(/48\s+28\s+12\s+8\s+83.3%\s+58.3%$/);
    expect(
      lines.some((l) =>
        /^Kinigi Community Mediators\s+JADF Musanze\s+2026-Q3\s+late\s+2026-10-15\s+30$/.test(l),
      ),
    ).toBe(true);
  });

  it("sends the day's reminders and digests once, into the outbox without SMTP_URL", async () => {
    const first = await cli("reporting", "remind", "--date", "2026-11-20", "--json");
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as {
      today: string;
      reminders: number;
      digests: number;
      emails: number;
      delivery: string;
    };
    expect(report).toMatchObject({ today: "2026-11-20", delivery: "outbox" });
    expect(report.reminders + report.digests).toBeGreaterThan(0);
    const again = await cli("reporting", "remind", "--date", "2026-11-20");
    expect(again.stdout.trim()).toBe(
      "2026-11-20: 0 reminders and 0 digests, 0 emails written (no SMTP_URL: they wait in the outbox).",
    );
    const bad = await cli("reporting", "remind", "--date", "20 November");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/date|YYYY/i);
  });

  it("refuses a period of another type, naming the field, as a real process would exit", async () => {
    const run = await runCliProcess(
      ["reporting", "timeliness", "--period-type", "quarter", "--period", "2026-03"],
      database.env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/period/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  }, 120_000);
});
