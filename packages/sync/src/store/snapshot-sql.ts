// History rows (vss.iso_image_changes.before/after) hold an item's stored columns as JSON, written by SQL
// in the merge and deletion statements. Dates go in as ISO 8601 UTC with milliseconds, the form of
// JavaScript's toISOString(), so that history written by every version reads alike; the dates' text as
// the upstream sent it goes in beside them (created_on_text, updated_on_text; history written before
// migration 0007 of @vss-mirror/db lacks those keys).

/** The columns a run compares and history records (vss.iso_images column names). */
export const SNAPSHOT_FIELDS = [
  "name",
  "path",
  "data_store",
  "is_public",
  "created_on",
  "updated_on",
  "extra",
  "created_on_text",
  "updated_on_text",
];

const isoUtc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `jsonb_build_object(...)` of the snapshot, reading column `<field>` through `column(field)`. */
export function snapshotJson(column: (field: string) => string): string {
  const pairs = SNAPSHOT_FIELDS.map((field) => {
    const value = field.endsWith("_on") ? isoUtc(column(field)) : column(field);
    return `'${field}', ${value}`;
  });
  return `jsonb_build_object(${pairs.join(", ")})`;
}
