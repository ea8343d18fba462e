// `agreements list` and `agreements show` on PGlite or PostgreSQL: in this process, and the table once as an
// operator runs it (a child process), so that the exit code and stdout/stderr are the real ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { buildAgreementInput, systemActor } from "../../../tests/factories";
import { type AgreementDetail, addProgressEntry, createAgreement } from "../../modules/agreements";
import { createOrganisation } from "../../modules/organisations";

let database: CliDatabase;
let mou: AgreementDetail;
let expired: AgreementDetail;

const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);
const spawned = (...args: string[]): Promise<CliRun> => runCliProcess(args, database.env);

beforeAll(async () => {
  // A migrated database with the reference places and themes, as `migrate` leaves it.
  database = await createCliDatabase("cli-agreements");
  await database.withDatabase(async (handle) => {
    const ctx = { db: handle.db, actor: systemActor };
    const rcs = await createOrganisation(ctx, {
      name: "Rwanda Correctional Service",
      acronym: "RCS",
      kind: "government",
    });
    const rbj = await createOrganisation(ctx, {
      name: "Rwanda Bridges to Justice",
      kind: "international_ngo",
    });
    mou = await createAgreement(ctx, {
      ...buildAgreementInput([rcs.id, rbj.id]),
      title: "MoU on early access to justice",
      status: "active",
      signedOnText: "12/05/2020",
      themes: ["legal_aid"],
      areas: [{ placeSet: "all_correctional_facilities" }],
      commitments: [{ text: "Provide volunteer lawyers", responsibleOrganisationId: rbj.id }],
    });
    await addProgressEntry(ctx, mou.id, {
      kind: "ongoing",
      text: "Draft amendment for the E-HUZA project",
      entryDate: "2023-06-30",
    });
    expired = await createAgreement(ctx, {
      ...buildAgreementInput([rcs.id, rbj.id]),
      title: "Old letter of agreement",
      kind: "letter_of_agreement",
      status: "active",
      signedOnText: "Letter of Agreement (LOA)",
      validUntil: "2021-12-31",
    });
  });
});

afterAll(async () => {
  await database?.close();
});

describe("agreements list", () => {
  it("is in the usage text", async () => {
    const help = await cli("--help");
    expect(help.stdout).toContain("agreements list");
    expect(help.stdout).toContain("agreements show ID");
  });

  it("prints an aligned table with the status a reader sees, and the total (child process)", async () => {
    const run = await spawned("agreements", "list");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TITLE\s+KIND\s+STATUS\s+SIGNED\s+PARTIES\s+ID$/);
    // Dated first, undated last.
    expect(lines[1]).toMatch(/^MoU on early access to justice\s+mou\s+active\s+12\/05\/2020\s+/);
    expect(lines[1]).toContain("Rwanda Bridges to Justice, RCS");
    expect(lines[1]?.indexOf("mou")).toBe(lines[0]?.indexOf("KIND"));
    expect(lines[2]).toContain("expired (recorded active)");
    expect(lines.at(-1)).toBe("Total: 2 agreements");
  });

  it("searches progress text and filters by status, as JSON too", async () => {
    const search = await cli("agreements", "list", "--q", "e-huza", "--json");
    expect(search.code).toBe(0);
    const found = JSON.parse(search.stdout) as { items: { id: string }[]; total: number };
    expect(found).toMatchObject({ total: 1, items: [{ id: mou.id }] });
    const byStatus = await cli("agreements", "list", "--status", "expired");
    expect(byStatus.code).toBe(0);
    expect(byStatus.stdout).toContain("Old letter of agreement");
    expect(byStatus.stdout).not.toContain("MoU on early access");
    expect(byStatus.stdout.trimEnd().split("\n").at(-1)).toBe("Total: 1 agreement");
  });

  it("filters as the agreements list does: kind, theme, party, place by name or code, overdue, year", async () => {
    const titles = async (...args: string[]) => {
      const run = await cli("agreements", "list", ...args, "--json");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as { items: { title: string }[] }).items.map((a) => a.title).sort();
    };
    expect(await titles("--kind", "letter_of_agreement")).toEqual(["Old letter of agreement"]);
    expect(await titles("--theme", "legal_aid")).toEqual(["MoU on early access to justice"]);
    expect(await titles("--organisation", "rwanda bridges to JUSTICE")).toEqual([
      "MoU on early access to justice",
      "Old letter of agreement",
    ]);
    expect(await titles("--organisation", "RCS", "--signed-year", "2020")).toEqual([
      "MoU on early access to justice",
    ]);
    // All facilities reaches every facility, and so every district with one.
    expect(await titles("--place", "Musanze Correctional Facility")).toEqual([
      "MoU on early access to justice",
    ]);
    // "Musanze" is a district and a sector in it: the district is meant.
    expect(await titles("--place", "Musanze", "--party-kind", "government")).toEqual([
      "MoU on early access to justice",
    ]);
    expect(await titles("--overdue")).toEqual([]);
    expect(await titles("--sort", "title", "--q", "letter")).toEqual(["Old letter of agreement"]);
  }, 120_000);

  it("says which place or organisation it could not tell, and lists the candidates", async () => {
    const ambiguous = await cli("agreements", "list", "--place", "remera");
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/--place "remera" names 4 places; give the code of one:/);
    expect(ambiguous.stderr).toMatch(/Remera \(sector, in Gasabo\)/);
    expect(ambiguous.stderr).toMatch(/Remera \(sector, in Musanze\)/);
    const unknown = await cli("agreements", "list", "--organisation", "Nobody at all");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      '--organisation "Nobody at all": no organisation has this name, acronym or alias.',
    );
    const badYear = await cli("agreements", "list", "--signed-year", "1700");
    expect(badYear.code).toBe(1);
    expect(badYear.stderr).toMatch(/signedYear/);
  }, 60_000);

  it("rejects an unknown status naming the field, without a stack trace", async () => {
    const run = await cli("agreements", "list", "--status", "pending");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Some fields are not valid\.\n {2}status: .*awaiting_approval/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("agreements show", () => {
  it("prints the agreement with parties, commitments, progress and status history", async () => {
    const run = await cli("agreements", "show", mou.id);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Title:         MoU on early access to justice");
    expect(run.stdout).toContain("Signed on:     12/05/2020");
    expect(run.stdout).toContain("Areas:         all_correctional_facilities");
    expect(run.stdout).toContain("  - Rwanda Correctional Service (RCS): signatory");
    expect(run.stdout).toContain("  - Provide volunteer lawyers [not_started] by Rwanda Bridges to Justice");
    expect(run.stdout).toContain("  - 2023-06-30 ongoing: Draft amendment for the E-HUZA project");
    expect(run.stdout).toMatch(/ {2}- \d{4}-\d\d-\d\d — → active by test: Registered/);
    const json = await cli("agreements", "show", expired.id, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ id: expired.id, effectiveStatus: "expired" });
  });

  it("answers unknown and malformed ids with exit 1, and a missing id with usage (exit 2)", async () => {
    const [unknown, malformed, missing] = await Promise.all([
      cli("agreements", "show", "00000000-0000-4000-8000-000000000000"),
      cli("agreements", "show", "12"),
      cli("agreements", "show"),
    ]);
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toBe("error: The agreement was not found.\n");
    expect(malformed).toMatchObject({ code: 1, stderr: "error: The agreement was not found.\n" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ID is required.");
  });
});
