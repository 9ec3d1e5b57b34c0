// What a worker does with one sync job: the same runSync the CLI runs inline, plus the mapping from its
// failures to BullMQ's three outcomes: retry with backoff, fail at once, or come back later.
import {
  accountFor,
  type AppConfig,
  ConfigError,
  upstreamIdentity,
  vssClientOptions,
} from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { runJobId, type SyncJobData, type SyncJobResult } from "@vss-mirror/queue";
import { isPermanentFailure, runSync, SyncLockedError } from "@vss-mirror/sync";
import { VssClient } from "@vss-mirror/vss-client";
import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import type { WorkerMetrics } from "./metrics.js";
import { PermanentSyncError } from "./permanent-failure.js";
import { bindingRunId } from "./run-logger.js";

export interface SyncProcessorDeps {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
  /** How long a job waits when another run of its scope holds the lock. */
  lockedRetryDelayMs: number;
  /** Aborted on a forced shutdown, so runs still going end (and are recorded) as failed. */
  signal: AbortSignal;
  /** Runs, items, upstream requests and retries are counted here. */
  metrics: WorkerMetrics;
}

export function syncProcessor(deps: SyncProcessorDeps) {
  const { config, database } = deps;
  // BullMQ passes `cancelled` (3rd parameter) to processors that take one; it is aborted by
  // worker.cancelJob, which the worker calls when the job's lock is lost.
  return async (
    job: Job<SyncJobData, SyncJobResult>,
    token?: string,
    cancelled?: AbortSignal,
  ): Promise<SyncJobResult> => {
    const { scope, trigger } = job.data;
    const logger = deps.logger.child({ jobId: job.id, scope, attempt: job.attemptsMade + 1 });
    let account;
    try {
      account = accountFor(scope, config.accounts);
    } catch (error) {
      // A job for an account this worker does not know cannot succeed here on a retry either.
      if (error instanceof ConfigError) throw new PermanentSyncError(scope, error);
      throw error;
    }
    const { metrics } = deps;
    const client = new VssClient({
      ...vssClientOptions(config.vss, account),
      logger,
      onRequest: (event) => metrics.onRequest(event),
    });
    const recordedJobId = runJobId(job);
    const began = performance.now();
    try {
      const result = await runSync({
        database,
        client,
        scope,
        upstream: upstreamIdentity(config.vss.apiUrl),
        trigger,
        ...(recordedJobId === undefined ? {} : { jobId: recordedJobId }),
        concurrency: config.sync.concurrency,
        personalSync: {
          pollIntervalMs: config.sync.personalPollMs,
          timeoutMs: config.sync.personalTimeoutMs,
        },
        logger: bindingRunId(logger),
        signal: cancelled === undefined ? deps.signal : AbortSignal.any([deps.signal, cancelled]),
      });
      metrics.runSucceeded(result);
      return result;
    } catch (error) {
      if (error instanceof SyncLockedError) {
        // Another run of this scope (another job, another replica, the CLI) is going. Come back when
        // it has likely finished, without spending one of the job's attempts: DelayedError tells
        // BullMQ the job was moved, not failed (https://docs.bullmq.io/patterns/process-step-jobs).
        logger.info({ delayMs: deps.lockedRetryDelayMs }, "scope is being synced elsewhere; retrying later");
        await job.moveToDelayed(Date.now() + deps.lockedRetryDelayMs, token);
        throw new DelayedError(error.message);
      }
      metrics.runFailed(scope, performance.now() - began);
      if (isPermanentFailure(error)) throw new PermanentSyncError(scope, error);
      throw error;
    }
  };
}
