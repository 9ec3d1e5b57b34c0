import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import type { IdInterval } from "../walk/walked-page.js";
import { notSeen } from "./seen-ids.js";
import { KEYS_TABLE } from "./stage-columns.js";
import { snapshotJson } from "./snapshot-sql.js";

// Deletion marks rows deleted (keeping them, deleted_at set) and records each in history; their
// last_seen_at becomes the scope's previous successful run, the last one that saw them.
const markDeleted = (from: string, where: string) => `
with gone as (
  update vss.iso_image_rows r
     set deleted_at = now(),
         last_seen_at = coalesce((select max(started_at) from vss.sync_runs
                                   where scope = $1 and status = 'succeeded'), r.last_seen_at)
  ${from}
   where r.scope = $1 and r.deleted_at is null and ${where}
  returning r.*
), history as (
  insert into vss.iso_image_changes (run_id, scope, vss_id, change, fields, before, after)
  select $2, $1, g.vss_id, 'deleted', array['deleted_at'], ${snapshotJson((f) => `g.${f}`)}, null from gone g
  returning 1
)
select count(*)::int as deleted from history`;

/** After a page walk: every live row the walk did not see. */
const DELETE_ABSENT = markDeleted("", notSeen("r"));

/**
 * After keyset pages: every live row inside the pages' id intervals that the batch's keys (those pages'
 * items) lack. The intervals are disjoint and each page held every item of its interval. LATERAL, so
 * that each interval is one range read of the (scope, vss_id) index.
 */
const DELETE_ABSENT_IN = markDeleted(
  `from (
     select x.id from unnest($3::bigint[], $4::bigint[]) as iv(after_id, up_to)
     cross join lateral (
       select g.id from vss.iso_image_rows g
        where g.scope = $1 and g.vss_id > iv.after_id and g.vss_id <= iv.up_to and g.deleted_at is null
          and not exists (select 1 from ${KEYS_TABLE} k where k.vss_id = g.vss_id)
     ) x
   ) absent`,
  "r.id = absent.id",
);

/** Deletes what the staged keyset pages prove gone: live rows in their intervals they do not hold. */
export async function deleteAbsentIn(
  connection: Connection,
  run: RunContext,
  intervals: readonly IdInterval[],
): Promise<number> {
  if (intervals.length === 0) return 0;
  // The intervals must be read through the (scope, vss_id) index whatever the statistics say: during a
  // first sync they still describe an empty table, and a sequential scan per interval then reads the
  // whole growing scope again for every batch (minutes at 100,000 items).
  await connection.query("set local enable_seqscan = off");
  const [row] = await connection.query<{ deleted: number }>(DELETE_ABSENT_IN, [
    run.scope,
    run.runId,
    `{${intervals.map((i) => i.after ?? -1).join(",")}}`,
    `{${intervals.map((i) => i.upTo ?? MAX_BIGINT).join(",")}}`,
  ]);
  await connection.query("set local enable_seqscan = on");
  return row?.deleted ?? 0;
}

const MAX_BIGINT = "9223372036854775807";

/** After a page walk, once every would-be deletion was confirmed upstream (confirm-absent.ts). */
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
