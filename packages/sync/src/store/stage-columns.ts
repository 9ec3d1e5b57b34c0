import { copyLine } from "@vss-mirror/db";
import { type IsoImage, VssValidationError } from "@vss-mirror/vss-client";

// The per-run staging table a walk's items are copied into before they are merged into
// vss.iso_image_rows: the item's columns, exactly as iso_image_rows has them, except `extra`, which the
// merge reads from the item's history snapshot (iso_image_changes.after). The snapshot is built here,
// where the dates are already ISO strings: built in SQL (to_char twice per row) it cost Postgres more
// than a cold mirror's whole history insert; and one jsonb per row parses faster than two.

export const STAGE_TABLE = "vss_sync_batch";
export const STAGE_COLUMNS = [
  "vss_id",
  "name",
  "path",
  "data_store",
  "is_public",
  "created_on",
  "updated_on",
  "snapshot",
] as const;

export const CREATE_STAGE = `create temp table ${STAGE_TABLE} (
  vss_id bigint not null, name text not null, path text not null, data_store text not null,
  is_public boolean not null, created_on timestamptz not null, updated_on timestamptz not null,
  snapshot jsonb not null) on commit drop`;

/**
 * Items as COPY text for the staging table, in STAGE_COLUMNS order; dates as exact UTC instants. An item
 * PostgreSQL cannot store (text holding NUL) is a validation error naming it, not a failed statement.
 */
export function stageRows(items: readonly IsoImage[]): string {
  let text = "";
  for (const item of items) {
    const extra = JSON.stringify(item.extra);
    refuseNul(item, extra);
    const createdOn = item.createdOn.toISOString();
    const updatedOn = item.updatedOn.toISOString();
    // The snapshot's keys are SNAPSHOT_FIELDS; written out by hand, it costs one stringify of `extra`.
    const snapshot =
      `{"name":${JSON.stringify(item.name)},"path":${JSON.stringify(item.path)},` +
      `"data_store":${JSON.stringify(item.dataStore)},"is_public":${item.isPublic},` +
      `"created_on":"${createdOn}","updated_on":"${updatedOn}","extra":${extra}}`;
    text += copyLine([
      item.id,
      item.name,
      item.path,
      item.dataStore,
      item.isPublic,
      createdOn,
      updatedOn,
      snapshot,
    ]);
  }
  return text;
}

/** An item PostgreSQL cannot store (text holding NUL) is a validation error naming it. */
function refuseNul(item: IsoImage, extraJson: string): void {
  const texts: [string, boolean][] = [
    ["name", item.name.includes("\u0000")],
    ["path", item.path.includes("\u0000")],
    ["data_store", item.dataStore.includes("\u0000")],
    // JSON writes NUL as the escape \u0000; only then is it worth walking the value.
    ["extra", extraJson.includes("\\u0000") && holdsNul(item.extra)],
  ];
  const bad = texts.find(([, holds]) => holds);
  if (bad) {
    const message = "contains a NUL character, which PostgreSQL cannot store";
    throw new VssValidationError(item.id, undefined, [{ field: bad[0], message }]);
  }
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
