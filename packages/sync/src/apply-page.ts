import { type Database, isoImageRows, rowsOf } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";
import { sql } from "drizzle-orm";
import { bigintArray, booleanArray, jsonbArray, textArray, timestamptzArray } from "./pg-array.js";
import { type ChangeRow, recordChanges } from "./record-changes.js";
import { changedFields, SNAPSHOT_FIELDS, snapshotOfItem, snapshotOfRow, type StoredRow } from "./snapshot.js";

export interface RunContext {
  scope: string;
  runId: number;
  /** When this run saw the items (its start): first_seen_at / last_seen_at of what it writes. */
  seenAt: Date;
}

export interface PageCounts {
  inserted: number;
  updated: number;
  restored: number;
  unchanged: number;
}

/**
 * Stores one page: reads the page's stored rows, compares, then writes only what changed in ONE upsert
 * and its history in one insert. Unchanged items cost no write at all.
 */
export async function applyPage(db: Database, run: RunContext, items: IsoImage[]): Promise<PageCounts> {
  const counts: PageCounts = { inserted: 0, updated: 0, restored: 0, unchanged: 0 };
  if (items.length === 0) return counts;
  const stored = await storedRowsOf(db, run.scope, items);
  const byId = new Map(stored.map((row) => [Number(row.vssId), row]));
  const writes: IsoImage[] = [];
  const changes: ChangeRow[] = [];
  for (const item of items) {
    const after = snapshotOfItem(item);
    const row = byId.get(item.id);
    if (!row) {
      counts.inserted += 1;
      writes.push(item);
      changes.push({ vssId: item.id, change: "created", fields: SNAPSHOT_FIELDS, before: null, after });
      continue;
    }
    const before = snapshotOfRow(row);
    const fields: string[] = changedFields(before, after);
    const restored = row.deletedAt !== null;
    if (fields.length === 0 && !restored) {
      counts.unchanged += 1;
      continue;
    }
    counts[restored ? "restored" : "updated"] += 1;
    writes.push(item);
    changes.push({
      vssId: item.id,
      change: restored ? "restored" : "updated",
      fields: restored ? ["deleted_at", ...fields] : fields,
      before,
      after,
    });
  }
  await upsert(db, run, writes);
  await recordChanges(db, run, changes);
  return counts;
}

/**
 * The stored rows of a page's items: one unique-index probe per id, whatever the statistics say. Written
 * as `vss_id = any(...)` or a plain join, a table without statistics yet (a first sync) gets a plan that
 * reads the whole scope for every page: 10-30 ms a page at 100,000 items. `limit 1` (true anyway: the key
 * is unique) keeps Postgres from flattening the LATERAL subquery back into such a join.
 */
async function storedRowsOf(db: Database, scope: string, items: IsoImage[]): Promise<StoredRow[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select r.vss_id, r.name, r.path, r.data_store, r.is_public, r.created_on, r.updated_on, r.extra, r.deleted_at
      from unnest(${bigintArray(items.map((item) => item.id))}) as page(vss_id)
      cross join lateral (
        select * from ${isoImageRows} where scope = ${scope} and vss_id = page.vss_id limit 1
      ) as r`,
  );
  return rows.map((row) => ({
    vssId: Number(row.vss_id),
    name: row.name as string,
    path: row.path as string,
    dataStore: row.data_store as string,
    isPublic: row.is_public as boolean,
    createdOn: new Date(row.created_on as Date | string),
    updatedOn: new Date(row.updated_on as Date | string),
    extra: row.extra as Record<string, unknown>,
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at as Date | string),
  }));
}

/**
 * One statement for the page's changed items. The IS DISTINCT FROM guard makes a repeated or duplicate
 * delivery of the same page a no-op even if it races past the comparison above; first_seen_at is never
 * overwritten.
 */
async function upsert(db: Database, run: RunContext, items: IsoImage[]): Promise<void> {
  if (items.length === 0) return;
  await db.execute(sql`
    insert into ${isoImageRows} as t (scope, vss_id, name, path, data_store, is_public, created_on, updated_on,
      extra, first_seen_at, last_seen_at, deleted_at)
    select ${run.scope}, u.vss_id, u.name, u.path, u.data_store, u.is_public, u.created_on, u.updated_on,
      u.extra, ${run.seenAt.toISOString()}::timestamptz, ${run.seenAt.toISOString()}::timestamptz, null
    from unnest(
      ${bigintArray(items.map((item) => item.id))},
      ${textArray(items.map((item) => item.name))},
      ${textArray(items.map((item) => item.path))},
      ${textArray(items.map((item) => item.dataStore))},
      ${booleanArray(items.map((item) => item.isPublic))},
      ${timestamptzArray(items.map((item) => item.createdOn))},
      ${timestamptzArray(items.map((item) => item.updatedOn))},
      ${jsonbArray(items.map((item) => item.extra))}
    ) as u(vss_id, name, path, data_store, is_public, created_on, updated_on, extra)
    on conflict (scope, vss_id) do update set
      name = excluded.name, path = excluded.path, data_store = excluded.data_store,
      is_public = excluded.is_public, created_on = excluded.created_on, updated_on = excluded.updated_on,
      extra = excluded.extra, last_seen_at = excluded.last_seen_at, deleted_at = null
    where (t.name, t.path, t.data_store, t.is_public, t.created_on, t.updated_on, t.extra)
        is distinct from (excluded.name, excluded.path, excluded.data_store, excluded.is_public,
          excluded.created_on, excluded.updated_on, excluded.extra)
      or t.deleted_at is not null`);
}
