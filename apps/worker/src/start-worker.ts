// A worker process's parts, startable in-process (tests run several side by side): a BullMQ worker on
// the sync queue, its database pool, its Redis connection and the health endpoint. Nothing here assumes
// it is the only replica: BullMQ hands each job to one worker, and runSync's per-scope advisory lock
// keeps two runs of one scope apart wherever they come from.
import type { AppConfig } from "@vss-mirror/config";
import { connectDatabase } from "@vss-mirror/db";
import {
  createSyncQueue,
  redisConnection,
  SYNC_QUEUE,
  type SyncJobData,
  type SyncJobResult,
} from "@vss-mirror/queue";
import { UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "pino";
import { checkHealth } from "./health.js";
import { startHttpServer } from "./http-server.js";
import { createWorkerMetrics } from "./metrics.js";
import { DASHBOARD_PATH } from "./dashboard.js";
import { syncProcessor } from "./sync-processor.js";
import { startWebhooks } from "./webhooks/index.js";

export interface StartWorkerOptions {
  config: AppConfig;
  logger: Logger;
  /** BullMQ key prefix; must match the queue's. Default: BullMQ's ("bull"). */
  prefix?: string;
  /** Delay before a job whose scope is locked by another run tries again. Default: 30_000. */
  lockedRetryDelayMs?: number;
}

export interface RunningWorker {
  /** Base URL of the HTTP endpoint: `${healthUrl}/healthz`, `/metrics` and `/admin/queues`. */
  healthUrl: string;
  /**
   * Stops taking jobs, waits for running ones to finish, then closes Redis, the pool and the health
   * endpoint. `force`: abort running syncs (they are recorded as failed and retried later) instead.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config, logger } = options;
  const concurrency = config.worker.concurrency;
  // runSync holds one connection per run; leave room for the health probe and run bookkeeping.
  const database = connectDatabase({
    url: config.databaseUrl,
    max: concurrency * 2 + 2,
    applicationName: "vss-mirror-worker",
  });
  const connection = redisConnection(config.redisUrl, "worker");
  // The dashboard and the queue-depth gauge read the queue on a connection of the producer kind, whose
  // commands fail instead of waiting forever while Redis is down.
  const queueConnection = redisConnection(config.redisUrl, "queue");
  const prefix = options.prefix === undefined ? {} : { prefix: options.prefix };
  const queue = createSyncQueue(queueConnection, prefix);
  queue.on("error", (error) => logger.debug({ err: error }, "sync queue connection error"));
  const metrics = createWorkerMetrics({
    queue,
    queueReady: () => queueConnection.status === "ready",
    database,
    subscribers: config.webhooks.subscribers,
  });
  const aborting = new AbortController();
  const worker = new Worker<SyncJobData, SyncJobResult>(
    SYNC_QUEUE,
    syncProcessor({
      config,
      database,
      logger,
      lockedRetryDelayMs: options.lockedRetryDelayMs ?? 30_000,
      signal: aborting.signal,
      metrics,
    }),
    { connection, concurrency, ...prefix },
  );
  // Webhook deliveries: their own queue, processed in this process too.
  const webhooks = await startWebhooks({ config, database, logger, metrics: metrics.webhooks, ...prefix });
  worker.on("active", (job) => logger.info({ jobId: job.id, scope: job.data.scope }, "sync job started"));
  worker.on("completed", (job, result) => {
    logger.info({ jobId: job.id, scope: job.data.scope, result }, "sync job succeeded");
    void webhooks.dispatch();
  });
  worker.on("failed", (job, error) => {
    const retrying =
      job !== undefined &&
      !(error instanceof UnrecoverableError) &&
      job.attemptsMade < (job.opts.attempts ?? 1);
    logger.error(
      { jobId: job?.id, scope: job?.data.scope, attemptsMade: job?.attemptsMade, retrying, err: error },
      retrying ? "sync job attempt failed; retrying with backoff" : "sync job failed",
    );
  });
  // Without a listener an 'error' event (e.g. Redis unreachable) would crash the process.
  worker.on("error", (error) => logger.warn({ err: error }, "worker error"));

  let closing = false;
  const http = await startHttpServer({
    host: config.worker.healthHost,
    port: config.worker.healthPort,
    metrics: metrics.registry,
    queue,
    check: () =>
      checkHealth({
        redis: connection,
        database,
        workerState: () =>
          closing ? "down: shutting down" : worker.isRunning() ? "ok" : "down: not running",
      }),
  });
  logger.info(
    {
      concurrency,
      health: `${http.url}/healthz`,
      metrics: `${http.url}/metrics`,
      dashboard: `${http.url}${DASHBOARD_PATH}`,
    },
    "worker started",
  );

  let closed: Promise<void> | undefined;
  const shutDown = async (force: boolean) => {
    closing = true;
    if (force) aborting.abort(new Error("worker shutdown forced"));
    await worker.close(force);
    await webhooks.close({ force });
    await http.close();
    await queue.close().catch(() => {});
    await Promise.allSettled([connection.quit(), queueConnection.quit(), database.close()]);
    connection.disconnect();
    queueConnection.disconnect();
    logger.info({ force }, "worker stopped");
  };
  return {
    healthUrl: http.url,
    close: ({ force = false } = {}) => {
      // A forced close may come while a graceful one waits for jobs; it must still take effect.
      if (force) return (closed = shutDown(true));
      return (closed ??= shutDown(false));
    },
  };
}
