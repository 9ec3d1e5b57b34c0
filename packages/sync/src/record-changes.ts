import type { Database } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
import type { RunContext } from "./apply-page.js";
import { bigintArray, jsonbArray, textArray } from "./pg-array.js";
import type { IsoSnapshot } from "./snapshot.js";

/** A change to record in vss.iso_image_changes. */
export interface ChangeRow {
  vssId: number;
  change: "created" | "updated" | "deleted" | "restored";
  /** Changed columns of vss.iso_images. */
  fields: string[];
  before: IsoSnapshot | null;
  after: IsoSnapshot | null;
}

/** Appends the history of one page (or of one run's deletions) in one statement. */
export async function recordChanges(db: Database, run: RunContext, changes: ChangeRow[]): Promise<void> {
  if (changes.length === 0) return;
  // Column names never contain commas, so each row's field list travels as one comma-joined string
  // (unnest flattens a two-dimensional array instead of yielding its rows).
  await db.execute(sql`
    insert into vss.iso_image_changes (run_id, scope, vss_id, change, fields, before, after)
    select ${run.runId}, ${run.scope}, u.vss_id, u.change, string_to_array(u.fields, ','), u.before, u.after
    from unnest(
      ${bigintArray(changes.map((c) => c.vssId))},
      ${textArray(changes.map((c) => c.change))},
      ${textArray(changes.map((c) => c.fields.join(",")))},
      ${jsonbArray(changes.map((c) => c.before))},
      ${jsonbArray(changes.map((c) => c.after))}
    ) as u(vss_id, change, fields, before, after)`);
}
