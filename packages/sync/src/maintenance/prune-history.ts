// `vss-mirror prune-history`: bound vss.iso_image_changes, which grows with every change of every run.
import type { DatabaseHandle } from "@vss-mirror/db";

/** A duration Postgres cannot read as an interval, or one that is not positive. */
export class InvalidDurationError extends Error {
  constructor(readonly duration: string) {
    super(
      `--older-than: ${JSON.stringify(duration.slice(0, 60))} is not a positive duration ` +
        `(e.g. 90d, 12h, 2w, "6 months", "1 year")`,
    );
    this.name = "InvalidDurationError";
  }
}

export interface PrunedHistory {
  /** History rows deleted. */
  removed: number;
  /** Changes recorded before this instant were deleted. */
  cutoff: Date;
}

/**
 * Deletes the history rows recorded more than `olderThan` ago (a Postgres interval: `90d`, `12h`,
 * `6 months`). Items themselves, runs and newer history stay. Postgres parses the duration, on the
 * server as in PGlite, so that the cutoff means exactly what it means in SQL.
 */
export async function pruneHistory(database: DatabaseHandle, olderThan: string): Promise<PrunedHistory> {
  const cutoff = await cutoffOf(database, olderThan);
  const [row] = await database.query<{ n: string }>(
    "with gone as (delete from vss.iso_image_changes where at < $1 returning 1) select count(*) as n from gone",
    [cutoff],
  );
  return { removed: Number(row?.n ?? 0), cutoff };
}

/** now() minus `olderThan`; InvalidDurationError when it is not a positive interval. */
export async function cutoffOf(database: DatabaseHandle, olderThan: string): Promise<Date> {
  const text = olderThan.trim();
  // A bare number would be seconds to Postgres: surely not what was meant, so a unit is required.
  if (text === "" || text.length > 60 || !/[a-z]/i.test(text)) throw new InvalidDurationError(olderThan);
  let rows: { cutoff: Date; positive: boolean }[];
  try {
    rows = await database.query<{ cutoff: Date; positive: boolean }>(
      "select now() - $1::interval as cutoff, $1::interval > interval '0' as positive",
      [text],
    );
  } catch (error) {
    // 22007 invalid_datetime_format, 22008 datetime_field_overflow, 22015 interval_field_overflow.
    const code = (error as { code?: unknown }).code;
    if (code === "22007" || code === "22008" || code === "22015") throw new InvalidDurationError(olderThan);
    throw error;
  }
  const [row] = rows;
  if (!row?.positive) throw new InvalidDurationError(olderThan);
  return row.cutoff;
}
