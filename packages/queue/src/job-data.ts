// What a sync job carries. Never credentials: a worker looks the account up in its own configuration,
// so job data in Redis (and in BullMQ dashboards) holds nothing secret.
import type { SyncRunResult } from "@vss-mirror/sync";

export interface SyncJobData {
  /** "public", or the username whose personal store to sync. */
  scope: string;
  /** Recorded in `vss.sync_runs.trigger`. */
  trigger: "schedule" | "manual" | "cli";
  /** For scheduled jobs: the tick's scheduled time, ISO 8601 UTC. */
  tick?: string;
  /**
   * Who added the job, e.g. a scheduler replica's `scheduler/<host>/<pid>/<random>`. Diagnostic, and how
   * a scheduler tells whether its add created the job or found one another replica had added.
   */
  enqueuedBy?: string;
  /**
   * For a personal sync a client asked the cache API for (PATCH /v2/user/image/iso): the task id it was
   * answered, a UUID. The API reports only jobs that carry one.
   */
  taskId?: string;
  /**
   * A UUID given by enqueueSync, unique to this job whatever its id; see runJobId. Optional only for
   * jobs added before it existed.
   */
  enqueueId?: string;
}

/** What a completed job returns (BullMQ stores it as the job's `returnvalue`). */
export type SyncJobResult = SyncRunResult;
