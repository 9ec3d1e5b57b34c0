import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import { SNAPSHOT_FIELDS } from "./snapshot-sql.js";
import { STAGE_TABLE } from "./stage-columns.js";

// A scope's first sync: every staged item is new. Its rows go into the scope's detached partition table
// and each gets a `created` history row, in one statement, with no probe of what is stored (nothing).
const firstLoad = (table: string) => `
with loaded as (
  insert into ${table} (scope, vss_id, name, path, data_store, is_public, created_on, updated_on, extra,
                        first_seen_at, last_seen_at, content_hash)
  select $1, vss_id, name, path, data_store, is_public, created_on, updated_on, snapshot -> 'extra',
         $3::timestamptz, $3::timestamptz, content_hash
    from ${STAGE_TABLE}
)
insert into vss.iso_image_changes (run_id, scope, vss_id, change, fields, before, after)
select $2, $1, vss_id, 'created', array[${SNAPSHOT_FIELDS.map((f) => `'${f}'`).join(", ")}], null, snapshot
  from ${STAGE_TABLE}`;

/** Loads the staged batch into the scope's new, detached partition `table`. */
export async function loadFirstBatch(connection: Connection, run: RunContext, table: string): Promise<void> {
  await connection.query(firstLoad(table), [run.scope, run.runId, run.seenAt.toISOString()]);
}
