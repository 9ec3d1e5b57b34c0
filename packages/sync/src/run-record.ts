import { type Database, syncRuns } from "@vss-mirror/db";
import { and, eq, sql } from "drizzle-orm";

export type SyncTrigger = "schedule" | "manual" | "cli";
export type RunCounts = Partial<
  Pick<
    typeof syncRuns.$inferInsert,
    | "walk"
    | "upstreamTotal"
    | "pages"
    | "itemsSeen"
    | "inserted"
    | "updated"
    | "unchanged"
    | "deleted"
    | "httpRequests"
    | "retries"
  >
>;

/**
 * A run left `running` by a process that died cannot still be running once its scope's lock is ours
 * (the lock dies with the session). Say so, rather than leave it running forever.
 */
export async function failAbandonedRuns(db: Database, scope: string): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      status: "failed",
      finishedAt: sql`now()`,
      error: "abandoned: the process running it stopped before it finished; nothing from it was kept",
    })
    .where(and(eq(syncRuns.scope, scope), eq(syncRuns.status, "running")));
}

/** Records the start of a run, visible at once (outside the run's transaction). */
export async function startRun(
  db: Database,
  run: { scope: string; trigger: SyncTrigger; jobId?: string | undefined },
): Promise<{ id: number; startedAt: Date }> {
  const [row] = await db
    .insert(syncRuns)
    .values({ scope: run.scope, trigger: run.trigger, jobId: run.jobId ?? null })
    .returning({ id: syncRuns.id, startedAt: syncRuns.startedAt });
  if (!row) throw new Error("inserting the sync run returned no row");
  return row;
}

/**
 * Marks the run succeeded, inside its transaction so both commit together, and gives it the next commit
 * sequence number under a lock that the transaction holds until it commits: numbers are then handed out
 * in commit order, which is what lets a change-feed reader trust "everything after N" (see schema.ts).
 * The lock covers only this last statement and the commit.
 */
export async function finishSucceededRun(db: Database, runId: number, counts: RunCounts): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended('vss-commit-order', 0))`);
  await db
    .update(syncRuns)
    .set({
      ...counts,
      status: "succeeded",
      error: null,
      finishedAt: sql`clock_timestamp()`,
      commitSeq: sql`nextval('vss.commit_seq')`,
    })
    .where(eq(syncRuns.id, runId));
}

/** Marks the run failed, after its transaction rolled back; it gets no commit sequence number. */
export async function finishFailedRun(
  db: Database,
  runId: number,
  outcome: { error: string } & RunCounts,
): Promise<void> {
  await db
    .update(syncRuns)
    .set({ ...outcome, status: "failed", finishedAt: sql`clock_timestamp()` })
    .where(eq(syncRuns.id, runId));
}
