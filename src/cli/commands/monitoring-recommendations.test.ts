// `monitoring recommendations` on two recommendations (one overdue to a named addressee): filters, CSV and table, and
// a bad status refused with the field named; once as an operator runs it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { createOrganisationFixture, systemActor } from "../../../tests/factories";
import { changeRecommendationStatus, createRecommendation } from "../../modules/monitoring";
import { placeTable } from "../../modules/places/places.table";

let database: CliDatabase;
let references: { late: string; settled: string };
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-monitoring-recommendations");
  references = await database.withDatabase(async (handle) => {
    const ctx = { db: handle.db, actor: systemActor, today: "2026-06-15" };
    const body = await createOrganisationFixture(handle, { name: "CLI NPM", kind: "government" });
    const rcs = await createOrganisationFixture(handle, {
      name: "CLI Correctional Service",
      kind: "government",
    });
    const rnp = await createOrganisationFixture(handle, { name: "CLI Police", kind: "government" });
    const [place] = await handle.db
      .select({ id: placeTable.id })
      .from(placeTable)
      .where(eq(placeTable.kind, "place_of_detention"))
      .limit(1);
    const base = {
      monitoringOrganisationId: body.id,
      theme: "overcrowding" as const,
      priority: "high" as const,
      issuedOn: "2026-01-10",
      placeIds: [place?.id ?? ""],
    };
    const late = await createRecommendation(ctx, {
      ...base,
      text: '=HYPERLINK("x") Reduce the population',
      addresseeOrganisationId: rcs.id,
      deadline: "2026-03-31",
    });
    const settled = await createRecommendation(ctx, {
      ...base,
      text: "Keep registers",
      theme: "registers",
      addresseeOrganisationId: rnp.id,
      deadline: "2026-02-28",
    });
    await changeRecommendationStatus(ctx, settled.id, { status: "implemented", changedOn: "2026-02-20" });
    return { late: late.reference, settled: settled.reference };
  });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe("monitoring recommendations", () => {
  it("lists them as a table, filtered by addressee name, status and overdue", async () => {
    const all = await cli("monitoring", "recommendations");
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split("\n")[0]).toMatch(/^REFERENCE\s+ADDRESSEE\s+THEME/);
    expect(all.stdout).toContain(references.late);
    expect(all.stdout).toContain(references.settled);
    expect(all.stdout).toMatch(/2 recommendations/);

    const overdue = await cli("monitoring", "recommendations", "--overdue");
    expect(overdue.stdout).toContain(references.late);
    expect(overdue.stdout).not.toContain(references.settled);

    const byAddressee = await cli("monitoring", "recommendations", "--addressee", "CLI Police");
    expect(byAddressee.stdout).toContain(references.settled);
    expect(byAddressee.stdout).not.toContain(references.late);

    const implemented = await cli("monitoring", "recommendations", "--status", "implemented");
    expect(implemented.stdout).toContain(references.settled);
    expect(implemented.stdout).not.toContain(references.late);
  });

  it("writes CSV with formulas neutralised", async () => {
    const csv = await cli("monitoring", "recommendations", "--format", "csv", "--overdue");
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe("reference,addressee,theme,priority,issued,deadline,status,overdue,text");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      `${references.late},CLI Correctional Service,overcrowding,high,2026-01-10,2026-03-31`,
    );
    expect(lines[1]).not.toMatch(/,"?=HYPERLINK/);
  });

  it("refuses an unknown addressee, status or format", async () => {
    const who = await cli("monitoring", "recommendations", "--addressee", "Nobody at all");
    expect(who.code).not.toBe(0);
    expect(who.stderr).toContain("--addressee");
    const status = await cli("monitoring", "recommendations", "--status", "done");
    expect(status.code).not.toBe(0);
    expect(status.stderr).toContain("status");
    const format = await cli("monitoring", "recommendations", "--format", "xml");
    expect(format.code).not.toBe(0);
  });

  it("runs as an operator runs it", async () => {
    const run = await runCliProcess(["monitoring", "recommendations", "--overdue"], database.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(references.late);
  }, 60_000);
});
