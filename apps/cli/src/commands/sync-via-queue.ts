import type { DatabaseHandle } from "@vss-mirror/db";
import { enqueueSync, type Redis, type SyncQueue } from "@vss-mirror/queue";
import { jobRuns, type SyncRunRow, succeededRunResult } from "@vss-mirror/sync";
import { oneLine } from "../one-line.js";
import type { ScopeOutcome } from "../report/scope-outcome.js";
import { changeLines, type JobView, viewJob } from "../via-queue/job-view.js";
import { beforeDeadline } from "../via-queue/wait-for-redis.js";

export interface SyncViaQueueOptions {
  queue: SyncQueue;
  /** The queue's connection: its state says whether Redis can be asked now. */
  redis: Redis;
  /** The workers' database: the outcome is read from its vss.sync_runs. */
  database: DatabaseHandle;
  scopes: string[];
  /** When to give up waiting (epoch ms), counted from the command's start. */
  deadline: number;
  /** The --timeout-ms the deadline came from, for messages. */
  timeoutMs: number;
  /** A progress line about one scope's job (on stderr). */
  say: (line: string) => void;
  signal?: AbortSignal;
  /** How often each job is looked at. Default 200 ms. */
  pollMs?: number;
}

interface Watched {
  scope: string;
  jobId: string;
  view: JobView | undefined;
  vanished: boolean;
  outcome: ScopeOutcome | undefined;
}

/**
 * `sync --via-queue`: enqueues one job per scope (trigger "manual"), all before waiting on any so that
 * several workers can run them side by side, then watches them until each has an outcome or the
 * deadline passes.
 *
 * The outcome comes from vss.sync_runs, not from the job's return value in Redis: a job's runs are
 * recorded under its id, and the first that succeeded did the work. That holds when a stalled job ran
 * twice (the second run changed nothing) and when Redis lost the job after its run committed. A job
 * fails only once BullMQ has given up on it (its retries spent), or when Redis lost it before any run
 * of it succeeded and none is going. Timing out leaves the job queued, and says so.
 */
export async function syncViaQueue(options: SyncViaQueueOptions): Promise<ScopeOutcome[]> {
  const { queue, redis, database, deadline, say } = options;
  const watched: Watched[] = [];
  for (const scope of options.scopes) {
    const job = await beforeDeadline(
      enqueueSync(queue, { scope, trigger: "manual" }),
      deadline,
      `could not enqueue the job of scope ${scope}`,
    );
    watched.push({ scope, jobId: job.id!, view: undefined, vanished: false, outcome: undefined });
  }
  const pollMs = options.pollMs ?? 200;
  for (;;) {
    for (const entry of watched) {
      if (entry.outcome === undefined) entry.outcome = await look(entry);
    }
    const pending = watched.filter((entry) => entry.outcome === undefined);
    if (pending.length === 0) break;
    const stop = options.signal?.aborted
      ? `interrupted (${oneLine(options.signal.reason)})`
      : Date.now() >= deadline
        ? `no result within ${options.timeoutMs} ms`
        : undefined;
    if (stop !== undefined) {
      for (const entry of pending) {
        const state = entry.vanished
          ? "gone from Redis"
          : redis.status === "ready"
            ? `still ${entry.view?.state ?? "unknown"}`
            : `in an unknown state (Redis unreachable)`;
        entry.outcome = {
          scope: entry.scope,
          ok: false,
          jobId: entry.jobId,
          error: `${stop}; job ${entry.jobId} is ${state} (is a worker running?)`,
        };
      }
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
  return watched.map((entry) => entry.outcome!);

  async function succeeded(entry: Watched): Promise<ScopeOutcome | undefined> {
    const runs = await jobRuns(database, entry.jobId);
    const run = runs.find((row) => row.status === "succeeded");
    if (run === undefined) return undefined;
    const others = runs.length - 1;
    if (runs.some((row) => row !== run && row.status === "succeeded")) {
      say(`${entry.scope}: job ${entry.jobId} ran more than once; run ${run.id} did the work`);
    } else if (others > 0 && entry.view === undefined) {
      // Nothing shown yet: say what happened before the success.
      say(`${entry.scope}: job ${entry.jobId} succeeded after ${others} failed run(s)`);
    }
    return { scope: entry.scope, ok: true, result: await succeededRunResult(database, run) };
  }

  async function look(entry: Watched): Promise<ScopeOutcome | undefined> {
    const done = await succeeded(entry);
    if (done !== undefined) return done;
    // While Redis is down its commands would wait for reconnection attempts; sync_runs still answers.
    if (redis.status !== "ready") return undefined;
    const job = await beforeDeadline(queue.getJob(entry.jobId), deadline, "reading the job").catch(
      () => null,
    );
    if (job === null) return undefined;
    if (job === undefined) return vanished(entry);
    const view = await viewJob(queue, redis, job).catch(() => undefined);
    if (view === undefined) return undefined;
    for (const line of changeLines(entry.view, view)) say(`${entry.scope}: job ${entry.jobId} ${line}`);
    entry.view = view;
    if (view.state === "failed") {
      return {
        scope: entry.scope,
        ok: false,
        jobId: entry.jobId,
        error: `attempt ${view.attemptsMade} of ${view.attempts} failed, no attempts left: ${view.failedReason ?? "no reason recorded"} (job ${entry.jobId})`,
      };
    }
    if (view.state === "completed") {
      // The run's success commits before the job completes: it must be there now.
      const late = await succeeded(entry);
      if (late !== undefined) return late;
      return {
        scope: entry.scope,
        ok: false,
        jobId: entry.jobId,
        error: `job ${entry.jobId} completed, but vss.sync_runs has no succeeded run of it (do the workers use this DATABASE_URL?)`,
      };
    }
    return undefined;
  }

  async function vanished(entry: Watched): Promise<ScopeOutcome | undefined> {
    // Re-read: the run may have committed between the first look and now.
    const done = await succeeded(entry);
    if (done !== undefined) return done;
    const runs: SyncRunRow[] = await jobRuns(database, entry.jobId);
    if (!entry.vanished) {
      entry.vanished = true;
      say(`${entry.scope}: job ${entry.jobId} is no longer in Redis (was Redis restarted or flushed?)`);
    }
    // A run still going will commit or fail on its own; wait for it.
    if (runs.some((row) => row.status === "running")) return undefined;
    const last = runs.at(-1);
    return {
      scope: entry.scope,
      ok: false,
      jobId: entry.jobId,
      error:
        `job ${entry.jobId} was lost from Redis before any run of it succeeded` +
        (last?.error ? ` (its last run failed: ${oneLine(last.error)})` : "") +
        "; enqueue it again",
    };
  }
}
