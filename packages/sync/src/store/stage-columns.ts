import { copyLine } from "@vss-mirror/db";
import { type IsoImage, VssValidationError } from "@vss-mirror/vss-client";

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

/**
 * Items as COPY text for the staging table, in STAGE_COLUMNS order; dates as exact UTC instants. An item
 * PostgreSQL cannot store (text holding NUL) is a validation error naming it, not a failed statement.
 */
export function stageRows(items: readonly IsoImage[]): string {
  let text = "";
  for (const item of items) {
    const texts = { name: item.name, path: item.path, data_store: item.dataStore, extra: item.extra };
    for (const [field, value] of Object.entries(texts)) {
      if (holdsNul(value)) {
        const message = "contains a NUL character, which PostgreSQL cannot store";
        throw new VssValidationError(item.id, undefined, [{ field, message }]);
      }
    }
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

/** True when a string anywhere in `value` (object keys included) holds U+0000. */
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => key.includes("\u0000") || holdsNul(inner));
  }
  return false;
}
