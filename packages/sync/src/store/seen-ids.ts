import type { Connection } from "@vss-mirror/db";
import { IncompleteListingError } from "../errors.js";
import { KEYS_TABLE } from "./stage-columns.js";

// Every id a walk has seen lives in a temp table of the run's transaction, not in this process: deletion
// by absence needs all of them at the end, and 500,000 ids held in JS would make the syncing process
// grow with the catalogue. Its primary key doubles as the proof that no item came twice. ON COMMIT DROP:
// it vanishes with the run, rolled back or committed.
export const SEEN_TABLE = "vss_sync_seen";

export const CREATE_SEEN = `create temp table ${SEEN_TABLE} (vss_id bigint primary key) on commit drop`;

const RECORD = `insert into ${SEEN_TABLE} select vss_id from ${KEYS_TABLE}`;
/** unique_violation: https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNIQUE_VIOLATION = "23505";

/**
 * Records the staged ids as seen; an id seen before in this walk (in an earlier batch) fails the run.
 * One plain insert: the primary key's own check costs an index probe per id, where any query looking
 * for repeats first would cost a join with every id seen so far.
 */
export async function recordSeenIds(connection: Connection): Promise<void> {
  await connection.query(RECORD).catch(throwRepeated);
}

/**
 * Rethrows a unique violation on an item id (a staged batch or the seen ids holding it twice) as the
 * walk's failure to list the item once, naming it; anything else as it is.
 */
export function throwRepeated(error: unknown): never {
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  if (code !== UNIQUE_VIOLATION) throw error;
  const id = typeof detail === "string" ? /=\((\d+)\)/.exec(detail)?.[1] : undefined;
  throw new IncompleteListingError(
    `item ${id ?? "?"} appeared twice in one walk: the upstream listed it on two pages`,
    { cause: error },
  );
}

/** SQL: true for a mirrored row (aliased `alias`) whose id the walk did not see. */
export function notSeen(alias: string): string {
  return `not exists (select 1 from ${SEEN_TABLE} s where s.vss_id = ${alias}.vss_id)`;
}
