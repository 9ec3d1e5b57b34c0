import type { Job } from "bullmq";
import type { SyncJobData } from "./job-data.js";

/**
 * What a run of `job` records in `vss.sync_runs.job_id`: unique per job, across Redis resets too.
 *
 * - A job whose id is its enqueueId (manual and CLI jobs: a UUID) records that id.
 * - A scheduled job's id is deterministic per tick (`schedule-<scope>-<stamp>`, so that replicas
 *   deduplicate), and a tick could be enqueued again after Redis lost its data: it records
 *   `<job id>/<enqueueId>`, which still says which tick it was and never repeats.
 * - A job added without an enqueueId (before there was one) records its id as it is.
 *
 * Every attempt of one job records the same value, so a job's runs are found by it.
 */
export function runJobId(job: Pick<Job<SyncJobData>, "id" | "data">): string | undefined {
  const { enqueueId } = job.data;
  if (job.id === undefined) return enqueueId;
  if (enqueueId === undefined || enqueueId === job.id) return job.id;
  return `${job.id}/${enqueueId}`;
}
