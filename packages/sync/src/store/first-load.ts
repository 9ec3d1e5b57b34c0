import type { Connection } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";
import type { RunContext } from "../run-context.js";
import { SNAPSHOT_FIELDS } from "./snapshot-sql.js";
import { itemLines } from "./stage-columns.js";
import { throwRepeated } from "./seen-ids.js";

// A scope's first sync: every item is new. Its rows are COPYed straight into the scope's detached
// partition table (no index yet, no staging, no probe of what is stored: nothing), and its `created`
// history rows straight into vss.iso_image_changes.

const ROW_COLUMNS = [
  "scope",
  "vss_id",
  "name",
  "path",
  "data_store",
  "is_public",
  "created_on",
  "updated_on",
  "extra",
  "first_seen_at",
  "last_seen_at",
  "content_hash",
  "created_on_text",
  "updated_on_text",
];
const HISTORY_COLUMNS = ["run_id", "scope", "vss_id", "change", "fields", "after"];
/** `fields` of a created row: every column, as a Postgres array literal. */
const ALL_FIELDS = `{${SNAPSHOT_FIELDS.join(",")}}`;

/** A first sync batch's COPY text: its rows, and their `created` history rows. */
export function firstBatchLines(
  run: RunContext,
  items: readonly IsoImage[],
  hashes: readonly string[],
): { rows: string; history: string } {
  return itemLines(items, hashes, {
    scope: run.scope,
    runId: run.runId,
    seenAt: run.seenAt.toISOString(),
    fields: ALL_FIELDS,
  });
}

/** Loads one batch of a first sync (firstBatchLines) into the scope's new, detached partition `table`. */
export async function loadFirstBatch(
  connection: Connection,
  table: string,
  lines: { rows: string; history: string },
): Promise<void> {
  await connection.copyInto(table, ROW_COLUMNS, [Buffer.from(lines.rows)]).catch(throwRepeated);
  await connection.copyInto("vss.iso_image_changes", HISTORY_COLUMNS, [Buffer.from(lines.history)]);
}
