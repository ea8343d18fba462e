// The job queue (decision 015): kinds of jobs with typed payloads, started with the app's database.
export { JobQueueStoppedError } from "./job-database.store";
export {
  DEFAULT_TIME_ZONE,
  defineJob,
  type JobContext,
  type JobDefinition,
  type JobPolicy,
  type JobQueue,
  JobQueueNotInstalledError,
  type JobQueueOptions,
  type JobRetry,
  type JobSettings,
  type ScheduleOptions,
  type SendOptions,
  startJobQueue,
  type WorkOptions,
} from "./job-queue";
export {
  type FailedJob,
  type JobQueueOverview,
  type QueueSummary,
  type ScheduleSummary,
  selectJobQueueOverview,
} from "./job-queue.store";
