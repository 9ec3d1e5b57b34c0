// The change feed's cursor: a position in commit order, (commit_seq of the run, change id). Opaque to
// clients (base64url of "seq.id"), so the encoding can change without breaking them; stable, because
// both numbers are fixed once a run commits. See docs/sql.md, "vss.iso_image_changes": a cursor on the
// change id or `at` alone would skip runs that started earlier but committed later.

/** A cursor the feed did not hand out (garbage, truncated, or not canonical). */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
  constructor(readonly cursor: string) {
    super(
      `invalid change feed cursor ${JSON.stringify(cursor.slice(0, 100))}: pass a cursor the feed returned (as "next" or a change's "cursor"), or none to start at the beginning`,
    );
  }
}

/** A decoded position: everything at or before it has been read. */
export interface FeedPosition {
  /** vss.sync_runs.commit_seq of the run the last read change belongs to; 0 before the first. */
  commitSeq: number;
  /** vss.iso_image_changes.id of the last read change; 0 before the first. */
  changeId: number;
}

/** The cursor before every change: reading after it starts at the beginning of history. */
export const START_CURSOR = encodeCursor({ commitSeq: 0, changeId: 0 });

export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`${position.commitSeq}.${position.changeId}`, "utf8").toString("base64url");
}

/** The position a cursor names; InvalidCursorError unless it is exactly one {@link encodeCursor} makes. */
export function decodeCursor(cursor: string): FeedPosition {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw new InvalidCursorError(cursor);
  const match = /^(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})$/.exec(
    Buffer.from(cursor, "base64url").toString("utf8"),
  );
  if (!match) throw new InvalidCursorError(cursor);
  const position = { commitSeq: Number(match[1]), changeId: Number(match[2]) };
  // Canonical form only, so one position has one cursor (receivers and job ids compare them as strings).
  if (
    !Number.isSafeInteger(position.commitSeq) ||
    !Number.isSafeInteger(position.changeId) ||
    encodeCursor(position) !== cursor
  ) {
    throw new InvalidCursorError(cursor);
  }
  return position;
}
