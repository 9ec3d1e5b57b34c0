// node-cron tasks that enqueue sync jobs: one for the public catalogue (SCHEDULE_PUBLIC), one for the
// personal stores (SCHEDULE_PERSONAL, a job per account). Any number of replicas may run: a tick's job
// id comes from the tick's scheduled time, not from when a replica got round to it.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { type AppConfig, scheduleSyncs } from "@vss-mirror/config";
import { errorReason, type SyncQueue } from "@vss-mirror/queue";
import type { JobsOptions } from "bullmq";
import type { Logger } from "pino";
import { enqueueTick } from "./enqueue-tick.js";

export interface StartSchedulerOptions {
  config: AppConfig;
  queue: SyncQueue;
  logger: Logger;
  /** Options for the enqueued jobs, over the queue's defaults. Default: none (tests shorten backoff). */
  jobOptions?: JobsOptions;
}

export interface RunningScheduler {
  /** Stops the cron tasks and waits for enqueues in flight. The queue stays open (the caller's). */
  stop(): Promise<void>;
}

export function startScheduler(options: StartSchedulerOptions): RunningScheduler {
  const { config, queue, logger } = options;
  const replica = `scheduler/${hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
  const inFlight = new Set<Promise<void>>();

  const onTick = (scopes: string[], tick: Date) => {
    // node-cron passes the slot it fired for (whole seconds); the floor guards against a library that
    // hands over "now" instead, so a late replica still computes the same id.
    const scheduled = new Date(Math.floor(tick.getTime() / 1000) * 1000);
    for (const scope of scopes) {
      const work = enqueueTick(queue, scope, scheduled, replica, options.jobOptions).then(
        ({ jobId, duplicate }) =>
          logger.info(
            { scope, tick: scheduled.toISOString(), jobId },
            duplicate ? "tick already enqueued" : "tick enqueued",
          ),
        (error: unknown) =>
          logger.error(
            { scope, tick: scheduled.toISOString(), reason: errorReason(error) },
            "could not enqueue tick",
          ),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
  };

  const schedules = scheduleSyncs(config, onTick);
  logger.info(
    {
      public: config.schedule.public,
      personal: config.schedule.personal,
      personalScopes: schedules.scopes.personal,
      timezone: config.schedule.timezone,
      replica,
    },
    "scheduler started",
  );

  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await schedules.stop();
        await Promise.allSettled([...inFlight]);
        logger.info({}, "scheduler stopped");
      })()),
  };
}
