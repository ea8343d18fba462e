import { describe, expect, it } from "vitest";
import { PLAN_AREAS, PlanItemInputSchema } from "./monitoring-plan.schema";
import { roadmapExampleItems } from "./monitoring-plan-demo";

describe("roadmapExampleItems", () => {
  it("is valid input for the roadmap, with items in each of the three areas of seed 002", () => {
    const items = roadmapExampleItems();
    const organisationId = "00000000-0000-4000-8000-000000000001";
    for (const item of items)
      expect(
        PlanItemInputSchema.safeParse({ monitoringOrganisationId: organisationId, ...item }).error,
      ).toBeUndefined();
    for (const area of PLAN_AREAS)
      expect(items.filter((item) => item.area === area).length).toBeGreaterThan(2);
    expect(new Set(items.map((item) => item.title)).size).toBe(items.length);
  });
});
