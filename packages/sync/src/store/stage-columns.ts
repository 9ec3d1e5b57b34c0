import { copyLine } from "@vss-mirror/db";
import { type IsoImage, VssValidationError } from "@vss-mirror/vss-client";

// The temp tables a run stages batches in, on its own session: `vss_sync_keys` holds every item's
// (vss_id, content hash), to find which differ from the mirror; `vss_sync_batch` the full columns of
// the items that do (all of them in a scope's first sync), with each item's history snapshot
// (iso_image_changes.after). The snapshot is built here, where the dates are already ISO strings: built
// in SQL (to_char twice per row) it cost Postgres more than a cold mirror's whole history insert; and
// iso_image_rows.extra is read from it, one jsonb parse per row instead of two. Primary keys, because a
// temp table has no statistics: probes of "is this id in the batch" must find an index, and an id twice
// in one batch is refused at once.

export const KEYS_TABLE = "vss_sync_keys";
export const KEYS_COLUMNS = ["vss_id", "content_hash"] as const;
export const CREATE_KEYS = `create temp table ${KEYS_TABLE} (
  vss_id bigint primary key, content_hash text not null) on commit drop`;

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
  "content_hash",
] as const;
export const CREATE_STAGE = `create temp table ${STAGE_TABLE} (
  vss_id bigint primary key, name text not null, path text not null, data_store text not null,
  is_public boolean not null, created_on timestamptz not null, updated_on timestamptz not null,
  snapshot jsonb not null, content_hash text not null) on commit drop`;

/** (vss_id, hash) lines for the keys table. */
export function keyRows(items: readonly IsoImage[], hashes: readonly string[]): string {
  let text = "";
  for (let i = 0; i < items.length; i++) text += `${items[i]!.id}\t${hashes[i]!}\n`;
  return text;
}

/**
 * Full lines for the staging table, in STAGE_COLUMNS order; dates as exact UTC instants. An item
 * PostgreSQL cannot store (text holding NUL) is a validation error naming it, not a failed statement.
 */
export function stageRows(items: readonly IsoImage[], hashes: readonly string[]): string {
  let text = "";
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const extra = JSON.stringify(item.extra);
    refuseNul(item, extra);
    const createdOn = item.createdOn.toISOString();
    const updatedOn = item.updatedOn.toISOString();
    // The snapshot's keys are snapshot-sql.ts's SNAPSHOT_FIELDS; written out by hand, it costs one
    // stringify of `extra`.
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
      hashes[i]!,
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
