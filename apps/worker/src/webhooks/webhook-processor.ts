// What the worker does with a webhook job. A delivery reads its fixed batch, POSTs it, and only after a
// 2xx moves the subscriber's cursor (compare-and-set from the batch's start) and dispatches the next
// batch. A failure throws, so BullMQ retries with backoff; the cursor stays, so nothing is lost.
import type { AppConfig } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { advanceWebhookCursor, readChanges } from "@vss-mirror/feed";
import { type Job, UnrecoverableError } from "bullmq";
import type { Logger } from "pino";
import { deliverBatch } from "./deliver-batch.js";
import type { WebhookMetrics } from "./webhook-metrics.js";
import { dispatchAll, dispatchSubscriber } from "./dispatch.js";
import {
  type DeliverJobData,
  DISPATCH_JOB,
  sortedScopes,
  type WebhookJobData,
  type WebhookQueue,
} from "./webhook-queue.js";

export interface WebhookProcessorDeps {
  database: DatabaseHandle;
  queue: WebhookQueue;
  settings: AppConfig["webhooks"];
  logger: Logger;
  metrics: WebhookMetrics;
  /** Aborted on a forced shutdown: a delivery in flight is abandoned (and retried later). */
  signal: AbortSignal;
}

export function webhookProcessor(deps: WebhookProcessorDeps) {
  return async (job: Job<WebhookJobData>): Promise<unknown> => {
    if (job.name === DISPATCH_JOB) return dispatchAll(deps);
    const { subscriberId, scopes, from, to } = job.data as DeliverJobData;
    const deliveryId = job.id!;
    const logger = deps.logger.child({ subscriber: subscriberId, deliveryId, attempt: job.attemptsMade + 1 });
    const subscriber = deps.settings.subscribers.find((candidate) => candidate.id === subscriberId);
    if (!subscriber) {
      throw new UnrecoverableError(
        `webhook subscriber ${subscriberId} is no longer configured (WEBHOOKS_FILE)`,
      );
    }
    // WEBHOOKS_FILE is the authority on what a subscriber may receive: a batch dispatched for other
    // scopes (the file changed since, or a job from before scopes existed) is never sent. Its
    // replacement has another delivery id, so the next dispatch enqueues it.
    const current = sortedScopes(subscriber.scopes);
    if (!Array.isArray(scopes) || scopes.join("\n") !== current.join("\n")) {
      throw new UnrecoverableError(
        `webhook subscriber ${subscriberId}'s scopes changed since this batch was dispatched; the next dispatch sends a batch of its current scopes`,
      );
    }
    const batch = await readChanges(deps.database, {
      after: from,
      until: to,
      limit: deps.settings.batchSize,
      scopes: current,
    });
    let status: number;
    try {
      status = await deliverBatch(
        subscriber,
        { deliveryId, subscriber: subscriberId, changes: batch.changes, next: to },
        { timeoutMs: deps.settings.timeoutMs, signal: deps.signal },
      );
    } catch (error) {
      deps.metrics.failed(subscriberId);
      throw error;
    }
    deps.metrics.delivered(subscriberId, batch.changes.length);
    const moved = await advanceWebhookCursor(deps.database, subscriberId, from, to);
    logger.info({ status, changes: batch.changes.length, cursorMoved: moved }, "webhook batch delivered");
    // The next batch at once rather than at the next interval; if this fails, the interval catches up.
    await dispatchSubscriber(deps, subscriber).catch((error: unknown) =>
      logger.warn({ err: error }, "could not dispatch the next webhook batch; the interval will"),
    );
    return { status, changes: batch.changes.length };
  };
}
