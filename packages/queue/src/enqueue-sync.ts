import { randomUUID } from "node:crypto";
import type { Job, JobsOptions } from "bullmq";
import type { SyncJobData, SyncJobResult } from "./job-data.js";
import type { SyncQueue } from "./sync-queue.js";

/** BullMQ job name of sync jobs (one kind of job; the scope is in the data). */
export const SYNC_JOB_NAME = "sync";

/**
 * Adds a sync job, with a fresh `enqueueId` (a UUID) in its data. Without `jobId` the job's id is that
 * UUID, never BullMQ's own counter: the counter lives in Redis and starts again at 1 when Redis loses
 * its data, so its ids would repeat in `vss.sync_runs.job_id`.
 *
 * With `jobId`, adding is idempotent: while a job with that id exists (waiting, running, or finished
 * within {@link KEEP_FINISHED_SECONDS}), BullMQ keeps it, with its data, and adds nothing.
 * `overrides` replace the queue's default job options (tests use a short backoff).
 */
export function enqueueSync(
  queue: SyncQueue,
  data: Omit<SyncJobData, "enqueueId">,
  jobId?: string,
  overrides: JobsOptions = {},
): Promise<Job<SyncJobData, SyncJobResult>> {
  const enqueueId = randomUUID();
  return queue.add(SYNC_JOB_NAME, { ...data, enqueueId }, { ...overrides, jobId: jobId ?? enqueueId });
}
