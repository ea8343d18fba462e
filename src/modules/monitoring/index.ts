// Public surface of the monitoring module (detention monitoring, the NPM): each area adds its own exports.

export { addFinding, openFindingIncident } from "./findings.service";
// Visits and findings.
export { visitReportDocument } from "./visit-report.export";
export { visitRoutes } from "./visits.routes";
export * from "./visits.schema";
export { createVisit, getVisit, listVisits, publishVisit, updateVisit } from "./visits.service";
