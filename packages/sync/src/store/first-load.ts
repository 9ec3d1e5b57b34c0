import { BinaryCopy, type Connection, textArray } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";
import type { RunContext } from "../run-context.js";
import { SNAPSHOT_FIELDS } from "./snapshot-sql.js";
import { itemTexts, snapshotJson } from "./stage-columns.js";
import { throwRepeated } from "./seen-ids.js";

// A scope's first sync: every item is new. Its rows are COPYed straight into the scope's detached
// partition table (no index yet, no staging, no probe of what is stored: nothing), and its `created`
// history rows straight into vss.iso_image_changes. Both in COPY's binary format: this is the largest
// write a mirror makes, and the server's share of it is its largest cost (docs/sync-performance.md).

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
/** `fields` of a created row: every column. */
const ALL_FIELDS = textArray(SNAPSHOT_FIELDS);

export interface FirstBatch {
  rows: Buffer[];
  history: Buffer[];
}

/** A first sync batch's COPY data, its rows and their `created` history rows, encoded as items arrive. */
export class FirstBatchEncoder {
  readonly #rows = new BinaryCopy();
  readonly #history = new BinaryCopy();
  readonly #seenAt: number;

  constructor(private readonly run: RunContext) {
    this.#seenAt = run.seenAt.getTime();
  }

  add(items: readonly IsoImage[], hashes: readonly string[]): void {
    const rows = this.#rows;
    const history = this.#history;
    const { scope, runId } = this.run;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const { extra, plain } = itemTexts(item);
      rows.row(ROW_COLUMNS.length);
      rows.text(scope);
      rows.int8(item.id);
      rows.text(item.name);
      rows.text(item.path);
      rows.text(item.dataStore);
      rows.bool(item.isPublic);
      rows.timestamptz(item.createdOn.getTime());
      rows.timestamptz(item.updatedOn.getTime());
      rows.jsonb(extra);
      rows.timestamptz(this.#seenAt);
      rows.timestamptz(this.#seenAt);
      rows.text(hashes[i]!);
      rows.text(item.createdOnText);
      rows.text(item.updatedOnText);
      history.row(HISTORY_COLUMNS.length);
      history.int8(runId);
      history.text(scope);
      history.int8(item.id);
      history.text("created");
      history.encoded(ALL_FIELDS);
      history.jsonb(
        snapshotJson(item, item.createdOn.toISOString(), item.updatedOn.toISOString(), extra, plain),
      );
    }
  }

  finish(): FirstBatch {
    return { rows: this.#rows.chunks(), history: this.#history.chunks() };
  }
}

/** Loads one batch of a first sync (FirstBatchEncoder) into the scope's new, detached partition `table`. */
export async function loadFirstBatch(
  connection: Connection,
  table: string,
  batch: FirstBatch,
): Promise<void> {
  await connection.copyInto(table, ROW_COLUMNS, batch.rows, "binary").catch(throwRepeated);
  await connection.copyInto("vss.iso_image_changes", HISTORY_COLUMNS, batch.history, "binary");
}
