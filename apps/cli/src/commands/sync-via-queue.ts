import { enqueueSync, type SyncQueue } from "@vss-mirror/queue";
import type { QueueEvents } from "bullmq";
import { oneLine } from "../one-line.js";
import type { ScopeOutcome } from "../report/scope-outcome.js";

export interface SyncViaQueueOptions {
  queue: SyncQueue;
  /** Must be listening on the same queue (and prefix) as `queue`. */
  queueEvents: QueueEvents;
  scopes: string[];
  /** How long to wait for all the jobs, from the moment they are enqueued. */
  timeoutMs: number;
}

/**
 * `sync --via-queue`: enqueues one job per scope (trigger "manual") and waits for the workers to finish
 * them. Every job is enqueued before waiting on any, so several workers can run them side by side. A
 * job counts as failed only once BullMQ has given up on it (its retries spent); timing out leaves the
 * job queued, and says so.
 */
export async function syncViaQueue(options: SyncViaQueueOptions): Promise<ScopeOutcome[]> {
  // Subscribe before adding: a job finishing before the subscription would otherwise be missed.
  await options.queueEvents.waitUntilReady();
  const deadline = Date.now() + options.timeoutMs;
  const jobs = [];
  for (const scope of options.scopes) {
    jobs.push({ scope, job: await enqueueSync(options.queue, { scope, trigger: "manual" }) });
  }
  const outcomes: ScopeOutcome[] = [];
  for (const { scope, job } of jobs) {
    const jobId = job.id ?? "?";
    try {
      const result = await job.waitUntilFinished(options.queueEvents, Math.max(1, deadline - Date.now()));
      outcomes.push({ scope, ok: true, result });
    } catch (error) {
      // waitUntilFinished rejects both for a failed job and for a timeout; the job's state tells which.
      const state = await options.queue.getJobState(jobId).catch(() => "unknown");
      const reason =
        state === "failed"
          ? `${oneLine(error)} (job ${jobId})`
          : `no result within ${options.timeoutMs} ms; job ${jobId} is still ${state} (is a worker running?)`;
      outcomes.push({ scope, ok: false, error: reason, jobId });
    }
  }
  return outcomes;
}
