// The webhook side of a worker process: a BullMQ worker on the webhook queue, the interval dispatcher
// (a job scheduler, so several replicas fire one dispatch per tick), and `dispatch()` for the sync side
// to call after each successful run. With no subscribers configured, nothing starts.
import type { AppConfig } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { queueErrorListener, redisConnection, type RedisMonitor } from "@vss-mirror/queue";
import { UnrecoverableError, Worker } from "bullmq";
import type { Logger } from "pino";
import { dispatchAll, startCursors } from "./dispatch.js";
import type { WebhookMetrics } from "./webhook-metrics.js";
import { webhookProcessor } from "./webhook-processor.js";
import {
  createWebhookQueue,
  DISPATCH_JOB,
  DISPATCH_SCHEDULER,
  WEBHOOK_QUEUE,
  type WebhookJobData,
} from "./webhook-queue.js";

export interface StartWebhooksOptions {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
  /** Counts deliveries. */
  metrics: WebhookMetrics;
  /** BullMQ key prefix. Default: BullMQ's ("bull"). */
  prefix?: string;
  /** The process's Redis monitor, which reports outages of these connections too. */
  monitor?: RedisMonitor;
}

export interface RunningWebhooks {
  /** Enqueues every subscriber's next batch now; errors are logged, never thrown. */
  dispatch(): Promise<void>;
  close(options?: { force?: boolean }): Promise<void>;
}

/** Deliveries in flight at once per process (each subscriber has at most one batch pending). */
const CONCURRENCY = 4;

export async function startWebhooks(options: StartWebhooksOptions): Promise<RunningWebhooks> {
  const { config, database } = options;
  const settings = config.webhooks;
  const logger = options.logger.child({ component: "webhooks" });
  if (settings.subscribers.length === 0) return { dispatch: async () => {}, close: async () => {} };

  const queueConnection = redisConnection(config.redisUrl, "queue", options.monitor);
  const connection = redisConnection(config.redisUrl, "worker", options.monitor);
  const queue = createWebhookQueue(queueConnection, options.prefix);
  queue.on("error", queueErrorListener(logger, "webhook queue error"));
  const aborting = new AbortController();
  const deps = { database, queue, settings, logger, metrics: options.metrics };
  const worker = new Worker<WebhookJobData>(
    WEBHOOK_QUEUE,
    webhookProcessor({ ...deps, signal: aborting.signal }),
    {
      connection,
      concurrency: CONCURRENCY,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    },
  );
  worker.on("failed", (job, error) => {
    if (job?.name === DISPATCH_JOB) return logger.warn({ err: error }, "webhook dispatch failed");
    const retrying =
      job !== undefined &&
      !(error instanceof UnrecoverableError) &&
      job.attemptsMade < (job.opts.attempts ?? 1);
    logger.warn(
      {
        subscriber: job?.data.subscriberId,
        deliveryId: job?.id,
        attemptsMade: job?.attemptsMade,
        retrying,
        err: error.message,
      },
      retrying
        ? "webhook delivery failed; retrying with backoff"
        : "webhook delivery failed; the dispatch interval will retry it",
    );
  });
  worker.on("error", queueErrorListener(logger, "webhook worker error"));
  await queue.upsertJobScheduler(
    DISPATCH_SCHEDULER,
    { every: settings.dispatchIntervalMs },
    { name: DISPATCH_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: true } },
  );
  logger.info(
    {
      subscribers: settings.subscribers.map((subscriber) => subscriber.id),
      intervalMs: settings.dispatchIntervalMs,
    },
    "webhooks started",
  );
  // New subscribers' cursors now: one that starts at the feed's end gets whatever commits from here on,
  // even before the first dispatch. If the database is away, each dispatch does it instead.
  await startCursors(deps).catch((error: unknown) =>
    logger.warn({ err: error }, "could not set new webhook subscribers' cursors; the next dispatch will"),
  );
  const dispatch = () =>
    dispatchAll(deps).catch((error: unknown) => logger.warn({ err: error }, "webhook dispatch failed"));
  // Whatever is pending from before a restart goes out now, not at the first tick.
  void dispatch();

  let closed: Promise<void> | undefined;
  const shutDown = async (force: boolean) => {
    if (force) aborting.abort(new Error("worker shutdown forced"));
    await worker.close(force);
    await queue.close().catch(() => {});
    await Promise.allSettled([connection.quit(), queueConnection.quit()]);
    connection.disconnect();
    queueConnection.disconnect();
  };
  return {
    dispatch,
    close: ({ force = false } = {}) => {
      if (force) return (closed = shutDown(true));
      return (closed ??= shutDown(false));
    },
  };
}
