export { createSyncQueue, SYNC_QUEUE, type SyncQueue, type SyncQueueOptions } from "./sync-queue.js";
export type { SyncJobData, SyncJobResult } from "./job-data.js";
export { KEEP_FINISHED_SECONDS, SYNC_JOB_OPTIONS } from "./job-options.js";
export { scheduledJobId } from "./scheduled-job-id.js";
export { enqueueSync, SYNC_JOB_NAME } from "./enqueue-sync.js";
export { runJobId } from "./run-job-id.js";
export { redisConnection } from "./redis-connection.js";
export {
  errorReason,
  isRedisConnectionError,
  redisMonitor,
  type RedisMonitor,
  type RedisStateLogger,
} from "./redis-monitor.js";
export { queueErrorListener } from "./queue-errors.js";
export { shutdownOnSignals, type ShutdownOptions } from "./shutdown-on-signals.js";
export type { Redis } from "ioredis";
