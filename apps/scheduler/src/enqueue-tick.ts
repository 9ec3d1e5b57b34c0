// One scope's job for one tick. Every replica adds the same job id (scheduledJobId), and BullMQ adds a
// job only when none with that id exists, so the tick is enqueued once however many replicas fire it.
import { enqueueSync, scheduledJobId, type SyncQueue } from "@vss-mirror/queue";
import type { JobsOptions } from "bullmq";

export interface TickEnqueued {
  jobId: string;
  /** False when this call created the job; true when it already existed (another replica, or a restart). */
  duplicate: boolean;
}

export async function enqueueTick(
  queue: SyncQueue,
  scope: string,
  tick: Date,
  enqueuedBy: string,
  jobOptions?: JobsOptions,
): Promise<TickEnqueued> {
  const jobId = scheduledJobId(scope, tick);
  const data = { scope, trigger: "schedule", tick: tick.toISOString(), enqueuedBy } as const;
  await enqueueSync(queue, data, jobId, jobOptions);
  // BullMQ's add answers the same whether it created the job or kept an existing one; the stored data
  // says which replica's add won.
  const stored = await queue.getJob(jobId);
  return { jobId, duplicate: stored?.data.enqueuedBy !== enqueuedBy };
}
