import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import { SNAPSHOT_FIELDS, snapshotJson } from "./snapshot-sql.js";
import { STAGE_TABLE } from "./stage-columns.js";

/** What one merge did. */
export interface MergeCounts {
  seen: number;
  inserted: number;
  updated: number;
  restored: number;
}

const fieldList = SNAPSHOT_FIELDS.join(", ");
const changedFields = `array_remove(array[${SNAPSHOT_FIELDS.map(
  (f) => `case when i.old_${f} is distinct from i.${f} then '${f}' end`,
).join(", ")}], null)`;

// One statement merges the staged batch into the mirror, set-based: it finds each item's stored row
// (one unique-index probe per id through LATERAL ... LIMIT 1: a join would read the whole scope per
// batch while the table has no statistics yet, as in a first sync), keeps only new, changed and
// restored items, inserts the new, updates the others, and appends one history row each. Unchanged
// items cost no write at all. Data-modifying CTEs all run to completion once, read or not.
export const MERGE_SQL = `
with incoming as (
  select b.*, b.snapshot -> 'extra' as extra, r.id as row_id, r.deleted_at as old_deleted_at,
    ${SNAPSHOT_FIELDS.map((f) => `r.${f} as old_${f}`).join(", ")}
  from ${STAGE_TABLE} b
  left join lateral (
    select * from vss.iso_image_rows r where r.scope = $1 and r.vss_id = b.vss_id limit 1
  ) r on true
), changed as (
  select i.*, ${changedFields} as diff from incoming i
  where i.row_id is null or i.old_deleted_at is not null
     or (${SNAPSHOT_FIELDS.map((f) => `i.old_${f}`).join(", ")})
        is distinct from (${SNAPSHOT_FIELDS.map((f) => `i.${f}`).join(", ")})
), inserted as (
  insert into vss.iso_image_rows (scope, vss_id, ${fieldList}, first_seen_at, last_seen_at)
  select $1, vss_id, ${fieldList}, $3::timestamptz, $3::timestamptz from changed where row_id is null
), updated as (
  update vss.iso_image_rows t
     set ${SNAPSHOT_FIELDS.map((f) => `${f} = c.${f}`).join(", ")}, last_seen_at = $3::timestamptz,
         deleted_at = null
    from changed c where c.row_id is not null and t.id = c.row_id
), history as (
  insert into vss.iso_image_changes (run_id, scope, vss_id, change, fields, before, after)
  select $2, $1, c.vss_id,
    case when c.row_id is null then 'created' when c.old_deleted_at is not null then 'restored' else 'updated' end,
    case when c.row_id is null then array[${SNAPSHOT_FIELDS.map((f) => `'${f}'`).join(", ")}]
         when c.old_deleted_at is not null then array['deleted_at'] || c.diff
         else c.diff end,
    case when c.row_id is null then null else ${snapshotJson((f) => `c.old_${f}`)} end,
    c.snapshot
  from changed c
  returning change
)
select (select count(*) from incoming)::int as seen,
  count(*) filter (where change = 'created')::int as inserted,
  count(*) filter (where change = 'updated')::int as updated,
  count(*) filter (where change = 'restored')::int as restored
from history`;

/** Merges what is staged; the caller empties the staging table afterwards. */
export async function mergeBatch(connection: Connection, run: RunContext): Promise<MergeCounts> {
  const [counts] = await connection.query<MergeCounts>(MERGE_SQL, [
    run.scope,
    run.runId,
    run.seenAt.toISOString(),
  ]);
  if (!counts) throw new Error("the merge statement returned no counts");
  return counts;
}
