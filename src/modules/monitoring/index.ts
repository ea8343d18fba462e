// The monitoring module's public surface: routes, schemas and the use cases other modules, the server and the CLI
// may call.

export { monitoringPlanRoutes } from "./monitoring-plan.routes";
export type { PlanItem, PlanSummary } from "./monitoring-plan.schema";
export {
  createPlanItem,
  deletePlanItem,
  getPlanItem,
  listPlanItems,
  listPlanSummaries,
  updatePlanItem,
} from "./monitoring-plan.service";
export { type RoadmapExampleItem, roadmapExampleItems } from "./monitoring-plan-demo";
