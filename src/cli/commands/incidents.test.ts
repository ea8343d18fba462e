// `incidents statistics` and `incidents retention` on a few incidents in Musanze: small cells shown as <5, a bad
// option named, and one closed incident anonymised while the one on legal hold keeps its name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliDatabase, type CliRun, createCliDatabase, runCliInProcess } from "../../../tests/cli";
import { createOrganisationFixture, systemActor } from "../../../tests/factories";
import { districtIds } from "../../../tests/incident-factories";
import { createIncident, getIncident, updateIncident } from "../../modules/incidents";

let database: CliDatabase;
let closed: string;
let held: string;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-incidents");
  [closed, held] = await database.withDatabase(async (handle) => {
    const ctx = { db: handle.db, actor: systemActor };
    const [musanze] = (await districtIds(handle.db, "Musanze")) as [string];
    const cso = await createOrganisationFixture(handle, { name: "CLI Rights Watch" });
    const record = (name: string) =>
      createIncident(ctx, {
        kind: "hindrance_to_justice",
        occurredOn: "2026-04",
        placeKind: "district",
        placeId: musanze,
        description: "Held past the legal limit.",
        reportingOrganisationId: cso.id,
        persons: [{ role: "victim", sex: "female", ageGroup: "25-59", identity: { name } }],
      });
    const a = await record("Retention Canary One");
    const b = await record("Retention Canary Two");
    const long = { ...ctx, today: "2020-03-01" };
    await updateIncident(long, a.id, a.version, { status: "closed", closureReason: "assisted" });
    const bClosed = await updateIncident(long, b.id, b.version, {
      status: "closed",
      closureReason: "resolved",
    });
    await updateIncident(ctx, b.id, bClosed.version, { legalHold: true });
    return [a.id, b.id];
  });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe("incidents statistics", () => {
  it("prints the counts with small cells as <5 and says what the marks mean", async () => {
    const run = await cli("incidents", "statistics", "--district", "RW-D43");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Incidents <5, victims <5$/m);
    expect(run.stdout).toMatch(/^hindrance_to_justice\s+<5$/m);
    expect(run.stdout).toContain("hidden so that a total cannot reveal a small count");
    expect(run.stdout).not.toContain("Canary");
  });

  it("names a bad option", async () => {
    const run = await cli("incidents", "statistics", "--kind", "theft");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("kind");
  });
});

describe("incidents retention", () => {
  it("anonymises the closed incident past its period and keeps the one on legal hold", async () => {
    const run = await cli("incidents", "retention", "--days", "365", "--date", "2026-12-06");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      "1 closed incident anonymised (closed more than 365 days ago, not on legal hold).\n",
    );
    const [a, b] = await database.withDatabase((handle) =>
      Promise.all([closed, held].map((id) => getIncident({ db: handle.db, actor: systemActor }, id))),
    );
    expect(a?.anonymised).toBe(true);
    expect(a?.persons[0]?.identity?.name).toBeNull();
    expect(b?.persons[0]?.identity?.name).toBe("Retention Canary Two");
    const again = await cli("incidents", "retention", "--days", "365");
    expect(again.stdout).toMatch(/^0 closed incidents anonymised/);
  });
});
