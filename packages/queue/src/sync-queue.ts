// The one queue every sync job goes through, shared by the scheduler, the CLI and the workers.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { SYNC_JOB_OPTIONS } from "./job-options.js";
import type { SyncJobData, SyncJobResult } from "./job-data.js";

/** BullMQ queue name of sync jobs. */
export const SYNC_QUEUE = "vss-sync";

export type SyncQueue = Queue<SyncJobData, SyncJobResult>;

export interface SyncQueueOptions {
  /**
   * BullMQ key prefix. Default "bull" (BullMQ's own). Workers must use the same one; tests give each
   * file its own so that files running at once never share Redis keys.
   */
  prefix?: string;
}

/** The sync queue on `connection`, with {@link SYNC_JOB_OPTIONS} as every job's defaults. */
export function createSyncQueue(connection: Redis, options: SyncQueueOptions = {}): SyncQueue {
  return new Queue<SyncJobData, SyncJobResult>(SYNC_QUEUE, {
    connection,
    defaultJobOptions: SYNC_JOB_OPTIONS,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  });
}
