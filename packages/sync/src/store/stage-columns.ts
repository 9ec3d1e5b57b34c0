import { copyLine } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";

// The per-run staging table a walk's items are copied into before they are merged into
// vss.iso_image_rows: the item's columns, exactly as iso_image_rows has them.

export const STAGE_TABLE = "vss_sync_batch";
export const STAGE_COLUMNS = [
  "vss_id",
  "name",
  "path",
  "data_store",
  "is_public",
  "created_on",
  "updated_on",
  "extra",
] as const;

export const CREATE_STAGE = `create temp table ${STAGE_TABLE} (
  vss_id bigint not null, name text not null, path text not null, data_store text not null,
  is_public boolean not null, created_on timestamptz not null, updated_on timestamptz not null,
  extra jsonb not null) on commit drop`;

/** Items as COPY text for the staging table, in STAGE_COLUMNS order; dates as exact UTC instants. */
export function stageRows(items: readonly IsoImage[]): string {
  let text = "";
  for (const item of items) {
    text += copyLine([
      item.id,
      item.name,
      item.path,
      item.dataStore,
      item.isPublic,
      item.createdOn.toISOString(),
      item.updatedOn.toISOString(),
      JSON.stringify(item.extra),
    ]);
  }
  return text;
}
