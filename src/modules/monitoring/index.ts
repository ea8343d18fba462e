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
