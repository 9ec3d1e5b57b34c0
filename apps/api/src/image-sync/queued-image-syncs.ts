// Personal syncs as sync jobs (REDIS_URL set): a request IS a BullMQ job on the sync queue, which the
// workers run like any other. Upstream request ids are integers, and job ids must never repeat (a Redis
// reset restarts BullMQ's own counter), so the id comes from a Postgres sequence
// (vss.image_sync_request_id) and the job's id is `image-sync-<id>`. BullMQ's deduplication keeps one job
// per store until it completes or fails, so PATCHes meanwhile share it
// (https://docs.bullmq.io/guide/jobs/deduplication). The state comes from the job, the counts from its
// result, and a failure's reason from its run in vss.sync_runs (whose job_id starts with the job's id).
import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@vss-mirror/db";
import { enqueueSync, type SyncQueue } from "@vss-mirror/queue";
import type { ImageSyncRequest, ImageSyncService, ImageSyncStatus } from "./image-sync-request.js";

export interface QueuedImageSyncsOptions {
  queue: SyncQueue;
  database: DatabaseHandle;
  /** The usernames whose stores the workers sync (their VSS_USERNAME / VSS_ACCOUNTS_FILE). */
  usernames: string[];
  /** Recorded in the job's `enqueuedBy`. */
  enqueuedBy: string;
}

/** A job's state as a request status; a job waiting for its retry is still in progress. */
function statusOf(state: string, attemptsMade: number): ImageSyncStatus {
  switch (state) {
    case "completed":
      return "PROCESSED";
    case "failed":
      return "ERROR";
    case "active":
      return "IN_PROGRESS";
    default:
      return attemptsMade > 0 ? "IN_PROGRESS" : "SUBMITTED";
  }
}

const jobIdOf = (requestId: number) => `image-sync-${requestId}`;
const requestIdOf = (jobId: string | undefined) => Number(jobId?.replace(/^image-sync-/, "") ?? NaN);

export class QueuedImageSyncs implements ImageSyncService {
  readonly #options: QueuedImageSyncsOptions;

  constructor(options: QueuedImageSyncsOptions) {
    this.#options = options;
  }

  syncs(username: string): boolean {
    return this.#options.usernames.includes(username);
  }

  async start(username: string): Promise<ImageSyncRequest> {
    const [next] = await this.#options.database.query<{ id: string }>(
      `select nextval('vss.image_sync_request_id')::text as id`,
    );
    const job = await enqueueSync(
      this.#options.queue,
      { scope: username, trigger: "manual", enqueuedBy: this.#options.enqueuedBy, taskId: randomUUID() },
      jobIdOf(Number(next!.id)),
      { deduplication: { id: `image-sync-${encodeURIComponent(username)}` } },
    );
    // A deduplicated add answers the pending job's id: report that job, not the data just offered.
    const request = await this.get(requestIdOf(job.id), username);
    if (!request) throw new Error(`sync job ${job.id} vanished right after it was added`);
    return request;
  }

  async get(id: number, username: string): Promise<ImageSyncRequest | undefined> {
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const job = await this.#options.queue.getJob(jobIdOf(id));
    // Scheduled and CLI jobs are nobody's request; another user's request answers like a missing one.
    if (!job || job.data.scope !== username || job.data.taskId === undefined) return undefined;
    const status = statusOf(await job.getState(), job.attemptsMade);
    const request: ImageSyncRequest = {
      id,
      username,
      taskId: job.data.taskId,
      status,
      createdAt: new Date(job.timestamp),
      updatedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp),
      added: 0,
      deleted: 0,
      errors: [],
    };
    if (status === "PROCESSED" && job.returnvalue) {
      request.added = job.returnvalue.inserted + job.returnvalue.restored;
      request.deleted = job.returnvalue.deleted;
    }
    if (status === "ERROR") {
      const [run] = await this.#options.database.query<{ error: string | null }>(
        `select error from vss.sync_runs where split_part(job_id, '/', 1) = $1 order by id desc limit 1`,
        [jobIdOf(id)],
      );
      request.errors = [run?.error ?? job.failedReason ?? "the sync failed"];
    }
    return request;
  }

  async close(): Promise<void> {
    await this.#options.queue.close();
  }
}
