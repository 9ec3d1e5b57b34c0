// Default options of every sync job. See https://docs.bullmq.io/guide/retrying-failing-jobs and
// https://docs.bullmq.io/guide/queues/auto-removal-of-jobs.
import type { JobsOptions } from "bullmq";

const DAY_SECONDS = 24 * 60 * 60;

/**
 * How long finished jobs stay in Redis. A job id is only deduplicated while a job with that id exists,
 * so this must be longer than any gap between two enqueues of the same tick (a scheduler replica that
 * restarts, or one whose clock lags): a week is far beyond that, and nightly jobs are few.
 */
export const KEEP_FINISHED_SECONDS = 7 * DAY_SECONDS;

export const SYNC_JOB_OPTIONS: JobsOptions = {
  // Transient upstream or database failures: 5 attempts, waiting 30 s, 60 s, 2 min, 4 min between them
  // (the client already retried each request a few times before a job attempt fails).
  attempts: 5,
  backoff: { type: "exponential", delay: 30_000, jitter: 0.2 },
  removeOnComplete: { age: KEEP_FINISHED_SECONDS },
  removeOnFail: { age: KEEP_FINISHED_SECONDS },
};
