// The webhook queue, apart from the sync queue so that a slow receiver never holds up a sync (and the
// other way round). Two kinds of job: "dispatch" (enqueue each subscriber's next batch; also fired on
// an interval by a BullMQ job scheduler, once per tick whatever the number of replicas) and "deliver"
// (POST one batch to one subscriber).
import { createHash } from "node:crypto";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** BullMQ queue name of webhook jobs. */
export const WEBHOOK_QUEUE = "vss-webhooks";
export const DISPATCH_JOB = "dispatch";
export const DELIVER_JOB = "deliver";
/** The job scheduler that fires a dispatch job every WEBHOOK_DISPATCH_INTERVAL_MS. */
export const DISPATCH_SCHEDULER = "webhooks-dispatch";

/**
 * One batch for one subscriber: the changes of `scopes` after `from` up to and including `to`. Both ends
 * and the scopes are fixed when it is enqueued, so every attempt sends the same changes under the same
 * delivery id. No URL or secret: the worker looks the subscriber up in its own configuration.
 */
export interface DeliverJobData {
  subscriberId: string;
  /** The subscriber's scopes when the batch was dispatched (sorted). */
  scopes: string[];
  from: string;
  to: string;
}

export type WebhookJobData = DeliverJobData | Record<string, never>;

export type WebhookQueue = Queue<WebhookJobData>;

export function createWebhookQueue(connection: Redis, prefix?: string): WebhookQueue {
  return new Queue<WebhookJobData>(WEBHOOK_QUEUE, {
    connection,
    ...(prefix === undefined ? {} : { prefix }),
  });
}

/**
 * The delivery job's id, which is also the `webhook-id` receivers see: the same for every enqueue of the
 * batch that starts at `from` for these scopes, so re-dispatching never adds a second job for it
 * (https://docs.bullmq.io/guide/jobs/job-ids) and every retry carries the same id. Another batch gets
 * another id: a later one starts at a later cursor, other scopes make another digest (of the sorted
 * scopes, whatever their order in WEBHOOKS_FILE), and `since` (when the cursor reached `from`) tells
 * apart a batch sent again after the subscriber's cursor row was deleted. Subscriber ids and the digest
 * (base64url) hold only `[A-Za-z0-9._-]`, so the id never contains BullMQ's ":" separator.
 */
export function deliveryJobId(
  subscriberId: string,
  scopes: readonly string[],
  from: string,
  since: string,
): string {
  const digest = createHash("sha256")
    .update([...sortedScopes(scopes), "", from, since].join("\n"))
    .digest("base64url");
  return `msg_${subscriberId}_${digest.slice(0, 22)}`;
}

/** Scopes in one canonical order, for comparing and digesting sets of them. */
export function sortedScopes(scopes: readonly string[]): string[] {
  return [...scopes].sort();
}
