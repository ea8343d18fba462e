// `service-providers list` and `referrals list` on the referral example and one referral: in this process, and once
// as an operator runs it. A canary name in the person's identity never reaches the output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { createOrganisationFixture, systemActor } from "../../../tests/factories";
import { createIncidentFixture, districtIds } from "../../../tests/incident-factories";
import { createReferral, listServiceProviders, loadIncidentsDemo } from "../../modules/incidents";

const CANARY = "Canary Mukamana-7Q";

let database: CliDatabase;
let personCode: string;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-referrals");
  personCode = await database.withDatabase(async (handle) => {
    const ctx = { db: handle.db, actor: systemActor, today: "2026-06-15" };
    await loadIncidentsDemo(ctx);
    const [musanze] = (await districtIds(handle.db, "Musanze")) as [string];
    const cso = await createOrganisationFixture(handle, { name: "Musanze CLI CSO" });
    const incident = await createIncidentFixture(handle.db, {
      reportingOrganisationId: cso.id,
      districtId: musanze,
      persons: [{ identity: { name: CANARY, contact: null }, consents: [{ givenOn: "2026-06-01" }] }],
    });
    const isange = (await listServiceProviders(ctx, {})).find(
      (p) => p.organisationName === "Isange One Stop Centre",
    );
    await createReferral(
      ctx,
      { publicUrl: "http://localhost:3000" },
      {
        incidentId: incident.id,
        personId: incident.persons[0]?.id,
        providerId: isange?.id,
        service: "psychosocial",
        note: `${CANARY} needs counselling`,
      },
    );
    return incident.persons[0]?.code ?? "";
  });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe("service-providers list", () => {
  it("lists the directory, filtered by service and by a district's code", async () => {
    const all = await cli("service-providers", "list");
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^PROVIDER\s+SERVICES\s+WHERE\s+REFERRALS\s+EMAIL$/);
    expect(lines.find((l) => l.startsWith("Strive Foundation Rwanda"))).toMatch(
      /reintegration, livelihood, psychosocial\s+Gasabo, Kicukiro, Nyarugenge\s+accepted\s+strive\.referrals@example\.org$/,
    );
    expect(lines.at(-1)).toBe("3 service providers");
    // RW-D43 is Musanze: the nationwide providers serve it, Strive does not.
    const musanze = await cli(
      "service-providers",
      "list",
      "--service",
      "psychosocial",
      "--district",
      "RW-D43",
    );
    expect(musanze.stdout).not.toContain("Strive");
    expect(musanze.stdout.trim().split("\n").at(-1)).toBe("2 service providers");
    const legal = JSON.parse(
      (await cli("service-providers", "list", "--service", "legal_aid", "--json")).stdout,
    );
    expect(legal.map((p: { organisationName: string }) => p.organisationName)).toEqual([
      "Isange One Stop Centre",
    ]);
  });

  it("refuses an unknown service or district code", async () => {
    const service = await cli("service-providers", "list", "--service", "massage");
    expect(service.code).toBe(1);
    expect(service.stderr).toMatch(/service: Choose one of the listed services/);
    const district = await cli("service-providers", "list", "--district", "Musanze");
    expect(district.code).toBe(2);
    expect(district.stderr).toMatch(/--district: no place has the code Musanze/);
  });
});

describe("referrals list", () => {
  it("lists every referral by codes, never a name or a note", async () => {
    const run = await cli("referrals", "list");
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^REFERRED\s+INCIDENT\s+PERSON\s+SERVICE\s+FROM\s+TO\s+STATUS$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^2026-06-15\\s+INC-\\d{4}-\\d{5}\\s+${personCode}\\s+psychosocial\\s+Musanze CLI CSO\\s+Isange One Stop Centre\\s+pending$`,
      ),
    );
    expect(lines.at(-1)).toBe("1 referral");
    const json = await cli("referrals", "list", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 1, items: [{ personCode, status: "pending" }] });
    for (const output of [run.stdout, json.stdout]) {
      expect(output).not.toContain("Canary");
      expect(output).not.toContain("identity");
    }
    expect((await cli("referrals", "list", "--status", "accepted")).stdout.trim()).toBe("0 referrals");
    const bad = await cli("referrals", "list", "--status", "lost");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/status:/);
  });

  it("runs as an operator would: exit codes and output of the real entry point", async () => {
    const run = await runCliProcess(["referrals", "list", "--status", "pending"], database.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toBe("1 referral");
    const usage = await runCliProcess(["service-providers", "list", "--nearby"], database.env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run cli -- service-providers list");
  }, 120_000);
});
