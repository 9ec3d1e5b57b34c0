import type { Connection } from "@vss-mirror/db";
import { IncompleteListingError } from "../errors.js";
import { STAGE_TABLE } from "./stage-columns.js";

// Every id a walk has seen lives in a temp table of the run's transaction, not in this process: deletion
// by absence needs all of them at the end, and 500,000 ids held in JS would make the syncing process
// grow with the catalogue. Its primary key doubles as the proof that no item came twice. ON COMMIT DROP:
// it vanishes with the run, rolled back or committed.
export const SEEN_TABLE = "vss_sync_seen";

export const CREATE_SEEN = `create temp table ${SEEN_TABLE} (vss_id bigint primary key) on commit drop`;

// Checks the staged batch for an id it holds twice or that an earlier batch held, and records its ids
// only when there is none. Both CTEs read the table as it was before the statement.
const RECORD = `
with repeated as (
  (select vss_id from ${STAGE_TABLE} group by vss_id having count(*) > 1)
  union all
  (select b.vss_id from ${STAGE_TABLE} b join ${SEEN_TABLE} s using (vss_id))
  limit 1
), recorded as (
  insert into ${SEEN_TABLE} select vss_id from ${STAGE_TABLE} where not exists (select 1 from repeated)
)
select vss_id::text as vss_id from repeated`;

/** Records the staged ids as seen; an id seen before in this walk fails the run. */
export async function recordSeenIds(connection: Connection): Promise<void> {
  const [twice] = await connection.query<{ vss_id: string }>(RECORD);
  if (twice) {
    throw new IncompleteListingError(
      `item ${twice.vss_id} appeared twice in one walk: the upstream listed it on two pages`,
    );
  }
}

/** SQL: true for a mirrored row (aliased `alias`) whose id the walk did not see. */
export function notSeen(alias: string): string {
  return `not exists (select 1 from ${SEEN_TABLE} s where s.vss_id = ${alias}.vss_id)`;
}
