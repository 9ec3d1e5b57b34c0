import { type Database, rowsOf } from "@vss-mirror/db";
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { IncompleteListingError } from "./errors.js";
import { bigintArray } from "./pg-array.js";

// The ids a walk has seen live in a temp table of the run's transaction, not in this process: deletion
// by absence needs all of them at the end, and 500,000 ids held in JS (and sent back as one parameter)
// would make the syncing process grow with the catalogue. The primary key doubles as the proof that no
// item came twice. ON COMMIT DROP: it vanishes with the run, rolled back or committed.

export async function createSeenIds(tx: Database): Promise<void> {
  await tx.execute(sql`create temp table vss_sync_seen (vss_id bigint primary key) on commit drop`);
}

/** Records a batch's ids; an id seen before in this walk means the listing shifted under it. */
export async function recordSeenIds(tx: Database, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const added = await rowsOf<{ vss_id: string | number }>(
    tx,
    sql`insert into vss_sync_seen select unnest(${bigintArray(ids)}) on conflict do nothing returning vss_id`,
  );
  if (added.length === ids.length) return;
  const fresh = new Set(added.map((row) => Number(row.vss_id)));
  const inBatch = new Set<number>();
  const twice = ids.find((id) => {
    const repeated = inBatch.has(id) || !fresh.has(id);
    inBatch.add(id);
    return repeated;
  });
  throw new IncompleteListingError(
    `item ${twice ?? "?"} appeared twice in one walk: the listing shifted between pages`,
  );
}

/** True for a mirrored row whose vss_id (the given column) the walk did not see. */
export function notSeen(vssId: SQLWrapper): SQL {
  return sql`not exists (select 1 from vss_sync_seen s where s.vss_id = ${vssId})`;
}
