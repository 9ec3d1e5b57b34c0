// What `sync --via-queue` shows of a job while it waits: a line each time the job's state, its worker,
// its failed attempts or its stall count change.
import type { SyncQueue } from "@vss-mirror/queue";
import type { Job } from "bullmq";
import type { Redis } from "@vss-mirror/queue";
import { oneLine } from "../one-line.js";

export interface JobView {
  state: string;
  worker: string | undefined;
  attemptsMade: number;
  attempts: number;
  stalls: number;
  failedReason: string | undefined;
  /** When a delayed job runs next (epoch ms). */
  runsAt: number | undefined;
}

/** `redis`: the queue's connection. */
export async function viewJob(queue: SyncQueue, redis: Redis, job: Job): Promise<JobView> {
  const state = await job.getState();
  let runsAt: number | undefined;
  if (state === "delayed") {
    // BullMQ scores its delayed set as timestamp * 0x1000 + a counter (getDelayedScore.lua).
    const score = await redis.zscore(queue.toKey("delayed"), job.id ?? "");
    if (score !== null) runsAt = Math.floor(Number(score) / 0x1000);
  }
  return {
    state,
    worker: job.processedBy,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    stalls: job.stalledCounter,
    failedReason: job.failedReason === undefined ? undefined : oneLine(job.failedReason),
    runsAt,
  };
}

/** The lines that say how `now` differs from `before` (undefined: the job was just enqueued). */
export function changeLines(before: JobView | undefined, now: JobView): string[] {
  const lines: string[] = [];
  const prevAttempts = before?.attemptsMade ?? 0;
  for (let attempt = prevAttempts + 1; attempt <= now.attemptsMade; attempt++) {
    if (now.state === "failed" || now.state === "completed") break;
    const last = attempt === now.attemptsMade;
    const reason = last && now.failedReason ? `: ${now.failedReason}` : "";
    const next =
      last && now.state === "delayed" && now.runsAt !== undefined
        ? `; next attempt at ${new Date(now.runsAt).toISOString()}`
        : "";
    lines.push(`attempt ${attempt} of ${now.attempts} failed${reason}${next}`);
  }
  if (before !== undefined && now.stalls > before.stalls) {
    lines.push(
      `stalled: ${before.worker ?? "its worker"} stopped renewing the job's lock; it goes back to the queue`,
    );
  }
  const attemptsChanged = now.attemptsMade !== prevAttempts;
  const moved = before === undefined || now.state !== before.state || now.worker !== before.worker;
  if (!moved && !attemptsChanged) return lines;
  switch (now.state) {
    case "waiting":
    case "prioritized":
      if (before === undefined || before.state !== now.state) lines.push("waiting for a worker");
      break;
    case "active":
      lines.push(
        `active on ${now.worker ?? "a worker"} (attempt ${now.attemptsMade + 1} of ${now.attempts})`,
      );
      break;
    case "delayed":
      // A delay without a failed attempt: the scope was locked by another run (see sync-processor).
      if (!attemptsChanged && now.runsAt !== undefined) {
        lines.push(
          `waiting until ${new Date(now.runsAt).toISOString()}: another run of the scope holds its lock`,
        );
      }
      break;
    default:
      break;
  }
  return lines;
}
