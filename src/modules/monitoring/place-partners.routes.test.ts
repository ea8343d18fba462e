// GET /api/places/{id}/partners-by-theme on both databases: the partners per theme at a facility, 404 for a place
// that does not exist, and the OpenAPI contract the page reads.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { placeTable } from "../places/places.table";
import { type PlacePartners, PlacePartnersSchema } from "./partner-links.schema";

let handle: DatabaseHandle;
let viewer: TestClient;
let facility: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  const [place] = await handle.db
    .select()
    .from(placeTable)
    .where(eq(placeTable.name, "Nyarugenge Correctional Facility"));
  if (!place) throw new Error("no Nyarugenge Correctional Facility in the reference places");
  facility = place.id;
  const rcs = await createOrganisationFixture(handle, {
    name: "Route test correctional service",
    kind: "government",
  });
  const cso = await createOrganisationFixture(handle, { name: "Route test legal aid", acronym: "RTLA" });
  await createAgreementFixture(handle, {
    parties: [
      { organisationId: rcs.id, role: "signatory" },
      { organisationId: cso.id, role: "signatory" },
    ],
    keeperOrganisationId: rcs.id,
    status: "active",
    themes: ["legal_aid"],
    areas: [{ placeId: facility }],
  });
}, 120_000);
afterAll(async () => handle?.close());

describe("/api/places/{id}/partners-by-theme", () => {
  it("lists the partners per theme at the facility", async () => {
    const res = await viewer.json<PlacePartners>(`/api/places/${facility}/partners-by-theme`);
    expect(res.status).toBe(200);
    expect(PlacePartnersSchema.parse(res.body).themes).toEqual([
      {
        code: "legal_aid",
        names: expect.objectContaining({ en: "Legal aid" }),
        partners: [
          {
            organisation: expect.objectContaining({ acronym: "RTLA" }),
            reach: "place",
            records: [expect.objectContaining({ source: "agreement" })],
          },
        ],
      },
    ]);
  });

  it("answers 404 for a place that does not exist or an id that is not one", async () => {
    await expectProblem(
      await viewer.request("/api/places/00000000-0000-4000-8000-000000000000/partners-by-theme"),
      404,
    );
    await expectProblem(await viewer.request("/api/places/not-an-id/partners-by-theme"), 404);
  });
});
