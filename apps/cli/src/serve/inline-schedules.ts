// `serve`'s schedules: the same ones as apps/scheduler (scheduleSyncs: SCHEDULE_PUBLIC, SCHEDULE_PERSONAL,
// SCHEDULE_TIMEZONE), but each tick runs its syncs here, with no queue between.
import { type AppConfig, scheduleSyncs } from "@vss-mirror/config";
import type { Logger } from "pino";
import { oneLine } from "../one-line.js";

export interface InlineSchedulesOptions {
  config: Pick<AppConfig, "schedule" | "accounts">;
  logger: Logger;
  /** Runs one scope's sync; aborted by `signal` when the service stops. */
  runScope(scope: string, signal: AbortSignal): Promise<unknown>;
}

export interface InlineSchedules {
  /** The scopes each schedule syncs. */
  scopes: { public: string[]; personal: string[] };
  /** Stops the cron tasks, interrupts the runs in flight (they roll back) and waits for them. */
  stop(): Promise<void>;
}

/**
 * One run at a time per scope: a tick that finds the scope's previous run still going is skipped (and
 * logged), as a queue would deduplicate it. Runs of different scopes may overlap; on an embedded
 * database they take turns at the one session anyway.
 */
export function startInlineSchedules(options: InlineSchedulesOptions): InlineSchedules {
  const { config, logger } = options;
  const stopping = new AbortController();
  const running = new Map<string, Promise<void>>();

  const onTick = (scopes: string[], tick: Date) => {
    for (const scope of scopes) {
      if (stopping.signal.aborted) return;
      if (running.has(scope)) {
        logger.warn(
          { scope, tick: tick.toISOString() },
          "the previous run of this scope is still going; tick skipped",
        );
        continue;
      }
      logger.info({ scope, tick: tick.toISOString() }, "scheduled sync starting");
      const run = options.runScope(scope, stopping.signal).then(
        () => undefined,
        // runSync has recorded and logged the failure; the next tick tries again.
        (error: unknown) =>
          stopping.signal.aborted
            ? logger.info({ scope }, "scheduled sync interrupted by the stop")
            : logger.error({ scope, err: oneLine(error) }, "scheduled sync failed"),
      );
      running.set(scope, run);
      void run.finally(() => running.delete(scope));
    }
  };

  const schedules = scheduleSyncs(config, onTick);

  let stopped: Promise<void> | undefined;
  return {
    scopes: schedules.scopes,
    stop: () =>
      (stopped ??= (async () => {
        await schedules.stop();
        stopping.abort(new Error("interrupted: the service is stopping"));
        await Promise.allSettled([...running.values()]);
      })()),
  };
}
