import type { IsoImage } from "@vss-mirror/vss-client";

/**
 * The fields of an ISO that a run compares and history records, keyed by their vss.iso_images column
 * names so that `iso_image_changes.fields` names columns users can query.
 */
export interface IsoSnapshot {
  name: string;
  path: string;
  data_store: string;
  is_public: boolean;
  created_on: string;
  updated_on: string;
  extra: Record<string, unknown>;
}

export type SnapshotField = keyof IsoSnapshot;
export const SNAPSHOT_FIELDS: SnapshotField[] = [
  "name",
  "path",
  "data_store",
  "is_public",
  "created_on",
  "updated_on",
  "extra",
];

/** What the upstream says now. Dates as ISO 8601 UTC: exact instants, comparable as strings. */
export function snapshotOfItem(item: IsoImage): IsoSnapshot {
  return {
    name: item.name,
    path: item.path,
    data_store: item.dataStore,
    is_public: item.isPublic,
    created_on: item.createdOn.toISOString(),
    updated_on: item.updatedOn.toISOString(),
    extra: item.extra,
  };
}

/** A stored row, in the same shape. */
export interface StoredRow {
  vssId: number;
  name: string;
  path: string;
  dataStore: string;
  isPublic: boolean;
  createdOn: Date;
  updatedOn: Date;
  extra: Record<string, unknown>;
  deletedAt: Date | null;
}

export function snapshotOfRow(row: StoredRow): IsoSnapshot {
  return {
    name: row.name,
    path: row.path,
    data_store: row.dataStore,
    is_public: row.isPublic,
    created_on: row.createdOn.toISOString(),
    updated_on: row.updatedOn.toISOString(),
    extra: row.extra,
  };
}

/** Names of the fields whose values differ. `extra` compares by content, whatever its key order. */
export function changedFields(before: IsoSnapshot, after: IsoSnapshot): SnapshotField[] {
  return SNAPSHOT_FIELDS.filter((field) =>
    field === "extra"
      ? canonicalJson(before.extra) !== canonicalJson(after.extra)
      : before[field] !== after[field],
  );
}

/** JSON with object keys sorted at every depth: jsonb does not keep the upstream's key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
