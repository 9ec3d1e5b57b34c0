import { type DatabaseHandle, syncRuns } from "@vss-mirror/db";
import { desc, eq, sql } from "drizzle-orm";

export type SyncRunRow = typeof syncRuns.$inferSelect;

/** The newest `limit` runs of each scope (or of one scope), newest first within a scope. */
export async function recentRuns(
  { db }: DatabaseHandle,
  options: { limit?: number; scope?: string } = {},
): Promise<SyncRunRow[]> {
  const limit = options.limit ?? 5;
  const ranked = db
    .select({
      id: syncRuns.id,
      rank: sql<number>`row_number() over (partition by ${syncRuns.scope} order by ${syncRuns.startedAt} desc, ${syncRuns.id} desc)`.as(
        "rank",
      ),
    })
    .from(syncRuns)
    .where(options.scope === undefined ? undefined : eq(syncRuns.scope, options.scope))
    .as("ranked");
  const rows = await db
    .select({ run: syncRuns })
    .from(syncRuns)
    .innerJoin(ranked, eq(ranked.id, syncRuns.id))
    .where(sql`${ranked.rank} <= ${limit}`)
    .orderBy(syncRuns.scope, desc(syncRuns.startedAt), desc(syncRuns.id));
  return rows.map((row) => row.run);
}
