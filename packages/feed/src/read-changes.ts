import type { DatabaseHandle } from "@vss-mirror/db";
import { decodeCursor, encodeCursor, START_CURSOR } from "./cursor.js";

/** One change as the feed (HTTP and webhooks) serves it. */
export interface FeedChange {
  /** Position of this change; reading after it continues with the next one. */
  cursor: string;
  /** vss.sync_runs.id of the run that recorded it. */
  runId: number;
  scope: string;
  vssId: number;
  change: "created" | "updated" | "deleted" | "restored";
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** ISO 8601 UTC: when the recording run began writing. */
  at: string;
}

export interface ReadChangesOptions {
  /** Read the changes after this cursor. Default: the beginning of history. */
  after?: string;
  /** Most changes to return; a positive integer. */
  limit: number;
  /**
   * Only changes of these scopes ("public" or usernames); none when empty. Default: every scope. The
   * filter is part of the same ordered read, so paging with `next` neither skips nor repeats a change
   * of these scopes, whatever the other scopes' changes in between.
   */
  scopes?: readonly string[];
  /** Only changes at or before this cursor (webhook batches are fixed when dispatched). Default: no bound. */
  until?: string;
}

export interface ChangePage {
  /** In commit order: by the run's commit_seq, then by change id. */
  changes: FeedChange[];
  /** Pass as `after` to continue: the last change's cursor, or `after` itself when there were none. */
  next: string;
}

interface ChangeRow {
  id: string;
  run_id: string;
  scope: string;
  vss_id: string;
  change: FeedChange["change"];
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: Date;
  commit_seq: string;
}

/**
 * Reads history in commit order, after a cursor. Only succeeded runs have a commit_seq, and a run's
 * changes become visible together when it commits with a larger commit_seq than every run before it, so
 * whatever commits after a reader's cursor was taken sorts after that cursor: nothing is skipped.
 * Throws InvalidCursorError for a bad `after` or `until`.
 */
export async function readChanges(
  database: DatabaseHandle,
  options: ReadChangesOptions,
): Promise<ChangePage> {
  const { limit } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`readChanges: limit must be a positive integer, got ${limit}`);
  }
  const after = options.after ?? START_CURSOR;
  const from = decodeCursor(after);
  const params: unknown[] = [from.commitSeq, from.changeId, limit];
  const where = [
    "r.status = 'succeeded'",
    // Spelt out rather than a row comparison across two tables, so the planner can start from the
    // commit_seq index and reach each run's changes through iso_image_changes_run_idx.
    "r.commit_seq >= $1 and (r.commit_seq > $1 or c.id > $2)",
  ];
  if (options.until !== undefined) {
    const until = decodeCursor(options.until);
    params.push(until.commitSeq, until.changeId);
    where.push(`r.commit_seq <= $4 and (r.commit_seq < $4 or c.id <= $5)`);
  }
  if (options.scopes !== undefined) {
    params.push([...options.scopes]);
    where.push(`c.scope = any($${params.length}::text[])`);
  }
  const rows = await database.query<ChangeRow>(
    `select c.id, c.run_id, c.scope, c.vss_id, c.change, c.fields, c.before, c.after, c.at, r.commit_seq
       from vss.iso_image_changes c
       join vss.sync_runs r on r.id = c.run_id
      where ${where.join(" and ")}
      order by r.commit_seq, c.id
      limit $3`,
    params,
  );
  const changes = rows.map(toFeedChange);
  return { changes, next: changes.at(-1)?.cursor ?? after };
}

function toFeedChange(row: ChangeRow): FeedChange {
  return {
    cursor: encodeCursor({ commitSeq: Number(row.commit_seq), changeId: Number(row.id) }),
    runId: Number(row.run_id),
    scope: row.scope,
    vssId: Number(row.vss_id),
    change: row.change,
    fields: row.fields,
    before: row.before,
    after: row.after,
    at: row.at.toISOString(),
  };
}
