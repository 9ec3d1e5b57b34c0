import type { Job, JobsOptions } from "bullmq";
import type { SyncJobData, SyncJobResult } from "./job-data.js";
import type { SyncQueue } from "./sync-queue.js";

/** BullMQ job name of sync jobs (one kind of job; the scope is in the data). */
export const SYNC_JOB_NAME = "sync";

/**
 * Adds a sync job. With `jobId`, adding is idempotent: while a job with that id exists (waiting,
 * running, or finished within {@link KEEP_FINISHED_SECONDS}), BullMQ keeps it and adds nothing.
 * `overrides` replace the queue's default job options (tests use a short backoff).
 */
export function enqueueSync(
  queue: SyncQueue,
  data: SyncJobData,
  jobId?: string,
  overrides: JobsOptions = {},
): Promise<Job<SyncJobData, SyncJobResult>> {
  return queue.add(SYNC_JOB_NAME, data, { ...overrides, ...(jobId === undefined ? {} : { jobId }) });
}
