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
export { type NoticeReport, sendReportingNotices } from "./reminders.service";
export { reportingRoutes } from "./reporting.routes";
export * from "./reporting.schema";
export { isReportingDemoAvailable, loadReportingDemo } from "./reporting-demo";
export {
  addSubmissionAttachment,
  getSubmissionAttachmentFile,
  removeSubmissionAttachment,
} from "./submission-attachments.service";
export { exportSubmission, submissionDocument } from "./submissions.export";
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
// For the recent-changes feed: the same scope condition as the submission list uses.
export { submissionScopeCondition } from "./submissions.store";
export * from "./timeliness";
export { timelinessToXlsx } from "./timeliness.export";
export * from "./timeliness.schema";
export { getTimeliness } from "./timeliness.service";
// For the district meeting's agenda: the reports expected of a district's bodies and how each turned out.
export { selectExpectedReports } from "./timeliness.store";
