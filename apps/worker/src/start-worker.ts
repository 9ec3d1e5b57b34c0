// A worker process's parts, startable in-process (tests run several side by side): a BullMQ worker on
// the sync queue, its database pool, its Redis connection and the health endpoint. Nothing here assumes
// it is the only replica: BullMQ hands each job to one worker, and runSync's per-scope advisory lock
// keeps two runs of one scope apart wherever they come from.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { AppConfig } from "@vss-mirror/config";
import { connectDatabase } from "@vss-mirror/db";
import {
  createSyncQueue,
  queueErrorListener,
  redisConnection,
  redisMonitor,
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

/** See the Worker options in startWorker. */
export const LOCK_DURATION_MS = 6_000;
export const STALLED_INTERVAL_MS = 3_000;

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
  // One "redis unreachable" / "redis reconnected" line per outage for all of this process's connections.
  const monitor = redisMonitor(config.redisUrl, logger);
  const connection = redisConnection(config.redisUrl, "worker", monitor);
  // The dashboard and the queue-depth gauge read the queue on a connection of the producer kind, whose
  // commands fail instead of waiting forever while Redis is down.
  const queueConnection = redisConnection(config.redisUrl, "queue", monitor);
  const prefix = options.prefix === undefined ? {} : { prefix: options.prefix };
  const queue = createSyncQueue(queueConnection, prefix);
  queue.on("error", queueErrorListener(logger, "sync queue error"));
  // Recorded on each job it takes (job.processedBy), so `sync --via-queue` can say which worker runs it.
  const name = `worker/${hostname()}/${process.pid}/${randomBytes(3).toString("hex")}`;
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
    {
      connection,
      concurrency,
      name,
      ...prefix,
      // Crash recovery. A job's lock (in Redis) lasts lockDuration and its worker renews it every
      // lockDuration / 2 while the job runs; each worker looks for jobs whose lock has lapsed every
      // stalledInterval and puts them back to wait. A worker killed mid-run therefore has its job
      // running again elsewhere at most lockDuration + stalledInterval (9 s) later, where BullMQ's
      // defaults (30 s and 30 s) took up to a minute.
      //
      // Why re-running a stalled job is safe: a run is ONE database transaction, committed together with
      // its sync_runs success. A killed worker's connection closes, so Postgres rolls the transaction
      // back and releases the scope's advisory lock; the rerun starts from the last committed state.
      // A worker that is alive but slow keeps renewing its lock (renewal is a timer, not tied to the
      // run's progress), so only an event loop blocked for lockDuration, or Redis unreachable for that
      // long, can lose the lock of a live run. Then: (1) the rerun cannot overlap it, since runSync takes
      // the scope's advisory lock (pg_try_advisory_lock) and a second run of the scope finds it held and
      // waits (SyncLockedError -> delayed, no attempt spent); (2) this worker cancels its own run when
      // BullMQ reports the renewal failed (lockRenewalFailed below), so it rolls back unless it already
      // committed; (3) if it had committed, the rerun is a no-op resync (nothing changed upstream in
      // between, or it records the real changes), and `sync --via-queue` reports the run that did the
      // work from sync_runs, not the job's last return value.
      //
      // The cost: a Redis outage longer than lockDuration lapses running jobs' locks, so their runs are
      // cancelled and run again once Redis is back (a Redis that came back empty is the exception,
      // see onLockLost).
      //
      // maxStalledCount 2: a job is put back twice (two workers lost under it) before BullMQ fails it
      // as stalled; stalls spend no attempt.
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: STALLED_INTERVAL_MS,
      maxStalledCount: 2,
    },
  );
  worker.on("lockRenewalFailed", (jobIds: string[]) => {
    for (const jobId of jobIds) void onLockLost(jobId);
  });
  const onLockLost = async (jobId: string) => {
    // A job Redis no longer has at all (Redis restarted empty, or was flushed) will not be run by
    // anyone else: let its run finish and commit; `sync --via-queue` reads the outcome from sync_runs.
    const job = await queue.getJob(jobId).catch(() => null);
    if (job === undefined) {
      logger.warn({ jobId }, "sync job vanished from Redis; letting its run finish");
      return;
    }
    logger.warn({ jobId }, "sync job lost its lock; cancelling its run so another worker can take it");
    worker.cancelJob(jobId, "the job's lock was lost (another worker may be running it)");
  };
  worker.on("stalled", (jobId: string) =>
    logger.warn({ jobId }, "sync job stalled (its worker stopped renewing the lock); running it again"),
  );
  // Webhook deliveries: their own queue, processed in this process too.
  const webhooks = await startWebhooks({
    config,
    database,
    logger,
    metrics: metrics.webhooks,
    monitor,
    ...prefix,
  });
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
  // Without a listener an 'error' event would crash the process; Redis being away is the monitor's.
  worker.on("error", queueErrorListener(logger, "worker error"));

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
