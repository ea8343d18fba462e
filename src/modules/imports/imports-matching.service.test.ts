// What the import preview proposes for names close to the register's: never a silent merge across a number or a
// swapped word, a proposal (with its reason) for reordered names and acronyms, and nothing written by a preview.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { createOrganisation, listOrganisations, type Organisation } from "../organisations";
import { applyStatusReportImport, previewStatusReportImport } from "./imports.service";

const FIXTURE = {
  name: "organisation-matching.csv",
  bytes: new Uint8Array(
    readFileSync(new URL("../../../fixtures/organisation-matching.csv", import.meta.url)),
  ),
};
const OPTIONS = { institution: "Rwanda Correctional Service" };

let handle: DatabaseHandle;
const admin = () => contextAs(handle, buildUserActor([nationalGrant("administrator")]));
const register: Record<string, Organisation> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  for (const input of [
    { name: "Rwanda Correctional Service", acronym: "RCS", kind: "government" as const },
    { name: "Prison Project 1", kind: "local_cso" as const },
    { name: "Foundation X", kind: "embassy_donor" as const },
    { name: "Legal Aid Forum", acronym: "LAF", kind: "local_cso" as const },
    { name: "Haguruka", kind: "local_cso" as const },
  ])
    register[input.name] = await createOrganisation(admin(), input);
});
afterAll(async () => {
  await handle?.close();
});

const registerNames = async () =>
  (await listOrganisations(admin(), { limit: 200, offset: 0 })).items.map((o) => o.name).sort();

describe("previewing names close to the register's", () => {
  it("proposes each match with its reason, and refuses to merge across a number", async () => {
    const before = await registerNames();
    const preview = await previewStatusReportImport(admin(), FIXTURE, OPTIONS);
    const byName = new Map(preview.organisations.map((o) => [o.name, o]));
    expect([...byName.keys()]).toEqual(["Prison Project 2", "X Foundation", "LAF Rwanda", "Haguruka"]);

    const project = byName.get("Prison Project 2");
    expect(project?.action).toBe("create");
    expect(project?.how).toBe("new");
    expect(project?.existing).toBeNull();
    expect(project?.reason).toEqual({
      code: "differs",
      params: { name: "Prison Project 1", words: "2, 1" },
    });
    // Still offered as a choice, never taken on its own.
    expect(project?.candidates.map((c) => c.name)).toContain("Prison Project 1");

    const foundation = byName.get("X Foundation");
    expect(foundation?.acronym).toBe("XF");
    expect(foundation?.action).toBe("merge");
    expect(foundation?.how).toBe("reordered");
    expect(foundation?.existing).toEqual({
      id: register["Foundation X"]?.id,
      name: "Foundation X",
      acronym: null,
    });
    expect(foundation?.reason).toEqual({ code: "reordered", params: { name: "Foundation X" } });

    const laf = byName.get("LAF Rwanda");
    expect(laf?.action).toBe("merge");
    expect(laf?.how).toBe("acronym_in_name");
    expect(laf?.existing).toEqual({
      id: register["Legal Aid Forum"]?.id,
      name: "Legal Aid Forum",
      acronym: "LAF",
    });
    expect(laf?.reason).toEqual({ code: "acronym_in_name", params: { acronym: "LAF" } });

    const haguruka = byName.get("Haguruka");
    expect(haguruka?.action).toBe("match");
    expect(haguruka?.how).toBe("exact");
    expect(haguruka?.existing?.id).toBe(register.Haguruka?.id);
    expect(haguruka?.reason).toEqual({ code: "exact", params: {} });

    expect(preview.counts).toMatchObject({
      organisationsCreated: 1,
      organisationsMatched: 3,
      agreementsCreated: 4,
    });
    expect(await registerNames()).toEqual(before);
  });

  it("imports as proposed: one new organisation, the reordered name kept as an alias", async () => {
    const result = await applyStatusReportImport(admin(), FIXTURE, OPTIONS);
    expect(result.counts).toMatchObject({ organisationsCreated: 1, organisationsMatched: 3 });
    const all = (await listOrganisations(admin(), { limit: 200, offset: 0 })).items;
    expect(all.map((o) => o.name).sort()).toEqual([
      "Foundation X",
      "Haguruka",
      "Legal Aid Forum",
      "Prison Project 1",
      "Prison Project 2",
      "Rwanda Correctional Service",
    ]);
    expect(all.find((o) => o.name === "Foundation X")?.aliases).toEqual(["X Foundation"]);
    expect(all.find((o) => o.name === "Legal Aid Forum")?.aliases).toEqual(["LAF Rwanda"]);
  });
});
