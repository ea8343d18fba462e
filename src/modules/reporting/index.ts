// Public surface of the reporting module: bodies, obligations, submissions and their review.
export { createBody, getBody, listBodies, loadReportingBodies, updateBody } from "./bodies.service";
export {
  createObligation,
  createObligationsInBulk,
  getObligation,
  listObligations,
  planDistrictObligations,
  updateObligation,
} from "./obligations.service";
export * from "./periods";
export { reportingRoutes } from "./reporting.routes";
export * from "./reporting.schema";
export { isReportingDemoAvailable, loadReportingDemo } from "./reporting-demo";
export {
  createSubmission,
  deleteSubmission,
  getSubmission,
  getSubmissionVersion,
  listSubmissions,
  reviewSubmission,
  submitSubmission,
  updateSubmission,
} from "./submissions.service";
export { timelinessToXlsx } from "./timeliness.export";
export * from "./timeliness.schema";
export { getTimeliness } from "./timeliness.service";
