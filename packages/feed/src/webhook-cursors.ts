// Where each webhook subscriber is in the feed (vss.webhook_cursors). Only the position is stored: the
// subscriber's URL and secret live in configuration, never in the database.
import type { DatabaseHandle } from "@vss-mirror/db";
import { START_CURSOR } from "./cursor.js";

/** The subscriber's cursor: everything up to it was delivered (a 2xx came back). START_CURSOR if none yet. */
export async function webhookCursor(database: DatabaseHandle, subscriberId: string): Promise<string> {
  const [row] = await database.query<{ cursor: string }>(
    "select cursor from vss.webhook_cursors where subscriber_id = $1",
    [subscriberId],
  );
  return row?.cursor ?? START_CURSOR;
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
