import { type DatabaseHandle, rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";

/** What a read-only command says when hasVssSchema is false. */
export const NO_SCHEMA_ADVICE =
  "the database has no vss schema yet: run `vss-mirror migrate` (or a sync) first";

/**
 * Whether the migrations have created the vss schema, so that a read-only command on a fresh database
 * can advise `vss-mirror migrate` instead of failing with "relation does not exist".
 */
export async function hasVssSchema({ db }: DatabaseHandle): Promise<boolean> {
  const rows = await rowsOf<{ exists: boolean }>(
    db,
    sql`select to_regclass('vss.sync_runs') is not null and to_regclass('vss.iso_image_changes') is not null as exists`,
  );
  return rows[0]?.exists === true;
}
