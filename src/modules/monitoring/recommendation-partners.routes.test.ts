// GET /api/recommendations/{id}/partners on both databases: a recommendation to the correctional service on access
// to a lawyer lists its legal-aid agreement and the legal-aid partner; outside the recommendation's readers, 404.
// And GET /api/recommendations?placeId=, which the place's page reads: one place's and the all-facilities ones.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createOrganisationFixture,
  createTestServer,
  systemActor,
  type TestClient,
} from "../../../tests/factories";
import { orgGrant } from "../../../tests/incident-factories";
import type { DatabaseHandle } from "../../db/client";
import { placeTable } from "../places/places.table";
import { type RecommendationPartners, RecommendationPartnersSchema } from "./partner-links.schema";
import type { Recommendation, RecommendationList } from "./recommendations.schema";

let handle: DatabaseHandle;
let monitor: TestClient;
let rcsEditor: TestClient;
let outsider: TestClient;
let rcs: string;
let legalAid: string;
let rcsLegalAid: string;
let recommendationId: string;
let nchr: string;
let facilityId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  const sys = { db: handle.db, actor: systemActor };
  nchr = (await createOrganisationFixture(sys, { kind: "government" })).id;
  rcs = (
    await createOrganisationFixture(sys, { name: "Partners route RCS", acronym: "PRCS", kind: "government" })
  ).id;
  legalAid = (
    await createOrganisationFixture(sys, {
      name: "Partners route legal aid",
      acronym: "PRLA",
      kind: "local_cso",
    })
  ).id;
  const rnp = (await createOrganisationFixture(sys, { kind: "government" })).id;
  const [facility] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.name, "Nyarugenge Correctional Facility"));
  if (!facility) throw new Error("no Nyarugenge Correctional Facility in the reference places");
  facilityId = facility.id;
  rcsLegalAid = (
    await createAgreementFixture(handle, {
      parties: [
        { organisationId: rcs, role: "signatory" },
        { organisationId: legalAid, role: "signatory" },
      ],
      keeperOrganisationId: rcs,
      status: "active",
      themes: ["legal_aid"],
      areas: [{ placeId: facility.id }],
    })
  ).id;
  monitor = (await server.signInAs([orgGrant("monitor", nchr)], [nchr])).client;
  rcsEditor = (await server.signInAs([orgGrant("partner_editor", rcs)], [rcs])).client;
  outsider = (await server.signInAs([orgGrant("partner_editor", rnp)], [rnp])).client;
  recommendationId = await recommend({ placeIds: [facility.id] });
}, 120_000);
afterAll(async () => handle?.close());

async function recommend(extra: Record<string, unknown>): Promise<string> {
  const created = await monitor.request("/api/recommendations", {
    method: "POST",
    body: JSON.stringify({
      monitoringOrganisationId: nchr,
      text: "Give every detainee access to a lawyer within 24 hours.",
      theme: "access_to_a_lawyer",
      addresseeOrganisationId: rcs,
      priority: "high",
      issuedOn: "2026-01-15",
      deadline: "2026-12-31",
      ...extra,
    }),
  });
  if (created.status !== 201) throw new Error(`recommendation not created: ${created.status}`);
  return ((await created.json()) as Recommendation).id;
}

describe("/api/recommendations/{id}/partners", () => {
  it("lists the addressee's legal-aid agreement at the facility and the legal-aid partner", async () => {
    for (const reader of [monitor, rcsEditor]) {
      const res = await reader.json<RecommendationPartners>(
        `/api/recommendations/${recommendationId}/partners`,
      );
      expect(res.status).toBe(200);
      const found = RecommendationPartnersSchema.parse(res.body);
      expect(found.themes.map((t) => t.code)).toEqual(["legal_aid"]);
      expect(found.agreements).toEqual([
        expect.objectContaining({
          id: rcsLegalAid,
          themes: ["legal_aid"],
          partners: [expect.objectContaining({ id: legalAid, acronym: "PRLA" })],
          coversPlaces: true,
        }),
      ]);
      expect(found.partners.map((p) => [p.organisation.id, p.themes, p.records.map((r) => r.id)])).toEqual([
        [legalAid, ["legal_aid"], [rcsLegalAid]],
      ]);
    }
  });

  it("answers 404 to a reader outside the recommendation, for an unknown id and for one that is not an id", async () => {
    await expectProblem(await outsider.request(`/api/recommendations/${recommendationId}/partners`), 404);
    await expectProblem(
      await monitor.request("/api/recommendations/00000000-0000-4000-8000-000000000000/partners"),
      404,
    );
    await expectProblem(await monitor.request("/api/recommendations/not-an-id/partners"), 404);
  });
});

describe("/api/recommendations?placeId=", () => {
  it("lists the recommendations concerning the place, the all-facilities ones included, not another place's", async () => {
    const [other] = await handle.db
      .select({ id: placeTable.id })
      .from(placeTable)
      .where(eq(placeTable.name, "Muhanga Correctional Facility"));
    if (!other) throw new Error("no Muhanga Correctional Facility in the reference places");
    const everywhere = await recommend({ allFacilities: true, theme: "health_care_services" });
    const elsewhere = await recommend({ placeIds: [other.id] });
    const ids = async (placeId: string) => {
      const res = await monitor.json<RecommendationList>(`/api/recommendations?placeId=${placeId}&limit=500`);
      expect(res.status).toBe(200);
      return res.body.items.map((r) => r.id).sort();
    };
    expect(await ids(facilityId)).toEqual([recommendationId, everywhere].sort());
    expect(await ids(other.id)).toEqual([everywhere, elsewhere].sort());
    await expectProblem(await monitor.request("/api/recommendations?placeId=not-an-id"), 422, {
      path: "placeId",
    });
  });
});
