// Enqueues each subscriber's next batch: the changes of its scopes after its cursor. Safe to run any number of times
// from anywhere (after each sync, on the interval, after each delivery): the job id is derived from the
// batch's start, so a batch is enqueued once; a batch whose job ran out of attempts is retried.
import type { AppConfig, WebhookSubscriber } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { readChanges, startWebhookCursor } from "@vss-mirror/feed";
import type { JobsOptions } from "bullmq";
import type { Logger } from "pino";
import {
  DELIVER_JOB,
  type DeliverJobData,
  deliveryJobId,
  sortedScopes,
  type WebhookQueue,
} from "./webhook-queue.js";

export interface DispatchDeps {
  database: DatabaseHandle;
  queue: WebhookQueue;
  settings: AppConfig["webhooks"];
  logger: Logger;
}

/** Job options of a delivery: BullMQ retries it with exponential backoff before the interval takes over. */
export function deliveryJobOptions(settings: AppConfig["webhooks"]): JobsOptions {
  return {
    attempts: settings.attempts,
    backoff: { type: "exponential", delay: settings.backoffMs },
    // Kept a week, so that an id keeps deduplicating long after its batch was delivered.
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export async function dispatchSubscriber(deps: DispatchDeps, subscriber: WebhookSubscriber): Promise<void> {
  // A subscriber seen for the first time starts at the feed's end, or at its beginning if it asks to.
  const { cursor: from, since } = await startWebhookCursor(deps.database, subscriber.id, subscriber.from);
  // Only the subscriber's scopes: the batch ends at its last change of them, and the next one starts
  // there, so changes of other scopes in between are passed over, never sent and never waited for.
  const scopes = sortedScopes(subscriber.scopes);
  const batch = await readChanges(deps.database, { after: from, limit: deps.settings.batchSize, scopes });
  if (batch.changes.length === 0) return;
  const jobId = deliveryJobId(subscriber.id, scopes, from, since);
  const existing = await deps.queue.getJob(jobId);
  if (existing) {
    // Out of attempts (the receiver was down for long): start its attempts over. Waiting, delayed or
    // active: it is on its way. Completed: the cursor has moved on by now (the delivery advances it
    // before completing), and the next batch has its own id.
    if ((await existing.getState()) === "failed") {
      deps.logger.info(
        { subscriber: subscriber.id, deliveryId: jobId },
        "retrying a failed webhook delivery",
      );
      await existing.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    }
    return;
  }
  const data: DeliverJobData = { subscriberId: subscriber.id, scopes, from, to: batch.next };
  await deps.queue.add(DELIVER_JOB, data, { ...deliveryJobOptions(deps.settings), jobId });
}

/** Gives every configured subscriber its starting cursor if it has none (see startWebhookCursor). */
export async function startCursors(deps: Pick<DispatchDeps, "database" | "settings">): Promise<void> {
  for (const subscriber of deps.settings.subscribers)
    await startWebhookCursor(deps.database, subscriber.id, subscriber.from);
}

/** Dispatches every configured subscriber; one subscriber's failure does not stop the others. */
export async function dispatchAll(deps: DispatchDeps): Promise<void> {
  const results = await Promise.allSettled(
    deps.settings.subscribers.map((subscriber) => dispatchSubscriber(deps, subscriber)),
  );
  const failed = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (failed.length > 0)
    throw new AggregateError(failed, `webhook dispatch failed for ${failed.length} subscriber(s)`);
}
