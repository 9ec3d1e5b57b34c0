// Where each webhook subscriber is in the feed (vss.webhook_cursors). Only the position is stored: the
// subscriber's URL and secret live in configuration, never in the database.
import type { DatabaseHandle } from "@vss-mirror/db";
import { decodeCursor, encodeCursor, START_CURSOR } from "./cursor.js";

/** A subscriber's row: its cursor, and when the cursor got there. */
export interface WebhookCursorRow {
  /** Everything of its scopes up to here was delivered (a 2xx came back). */
  cursor: string;
  /**
   * When the cursor reached `cursor` (microseconds since the epoch, as text). A row deleted and made
   * again gets a new one, so a batch sent again from the same cursor gets a new delivery id.
   */
  since: string;
}

/** The subscriber's row, or undefined when it has none yet. */
export async function readWebhookCursor(
  database: DatabaseHandle,
  subscriberId: string,
): Promise<WebhookCursorRow | undefined> {
  const [row] = await database.query<WebhookCursorRow>(
    `select cursor, (extract(epoch from updated_at) * 1000000)::bigint::text as since
       from vss.webhook_cursors where subscriber_id = $1`,
    [subscriberId],
  );
  return row;
}

/** The subscriber's cursor: everything up to it was delivered. START_CURSOR if it has no row yet. */
export async function webhookCursor(database: DatabaseHandle, subscriberId: string): Promise<string> {
  return (await readWebhookCursor(database, subscriberId))?.cursor ?? START_CURSOR;
}

/** The last change's cursor: reading after it returns only changes committed later. START_CURSOR if none. */
export async function feedEnd(database: DatabaseHandle): Promise<string> {
  const [row] = await database.query<{ commit_seq: string; id: string }>(
    `select r.commit_seq, c.id from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' order by r.commit_seq desc, c.id desc limit 1`,
  );
  return row ? encodeCursor({ commitSeq: Number(row.commit_seq), changeId: Number(row.id) }) : START_CURSOR;
}

/**
 * Gives a subscriber without a row its starting cursor: the feed's current end (it receives only what
 * commits from now on) or the beginning of history. A subscriber that has a row keeps it, whatever
 * `from` says. Safe to race (several replicas start at once): the first insert wins. Returns its row.
 */
export async function startWebhookCursor(
  database: DatabaseHandle,
  subscriberId: string,
  from: "end" | "beginning",
): Promise<WebhookCursorRow> {
  const existing = await readWebhookCursor(database, subscriberId);
  if (existing) return existing;
  const cursor = from === "beginning" ? START_CURSOR : await feedEnd(database);
  await database.query(
    `insert into vss.webhook_cursors (subscriber_id, cursor) values ($1, $2) on conflict (subscriber_id) do nothing`,
    [subscriberId, cursor],
  );
  return (await readWebhookCursor(database, subscriberId))!;
}

/**
 * Moves the subscriber's cursor from `from` to `to`, only if it still is `from` (compare-and-set), so
 * that a late or repeated delivery of an old batch can never move it back or skip ahead. A subscriber
 * without a row is at START_CURSOR. Returns whether it moved.
 */
export async function advanceWebhookCursor(
  database: DatabaseHandle,
  subscriberId: string,
  from: string,
  to: string,
): Promise<boolean> {
  const rows = await database.query(
    `insert into vss.webhook_cursors as w (subscriber_id, cursor)
     select $1::text, $3::text where $2::text = $4::text
     on conflict (subscriber_id) do update set cursor = excluded.cursor, updated_at = now()
      where w.cursor = $2
     returning 1`,
    [subscriberId, from, to, START_CURSOR],
  );
  if (rows.length > 0) return true;
  // No row and `from` is not the start: the insert selected nothing. A row that exists with another
  // cursor: the conflict's where refused. Either way, someone else moved it.
  if (from === START_CURSOR) return false;
  const updated = await database.query(
    "update vss.webhook_cursors set cursor = $3, updated_at = now() where subscriber_id = $1 and cursor = $2 returning 1",
    [subscriberId, from, to],
  );
  return updated.length > 0;
}

/** How far a subscriber is behind: the changes of its scopes after its cursor. */
export interface WebhookLag {
  /** How many changes of its scopes it has not been delivered yet. */
  changes: number;
  /** When the oldest of those committed (its run finished); undefined when it is caught up. */
  oldestCommittedAt: Date | undefined;
}

export async function webhookLag(
  database: DatabaseHandle,
  cursor: string,
  scopes: readonly string[],
): Promise<WebhookLag> {
  const after = decodeCursor(cursor);
  const [row] = await database.query<{ changes: number; oldest: Date | null }>(
    `select count(*)::int as changes, min(r.finished_at) as oldest
       from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' and r.commit_seq >= $1 and (r.commit_seq > $1 or c.id > $2)
        and c.scope = any($3::text[])`,
    [after.commitSeq, after.changeId, [...scopes]],
  );
  return { changes: row?.changes ?? 0, oldestCommittedAt: row?.oldest ?? undefined };
}
