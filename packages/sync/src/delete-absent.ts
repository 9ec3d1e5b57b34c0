import { type Database, isoImageRows, syncRuns } from "@vss-mirror/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { RunContext } from "./apply-page.js";
import { recordChanges } from "./record-changes.js";
import { notSeen } from "./seen-ids.js";
import { snapshotOfRow } from "./snapshot.js";

/**
 * Marks deleted every live row of the scope that a COMPLETE listing did not contain (seen-ids.ts). Only
 * ever called after the walk proved it saw every item exactly once; rows are kept (deleted_at set).
 * Their last_seen_at becomes the scope's previous successful run, the last one that saw them.
 */
export async function deleteAbsent(db: Database, run: RunContext): Promise<number> {
  const lastSuccess = sql`(select max(${syncRuns.startedAt}) from ${syncRuns}
    where ${syncRuns.scope} = ${run.scope} and ${syncRuns.status} = 'succeeded')`;
  const gone = await db
    .update(isoImageRows)
    .set({ deletedAt: sql`now()`, lastSeenAt: sql`coalesce(${lastSuccess}, ${isoImageRows.lastSeenAt})` })
    .where(
      and(eq(isoImageRows.scope, run.scope), isNull(isoImageRows.deletedAt), notSeen(isoImageRows.vssId)),
    )
    .returning();
  await recordChanges(
    db,
    run,
    gone.map((row) => ({
      vssId: row.vssId,
      change: "deleted",
      fields: ["deleted_at"],
      before: snapshotOfRow(row),
      after: null,
    })),
  );
  return gone.length;
}
