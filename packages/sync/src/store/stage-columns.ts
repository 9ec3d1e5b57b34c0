import { copyLine, type CopyValue } from "@vss-mirror/db";
import { type IsoImage, VssValidationError } from "@vss-mirror/vss-client";

// The temp tables a run stages batches in, on its own session: `vss_sync_keys` holds every item's
// (vss_id, content hash, batch), to find which differ from the mirror, and for the whole walk: it is
// what the walk saw (deletion by absence reads it at the end, and its key refuses an id seen twice;
// 500,000 ids held in JS would make the process grow with the catalogue); `vss_sync_batch` the full columns of
// the items that do (all of them in a scope's first sync), with each item's history snapshot
// (iso_image_changes.after). The snapshot is built here, where the dates are already ISO strings: built
// in SQL (to_char twice per row) it cost Postgres more than a cold mirror's whole history insert; and
// iso_image_rows.extra is read from it, one jsonb parse per row instead of two. Primary keys, because a
// temp table has no statistics: probes of "is this id in the batch" must find an index, and an id twice
// in one batch is refused at once.

export const KEYS_TABLE = "vss_sync_keys";
export const KEYS_COLUMNS = ["vss_id", "content_hash", "batch"] as const;
export const CREATE_KEYS = `create temp table ${KEYS_TABLE} (
  vss_id bigint primary key, content_hash text not null, batch integer not null) on commit drop`;
/**
 * Each batch's candidates are found among that batch's keys: without this index, by reading every key
 * the walk has seen so far, once per batch (500,000 items: 200 batches reading 250,000 keys each).
 */
export const INDEX_KEYS = `create index on ${KEYS_TABLE} (batch)`;

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
  "created_on_text",
  "updated_on_text",
] as const;
export const CREATE_STAGE = `create temp table ${STAGE_TABLE} (
  vss_id bigint primary key, name text not null, path text not null, data_store text not null,
  is_public boolean not null, created_on timestamptz not null, updated_on timestamptz not null,
  snapshot jsonb not null, content_hash text not null, created_on_text text not null,
  updated_on_text text not null) on commit drop`;

/** (vss_id, hash, batch) lines for the keys table. */
export function keyRows(items: readonly IsoImage[], hashes: readonly string[], batch: number): string {
  let text = "";
  for (let i = 0; i < items.length; i++) text += `${items[i]!.id}\t${hashes[i]!}\t${batch}\n`;
  return text;
}

/**
 * The item's history snapshot (iso_image_changes.after) as JSON text: the keys of snapshot-sql.ts's
 * SNAPSHOT_FIELDS, dates as ISO 8601 UTC and as sent. Written out by hand, it costs one stringify of `extra`; a
 * plain item's texts (see isPlain) are their own JSON string bodies.
 */
export function snapshotJson(
  item: IsoImage,
  createdOn: string,
  updatedOn: string,
  extra: string,
  plain: boolean,
): string {
  const text = plain ? (value: string) => `"${value}"` : JSON.stringify;
  return (
    `{"name":${text(item.name)},"path":${text(item.path)},` +
    `"data_store":${text(item.dataStore)},"is_public":${item.isPublic},` +
    `"created_on":"${createdOn}","updated_on":"${updatedOn}","extra":${extra},` +
    `"created_on_text":${text(item.createdOnText)},"updated_on_text":${text(item.updatedOnText)}}`
  );
}

/**
 * Characters that make a text need escaping, as a COPY field or inside a JSON string (JSON writes a
 * quote, a backslash, a control character or a lone surrogate with a backslash, which COPY escapes in
 * turn). Almost no item has any, and one regex test per text is far cheaper than escaping each field.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const NEEDS_ESCAPE = /[\\"\u0000-\u001f\ud800-\udfff]/;

/** True when none of the item's texts needs escaping (NUL included, so nothing to refuse either). */
function isPlain(item: IsoImage, extraJson: string): boolean {
  return (
    !NEEDS_ESCAPE.test(item.name) &&
    !NEEDS_ESCAPE.test(item.path) &&
    !NEEDS_ESCAPE.test(item.dataStore) &&
    !NEEDS_ESCAPE.test(item.createdOnText) &&
    !NEEDS_ESCAPE.test(item.updatedOnText) &&
    // JSON text holds no raw control character; only a backslash makes it need COPY escaping.
    !extraJson.includes("\\")
  );
}

/**
 * The item's `extra` as JSON text, and whether its texts are plain (isPlain). Refuses an item PostgreSQL
 * cannot store (a text holding NUL) with a validation error naming it.
 */
export function itemTexts(item: IsoImage): { extra: string; plain: boolean } {
  const extra = JSON.stringify(item.extra);
  const plain = isPlain(item, extra);
  if (!plain) refuseNul(item, extra);
  return { extra, plain };
}

/**
 * One COPY line of `values` (none of them null). A plain row's values are joined as they are: the
 * same text copyLine writes for values that need no escaping.
 */
function line(values: CopyValue[], plain: boolean): string {
  return plain ? `${values.join("\t")}\n` : copyLine(values);
}

/**
 * Full lines for the staging table, in STAGE_COLUMNS order; dates as exact UTC instants and as sent. An item
 * PostgreSQL cannot store (text holding NUL) is a validation error naming it, not a failed statement.
 */
export function stageRows(items: readonly IsoImage[], hashes: readonly string[]): string {
  let text = "";
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const { extra, plain } = itemTexts(item);
    const createdOn = item.createdOn.toISOString();
    const updatedOn = item.updatedOn.toISOString();
    const snapshot = snapshotJson(item, createdOn, updatedOn, extra, plain);
    text += line(
      [
        item.id,
        item.name,
        item.path,
        item.dataStore,
        item.isPublic,
        createdOn,
        updatedOn,
        snapshot,
        hashes[i]!,
        item.createdOnText,
        item.updatedOnText,
      ],
      plain,
    );
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
