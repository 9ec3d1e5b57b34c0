// The runs a queued job made, read back from the database: what `sync --via-queue` reports. The job's
// own return value in Redis can be the wrong run (a stalled job that ran twice returns the second,
// no-op run) or gone (Redis lost its data after the run committed); sync_runs is the record.
import { type DatabaseHandle, isoImageChanges, syncRuns } from "@vss-mirror/db";
import { and, asc, count, eq } from "drizzle-orm";
import type { SyncRunRow } from "./recent-runs.js";
import type { SyncRunResult } from "./run-sync.js";

/** Every run recorded with `jobId` (see runJobId in @vss-mirror/queue), oldest first. */
export async function jobRuns({ db }: DatabaseHandle, jobId: string): Promise<SyncRunRow[]> {
  return db.select().from(syncRuns).where(eq(syncRuns.jobId, jobId)).orderBy(asc(syncRuns.id));
}

/**
 * A succeeded run as runSync would have returned it. sync_runs keeps restored items among the updated
 * ones; the run's history tells them apart.
 */
export async function succeededRunResult({ db }: DatabaseHandle, run: SyncRunRow): Promise<SyncRunResult> {
  if (run.status !== "succeeded") throw new TypeError(`run ${run.id} did not succeed (${run.status})`);
  const [restored] = await db
    .select({ n: count() })
    .from(isoImageChanges)
    .where(and(eq(isoImageChanges.runId, run.id), eq(isoImageChanges.change, "restored")));
  const restoredCount = restored?.n ?? 0;
  return {
    runId: run.id,
    scope: run.scope,
    status: "succeeded",
    walk: run.walk ?? "keyset",
    pages: run.pages,
    itemsSeen: run.itemsSeen,
    seen: run.itemsSeen,
    inserted: run.inserted,
    updated: run.updated - restoredCount,
    restored: restoredCount,
    unchanged: run.unchanged,
    deleted: run.deleted,
    httpRequests: run.httpRequests,
    retries: run.retries,
    durationMs: run.finishedAt === null ? 0 : Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime()),
  };
}
