// The monitoring module's public surface: routes, schemas and the use cases other modules, the server and the CLI
// may call.

export { DETENTION_THEME_SECTOR_THEMES, isDetentionTheme, sectorThemesFor } from "./detention-theme-links";
export { addFinding, openFindingIncident } from "./findings.service";
export { isMonitoringDemoAvailable, loadMonitoringDemo } from "./monitoring-demo";
export { monitoringDemoRoutes } from "./monitoring-demo.routes";
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
// Public surface of the monitoring module.
export { occupancyRoutes } from "./occupancy.routes";
export * from "./occupancy.schema";
export {
  getOccupancySeries,
  importOccupancyTable,
  listNationalOccupancy,
  type OccupancyImportOptions,
} from "./occupancy.service";
export type {
  PlacePartners,
  RecommendationPartners,
  RecommendationPartnersInput,
} from "./partner-links.schema";
export { PlacePartnersSchema, RecommendationPartnersSchema } from "./partner-links.schema";
export { findPartnersForPlace, findPartnersForRecommendation } from "./partner-links.service";
export { placePartnerRoutes } from "./place-partners.routes";
export { reachOf } from "./recommendation-access";
export { recommendationPartnerRoutes } from "./recommendation-partners.routes";
export { getRecommendationPartners } from "./recommendation-partners.service";
export { reachCondition } from "./recommendations.store";
// Visits and findings.
export { visitReportDocument } from "./visit-report.export";
export { visitRoutes } from "./visits.routes";
export * from "./visits.schema";
export { createVisit, getVisit, listVisits, publishVisit, updateVisit } from "./visits.service";
// For the recent-changes feed: the same scope conditions as the visit and recommendation lists use.
export { visitScopeCondition } from "./visits.store";
// Public surface of the monitoring module.

// Recommendations, their status history, the addressee's response and follow-up actions; the tracker.
export { followUpActionRoutes } from "./follow-up-actions.routes";
export * from "./follow-up-actions.schema";
export { listFollowUpActions } from "./follow-up-actions.service";
export * from "./recommendation-status";
export { changeRecommendationStatus } from "./recommendation-status-changes.service";
export { getRecommendationTracker, trackerToXlsx } from "./recommendation-tracker.service";
export { recommendationRoutes } from "./recommendations.routes";
export * from "./recommendations.schema";
export {
  createRecommendation,
  getRecommendation,
  listRecommendations,
  respondToRecommendation,
  updateRecommendation,
} from "./recommendations.service";
