import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import { SNAPSHOT_FIELDS, snapshotJson } from "./snapshot-sql.js";
import { KEYS_TABLE, STAGE_TABLE } from "./stage-columns.js";

/** What one merge wrote. */
export interface MergeCounts {
  inserted: number;
  updated: number;
  restored: number;
}

const list = (make: (field: string) => string) => SNAPSHOT_FIELDS.map(make).join(", ");
const TEXT_FIELDS = ["created_on_text", "updated_on_text"];
const DATA_FIELDS = SNAPSHOT_FIELDS.filter((field) => !TEXT_FIELDS.includes(field));
const tuple = (fields: string[], make: (field: string) => string) => `(${fields.map(make).join(", ")})`;
const changedFields = `array_remove(array[${list(
  (f) => `case when i.old_${f} is distinct from i.${f} then '${f}' end`,
)}], null)`;

/**
 * Ids of a batch of keys whose stored row is missing, deleted, or holds another content hash: the only
 * items a resync stages in full and merges. One unique-index probe per id (LATERAL ... LIMIT 1), so the
 * plan is the same whatever the statistics say.
 */
const CANDIDATES = `
select k.vss_id::text as vss_id from ${KEYS_TABLE} k
left join lateral (
  select r.content_hash, r.deleted_at from vss.iso_image_rows r
   where r.scope = $1 and r.vss_id = k.vss_id limit 1
) r on true
where k.batch = $2 and (r.content_hash is distinct from k.content_hash or r.deleted_at is not null)`;

// Merges the staged candidates, set-based: finds each one's stored row, inserts the new, updates the
// changed and restored, appends one history row each, and for a row whose columns are equal and only its
// hash differs (written before hashes were kept, say) updates the hash alone, with no history. A row
// written before the dates' text was kept (empty hash: migration 0007 of @vss-mirror/db filled its text
// from the instants) takes the upstream's text the same way when the instants agree: that corrects what
// the mirror derived, it is no change upstream.
// Data-modifying CTEs all run to completion once, read or not.
const MERGE = `
with incoming as (
  select b.*, b.snapshot -> 'extra' as extra, r.vss_id is not null as stored,
    r.deleted_at as old_deleted_at, r.content_hash as old_content_hash, ${list((f) => `r.${f} as old_${f}`)}
  from ${STAGE_TABLE} b
  left join lateral (
    select * from vss.iso_image_rows r where r.scope = $1 and r.vss_id = b.vss_id limit 1
  ) r on true
), changed as (
  select i.*, ${changedFields} as diff from incoming i
  where not i.stored or i.old_deleted_at is not null
     or ${tuple(DATA_FIELDS, (f) => `i.old_${f}`)} is distinct from ${tuple(DATA_FIELDS, (f) => `i.${f}`)}
     or (i.old_content_hash <> ''
         and ${tuple(TEXT_FIELDS, (f) => `i.old_${f}`)} is distinct from ${tuple(TEXT_FIELDS, (f) => `i.${f}`)})
), inserted as (
  insert into vss.iso_image_rows (scope, vss_id, ${list((f) => f)}, first_seen_at, last_seen_at, content_hash)
  select $1, vss_id, ${list((f) => f)}, $3::timestamptz, $3::timestamptz, content_hash
    from changed where not stored
), updated as (
  update vss.iso_image_rows t
     set ${list((f) => `${f} = c.${f}`)}, last_seen_at = $3::timestamptz, deleted_at = null,
         content_hash = c.content_hash
    from changed c where c.stored and t.scope = $1 and t.vss_id = c.vss_id
), rehashed as (
  update vss.iso_image_rows t set content_hash = i.content_hash, ${TEXT_FIELDS.map((f) => `${f} = i.${f}`).join(", ")}
    from incoming i
   where i.stored and i.old_deleted_at is null and t.scope = $1 and t.vss_id = i.vss_id
     and not exists (select 1 from changed c where c.vss_id = i.vss_id)
), history as (
  insert into vss.iso_image_changes (run_id, scope, vss_id, change, fields, before, after)
  select $2, $1, c.vss_id,
    case when not c.stored then 'created' when c.old_deleted_at is not null then 'restored' else 'updated' end,
    case when not c.stored then array[${list((f) => `'${f}'`)}]
         when c.old_deleted_at is not null then array['deleted_at'] || c.diff
         else c.diff end,
    case when not c.stored then null else ${snapshotJson((f) => `c.old_${f}`)} end,
    c.snapshot
  from changed c
  returning change
)
select count(*) filter (where change = 'created')::int as inserted,
       count(*) filter (where change = 'updated')::int as updated,
       count(*) filter (where change = 'restored')::int as restored
  from history`;

/** Which of batch `batch`'s ids must be staged in full and merged. */
export async function mergeCandidates(
  connection: Connection,
  run: RunContext,
  batch: number,
): Promise<Set<number>> {
  const rows = await connection.query<{ vss_id: string }>(CANDIDATES, [run.scope, batch]);
  return new Set(rows.map((row) => Number(row.vss_id)));
}

/** Merges what is staged; the caller empties the staging table afterwards. */
export async function mergeBatch(connection: Connection, run: RunContext): Promise<MergeCounts> {
  const [counts] = await connection.query<MergeCounts>(MERGE, [
    run.scope,
    run.runId,
    run.seenAt.toISOString(),
  ]);
  if (!counts) throw new Error("the merge statement returned no counts");
  return counts;
}
