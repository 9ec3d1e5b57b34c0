// A mirrored row back in the upstream item's wire shape (docs/upstream-api.md, "An ISO image"): the documented
// fields, dates as the upstream sent them, and the undocumented fields kept in `extra` merged back in.

export interface IsoRow {
  vss_id: string;
  name: string;
  path: string;
  data_store: string;
  is_public: boolean;
  created_on: Date;
  updated_on: Date;
  created_on_text: string;
  updated_on_text: string;
  extra: Record<string, unknown>;
}

export const ISO_COLUMNS =
  "vss_id, name, path, data_store, is_public, created_on, updated_on, created_on_text, updated_on_text, extra";

export type WireIso = Record<string, unknown> & { id: number };

export function toWireIso(row: IsoRow): WireIso {
  return {
    id: Number(row.vss_id),
    name: row.name,
    path: row.path,
    data_store: row.data_store,
    public: row.is_public,
    created_on: row.created_on_text,
    updated_on: row.updated_on_text,
    // The sync stores only undocumented fields in extra; the documented ones above win regardless.
    ...withoutDocumented(row.extra),
  };
}

const DOCUMENTED = new Set(["id", "name", "path", "data_store", "public", "created_on", "updated_on"]);

function withoutDocumented(extra: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(extra);
  if (keys.length === 0 || !keys.some((key) => DOCUMENTED.has(key))) return extra;
  return Object.fromEntries(Object.entries(extra).filter(([key]) => !DOCUMENTED.has(key)));
}
