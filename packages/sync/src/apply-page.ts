import { type Database, isoImageChanges, isoImageRows } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";
import { and, eq, sql } from "drizzle-orm";
import { bigintArray } from "./pg-array.js";
import { changedFields, SNAPSHOT_FIELDS, snapshotOfItem, snapshotOfRow } from "./snapshot.js";

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

type NewRow = typeof isoImageRows.$inferInsert;
type NewChange = typeof isoImageChanges.$inferInsert;

/**
 * Stores one page: reads the page's stored rows, compares, then writes only what changed in ONE upsert
 * and its history in one insert. Unchanged items cost no write at all.
 */
export async function applyPage(db: Database, run: RunContext, items: IsoImage[]): Promise<PageCounts> {
  const counts: PageCounts = { inserted: 0, updated: 0, restored: 0, unchanged: 0 };
  if (items.length === 0) return counts;
  const stored = await db
    .select()
    .from(isoImageRows)
    .where(
      and(
        eq(isoImageRows.scope, run.scope),
        sql`${isoImageRows.vssId} = any(${bigintArray(items.map((item) => item.id))})`,
      ),
    );
  const byId = new Map(stored.map((row) => [row.vssId, row]));
  const writes: NewRow[] = [];
  const changes: NewChange[] = [];
  for (const item of items) {
    const after = snapshotOfItem(item);
    const row = byId.get(item.id);
    const base = { runId: run.runId, scope: run.scope, vssId: item.id };
    if (!row) {
      counts.inserted += 1;
      writes.push(newRow(run, item));
      changes.push({
        ...base,
        change: "created",
        fields: SNAPSHOT_FIELDS,
        before: null,
        after: { ...after },
      });
      continue;
    }
    const before = snapshotOfRow(row);
    const fields = changedFields(before, after);
    const restored = row.deletedAt !== null;
    if (fields.length === 0 && !restored) {
      counts.unchanged += 1;
      continue;
    }
    counts[restored ? "restored" : "updated"] += 1;
    writes.push(newRow(run, item));
    changes.push({
      ...base,
      change: restored ? "restored" : "updated",
      fields: restored ? ["deleted_at", ...fields] : fields,
      before: { ...before },
      after: { ...after },
    });
  }
  if (writes.length === 0) return counts;
  await upsert(db, writes);
  await db.insert(isoImageChanges).values(changes);
  return counts;
}

function newRow(run: RunContext, item: IsoImage): NewRow {
  return {
    scope: run.scope,
    vssId: item.id,
    name: item.name,
    path: item.path,
    dataStore: item.dataStore,
    isPublic: item.isPublic,
    createdOn: item.createdOn,
    updatedOn: item.updatedOn,
    extra: item.extra,
    firstSeenAt: run.seenAt,
    lastSeenAt: run.seenAt,
    deletedAt: null,
  };
}

const t = isoImageRows;
const excluded = (column: string) => sql.raw(`excluded.${column}`);

/**
 * One statement for the page. The IS DISTINCT FROM guard makes a repeated or duplicate delivery of the
 * same page a no-op even if it races past the comparison above; first_seen_at is never overwritten.
 */
async function upsert(db: Database, rows: NewRow[]): Promise<void> {
  await db
    .insert(t)
    .values(rows)
    .onConflictDoUpdate({
      target: [t.scope, t.vssId],
      set: {
        name: excluded("name"),
        path: excluded("path"),
        dataStore: excluded("data_store"),
        isPublic: excluded("is_public"),
        createdOn: excluded("created_on"),
        updatedOn: excluded("updated_on"),
        extra: excluded("extra"),
        lastSeenAt: excluded("last_seen_at"),
        deletedAt: sql`null`,
      },
      setWhere: sql`(${t.name}, ${t.path}, ${t.dataStore}, ${t.isPublic}, ${t.createdOn}, ${t.updatedOn}, ${t.extra})
        is distinct from (excluded.name, excluded.path, excluded.data_store, excluded.is_public,
          excluded.created_on, excluded.updated_on, excluded.extra)
        or ${t.deletedAt} is not null`,
    });
}
