import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import { notSeen } from "./seen-ids.js";
import { snapshotJson } from "./snapshot-sql.js";

// Marks deleted every live row of the scope that the walk did not see, and records each deletion.
// Rows are kept (deleted_at set); their last_seen_at becomes the scope's previous successful run, the
// last one that saw them.
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
 * Only ever called once the walk proved it saw every item that existed for its whole duration (and,
 * after a page walk, once every would-be deletion was confirmed upstream).
 */
export async function deleteAbsent(connection: Connection, run: RunContext): Promise<number> {
  const [row] = await connection.query<{ deleted: number }>(DELETE_ABSENT, [run.scope, run.runId]);
  return row?.deleted ?? 0;
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
