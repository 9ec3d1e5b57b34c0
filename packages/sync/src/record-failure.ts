import type { DatabaseHandle, Connection } from "@vss-mirror/db";
import { finishFailedRun, type RunCounts } from "./run-record.js";
import type { SyncLogger } from "./run-sync.js";

/** Waits between attempts to record a failed run while the database is away: 0.5 s, doubling, to 15 s. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];

export interface RecordFailureOptions {
  database: DatabaseHandle;
  /** The run's own connection; unusable when the failure was losing it. */
  connection: Connection;
  connectionLost: boolean;
  runId: number;
  outcome: { error: string } & RunCounts;
  /** How long the caller waits for the record before going on; recording continues meanwhile. */
  waitMs: number;
  logger?: SyncLogger | undefined;
}

/**
 * Records a failed run. On the run's own connection when it still works; else, as soon as the database
 * answers again, on a fresh one: the attempts go on in the background (timers that never keep the
 * process alive) after the caller stopped waiting, so a long-lived worker records every failure, and a
 * CLI that exits first leaves the run `running` for the scope's next run to mark abandoned.
 */
export async function recordFailure(options: RecordFailureOptions): Promise<void> {
  const { runId, outcome, logger } = options;
  if (!options.connectionLost) {
    try {
      await finishFailedRun(options.connection.db, runId, outcome);
      return;
    } catch {
      // Fall through to a fresh connection.
    }
  }
  let recorded = false;
  const attempts = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await options.database.withConnection(({ db }) => finishFailedRun(db, runId, outcome));
        recorded = true;
        if (attempt > 0) logger?.info({ runId, attempts: attempt + 1 }, "recorded the failed run");
        return;
      } catch (error) {
        if (attempt === 0) {
          logger?.warn(
            { runId, err: String(error) },
            "cannot record the failed run yet; retrying until the database answers",
          );
        }
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  })();
  const waited = new Promise<void>((resolve) => setTimeout(resolve, options.waitMs).unref());
  await Promise.race([attempts, waited]);
  if (!recorded)
    logger?.warn({ runId }, "the failed run is not recorded yet; still trying in the background");
}
