// The webhook queue, apart from the sync queue so that a slow receiver never holds up a sync (and the
// other way round). Two kinds of job: "dispatch" (enqueue each subscriber's next batch; also fired on
// an interval by a BullMQ job scheduler, once per tick whatever the number of replicas) and "deliver"
// (POST one batch to one subscriber).
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** BullMQ queue name of webhook jobs. */
export const WEBHOOK_QUEUE = "vss-webhooks";
export const DISPATCH_JOB = "dispatch";
export const DELIVER_JOB = "deliver";
/** The job scheduler that fires a dispatch job every WEBHOOK_DISPATCH_INTERVAL_MS. */
export const DISPATCH_SCHEDULER = "webhooks-dispatch";

/**
 * One batch for one subscriber: the changes after `from` up to and including `to`. Both ends are fixed
 * when it is enqueued, so every attempt sends the same changes under the same delivery id. No URL or
 * secret: the worker looks the subscriber up in its own configuration.
 */
export interface DeliverJobData {
  subscriberId: string;
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
 * batch that starts at `from`, so re-dispatching never adds a second job for it
 * (https://docs.bullmq.io/guide/jobs/job-ids). Subscriber ids and cursors hold only `[A-Za-z0-9._-]`,
 * so the id never contains BullMQ's ":" separator.
 */
export function deliveryJobId(subscriberId: string, from: string): string {
  return `deliver-${subscriberId}-${from}`;
}
