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
 * The delivery job's id, which is also the delivery id receivers see: the same for every enqueue of the
 * batch that starts at `from` for these scopes, so re-dispatching never adds a second job for it
 * (https://docs.bullmq.io/guide/jobs/job-ids). Other scopes make other batches, so they get another id
 * (a digest of the sorted scopes, whatever their order in WEBHOOKS_FILE). Subscriber ids, the digest
 * (base64url) and cursors hold only `[A-Za-z0-9._-]`, so the id never contains BullMQ's ":" separator.
 */
export function deliveryJobId(subscriberId: string, scopes: readonly string[], from: string): string {
  const digest = createHash("sha256").update(sortedScopes(scopes).join("\n")).digest("base64url");
  return `deliver-${subscriberId}-${digest.slice(0, 12)}-${from}`;
}

/** Scopes in one canonical order, for comparing and digesting sets of them. */
export function sortedScopes(scopes: readonly string[]): string[] {
  return [...scopes].sort();
}
