// Public surface of the incidents module: confidential incidents, persons and consent, referrals, service providers.

export {
  addPerson,
  recordConsent,
  removePerson,
  updatePerson,
  withdrawConsent,
} from "./incident-persons.service";
export { anonymiseExpiredIncidents, retentionDays } from "./incident-retention.service";
export { INCIDENT_ENCRYPTED_COLUMNS } from "./incident-seal";
export * from "./incident-statistics.schema";
export { getIncidentStatistics, statisticsThreshold } from "./incident-statistics.service";
export { incidentRoutes } from "./incidents.routes";
export * from "./incidents.schema";
export {
  breakGlassIncident,
  createIncident,
  getIncident,
  getIncidentAccessLog,
  listIncidents,
  updateIncident,
} from "./incidents.service";
// For the recent-changes feed: the same scope conditions as the lists use.
export { incidentScopeCondition } from "./incidents.store";
export { isIncidentsDemoAvailable, loadIncidentsDemo } from "./incidents-demo";
export { incidentsDemoRoutes } from "./incidents-demo.routes";
export { referralRoutes } from "./referrals.routes";
export {
  addReferralFollowUp,
  changeReferralStatus,
  createReferral,
  getReferral,
  listReferrals,
  type ReferralLinks,
} from "./referrals.service";
export { referralScopeCondition } from "./referrals.store";
export { serviceProviderRoutes } from "./service-providers.routes";
export { listServiceProviders } from "./service-providers.service";
export { exportSubjectAccess } from "./subject-access.service";
