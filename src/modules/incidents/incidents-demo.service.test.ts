// The referral example on an empty directory, on both databases: seed 001's three providers, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant, systemActor } from "../../../tests/factories";
import { districtIds } from "../../../tests/incident-factories";
import type { DatabaseHandle } from "../../db/client";
import { createOrganisation } from "../organisations";
import { isIncidentsDemoAvailable, loadIncidentsDemo } from "./incidents-demo";
import { listServiceProviders } from "./service-providers.service";

let handle: DatabaseHandle;
const ctx = () => contextAs(handle, systemActor);

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("loadIncidentsDemo", () => {
  it("is not offered to those who may not fill the directory", async () => {
    const viewer = contextAs(handle, buildUserActor([nationalGrant("viewer")]));
    expect(await isIncidentsDemoAvailable(viewer)).toBe(false);
    await expect(loadIncidentsDemo(viewer)).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("adds Isange, Strive and Handicap International, reusing an organisation already registered", async () => {
    const existing = await createOrganisation(ctx(), { name: "Strive Foundation Rwanda", kind: "local_cso" });
    expect(await isIncidentsDemoAvailable(ctx())).toBe(true);
    expect(await loadIncidentsDemo(ctx())).toEqual({ organisations: 2, providers: 3 });
    expect(await isIncidentsDemoAvailable(ctx())).toBe(false);
    const providers = await listServiceProviders(ctx(), {});
    expect(providers.map((p) => [p.organisationName, p.nationwide, p.services])).toEqual([
      ["Handicap International Rwanda", true, ["medical", "psychosocial"]],
      ["Isange One Stop Centre", true, ["medical", "psychosocial", "legal_aid"]],
      ["Strive Foundation Rwanda", false, ["reintegration", "livelihood", "psychosocial"]],
    ]);
    expect(providers.find((p) => p.organisationName === "Strive Foundation Rwanda")?.organisationId).toBe(
      existing.id,
    );
    for (const p of providers) {
      expect(p.contactEmail).toMatch(/@example\.org$/);
      expect(p.contactPhone).toBeNull();
    }
    // Musanze is served by the nationwide providers; Gasabo by Strive too.
    const [musanze, gasabo] = (await districtIds(handle.db, "Musanze", "Gasabo")) as [string, string];
    expect((await listServiceProviders(ctx(), { districtId: musanze, service: "psychosocial" })).length).toBe(
      2,
    );
    expect((await listServiceProviders(ctx(), { districtId: gasabo, service: "psychosocial" })).length).toBe(
      3,
    );
  });

  it("is refused once the directory has providers, and changes nothing", async () => {
    await expectNothingWritten(handle.db, () =>
      expect(loadIncidentsDemo(ctx())).rejects.toMatchObject({ kind: "conflict" }),
    );
  });
});
