// The roadmap API as the roadmap page calls it, through the typed client.
import type { PlanItemInput, PlanItemPatch } from "../../modules/monitoring/monitoring-plan.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";

const plans = client.api["monitoring-plans"];
const items = client.api["monitoring-plan-items"];

export const roadmapRequests = {
  plans: () => unwrap(plans.$get({ query: {} })),
  items: () => unwrap(items.$get({ query: {} })),
  create: (input: PlanItemInput) => unwrap(items.$post({ json: input })),
  update: (id: string, version: number, patch: PlanItemPatch) =>
    unwrap(items[":id"].$patch({ param: { id }, header: ifMatch(version), json: patch })),
  remove: (id: string, version: number) =>
    expectOk(items[":id"].$delete({ param: { id }, header: ifMatch(version) })),
};
