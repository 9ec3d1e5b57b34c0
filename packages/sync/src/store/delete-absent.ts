import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import { notSeen } from "./seen-ids.js";
import { snapshotJson } from "./snapshot-sql.js";

// Marks deleted every live row of the scope the walk did not see (keeping it, deleted_at set) and
// records each in history; its last_seen_at becomes the scope's previous successful run, the last one
// that saw it.
const DELETE_ABSENT = `
with gone as (
  update vss.iso_image_rows r
     set deleted_at = now(),
         last_seen_at = coalesce((select max(started_at) from vss.sync_runs
                                   where scope = $1 and status = 'succeeded'), r.last_seen_at)
   where r.scope = $1 and r.deleted_at is null and ${notSeen("r")}
  returning r.*
), history as (
  insert into vss.iso_image_changes (run_id, scope, vss_id, change, fields, before, after)
  select $2, $1, g.vss_id, 'deleted', array['deleted_at'], ${snapshotJson((f) => `g.${f}`)}, null from gone g
  returning 1
)
select count(*)::int as deleted from history`;

/**
 * Only once the walk proved it saw every item that existed for its whole duration: a keyset walk whose
 * pages tile the id space, or a page walk whose would-be deletions were confirmed (confirm-absent.ts).
 */
export async function deleteAbsent(connection: Connection, run: RunContext): Promise<number> {
  // One pass over the scope against every id seen: a hash anti-join, which the run's transaction
  // otherwise turns off (run-sync.ts).
  await connection.query("set local enable_hashjoin = on");
  const [row] = await connection.query<{ deleted: number }>(DELETE_ABSENT, [run.scope, run.runId]);
  await connection.query("set local enable_hashjoin = off");
  return row?.deleted ?? 0;
}

/** Live rows of the scope, before the run wrote anything. */
export async function liveRows(connection: Connection, scope: string): Promise<number> {
  const [row] = await connection.query<{ n: number }>(
    "select count(*)::int as n from vss.iso_image_rows where scope = $1 and deleted_at is null",
    [scope],
  );
  return row?.n ?? 0;
}

/** Live rows of the scope the walk did not see: what deleteAbsent would delete now. */
export async function absentIds(connection: Connection, run: RunContext): Promise<number[]> {
  const rows = await connection.query<{ vss_id: string }>(
    `select r.vss_id::text as vss_id from vss.iso_image_rows r
      where r.scope = $1 and r.deleted_at is null and ${notSeen("r")} order by r.vss_id`,
    [run.scope],
  );
  return rows.map((row) => Number(row.vss_id));
}
