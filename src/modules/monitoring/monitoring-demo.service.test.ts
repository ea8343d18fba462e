// The detention-monitoring example data on both databases: loaded through the module's use cases, once, by whoever
// may; what a first start then shows (roadmap, ranked occupancy, visits, recommendations at every stage).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { buildUserActor, contextAs, nationalGrant, systemActor } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { findOrganisationByName } from "../organisations";
import { isMonitoringDemoAvailable, loadMonitoringDemo } from "./monitoring-demo";
import { listPlanItems } from "./monitoring-plan.service";
import { listNationalOccupancy } from "./occupancy.service";
import { getRecommendation, listRecommendations } from "./recommendations.service";
import { listVisits } from "./visits.service";

let handle: DatabaseHandle;
const ctx = () => contextAs(handle, systemActor);

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("loadMonitoringDemo", () => {
  it("is not offered to a viewer or a monitor, and refuses them with nothing written", async () => {
    for (const role of ["viewer", "monitor"] as const) {
      const who = contextAs(handle, buildUserActor([nationalGrant(role)]));
      expect(await isMonitoringDemoAvailable(who)).toBe(false);
      await expectNothingWritten(handle.db, async () => {
        await expect(loadMonitoringDemo(who)).rejects.toMatchObject({ kind: "forbidden" });
      });
    }
  });

  it("loads the NCHR's roadmap, the 2021 rates and a year of monitoring at Muhanga and Nyarugenge, once", async () => {
    const admin = contextAs(handle, buildUserActor([nationalGrant("administrator")]));
    expect(await isMonitoringDemoAvailable(admin)).toBe(true);
    expect(await loadMonitoringDemo(admin)).toEqual({
      organisations: 2,
      planItems: 11,
      figures: 13,
      visits: 3,
      findings: 5,
      recommendations: 3,
    });
    expect(await isMonitoringDemoAvailable(admin)).toBe(false);
    await expectNothingWritten(handle.db, async () => {
      await expect(loadMonitoringDemo(admin)).rejects.toMatchObject({ kind: "conflict" });
    });

    const nchr = await findOrganisationByName(ctx(), "National Commission for Human Rights");
    expect(nchr).not.toBeNull();
    expect(await listPlanItems(ctx(), { monitoringOrganisationId: nchr?.id })).toHaveLength(11);

    const national = await listNationalOccupancy(ctx(), {});
    expect(national.rows[0]).toMatchObject({ placeName: "Muhanga Correctional Facility", overcrowded: true });
    expect(national.rows[0]?.figure?.rate).toBe(238.8);
    expect(national.overcrowdedCount).toBe(9);

    const visits = await listVisits(ctx(), {});
    expect(visits.items.map((v) => [v.visitType, v.status, v.announced]).sort()).toEqual([
      ["follow_up", "conducted", false],
      ["regular", "conducted", false],
      ["regular", "conducted", true],
    ]);

    const recs = await listRecommendations(ctx(), {});
    const byTheme = new Map(recs.items.map((r) => [r.theme, r]));
    expect(byTheme.get("overcrowding")).toMatchObject({ status: "partly_implemented", overdue: false });
    expect(byTheme.get("access_to_a_lawyer")).toMatchObject({
      status: "in_progress",
      overdue: true,
      allFacilities: true,
    });
    expect(byTheme.get("contact_with_the_outside_world")).toMatchObject({
      status: "not_answered",
      publishedOn: null,
    });
    const decongest = await getRecommendation(ctx(), byTheme.get("overcrowding")?.id ?? "");
    expect(decongest.history.map((h) => h.status)).toEqual(["accepted", "partly_implemented"]);
    expect(decongest.history[1]?.visitId).toBeTruthy();
    expect(decongest.response).toContain("accepts");
  });
});
