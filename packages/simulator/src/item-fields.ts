// How each item field compares (simulator-contract: "Comparison by field type"): id numerically, public as
// a boolean, dates as instants, documented strings by UTF-16 code unit (= byte order for the BMP below
// U+E000; assumed), undocumented extra fields by the JS type of the item's value.
import type { ItemEntry } from "./item-entry.js";

export type FieldKind = "number" | "boolean" | "date" | "string" | "extra";

const DOCUMENTED: Record<string, FieldKind> = {
  id: "number",
  name: "string",
  path: "string",
  data_store: "string",
  public: "boolean",
  created_on: "date",
  updated_on: "date",
};

export function documentedKind(field: string): FieldKind | undefined {
  return DOCUMENTED[field];
}

/** Primitive sortable value of a field; undefined when the item lacks it or it is unusable (bad date). */
export function sortValue(entry: ItemEntry, field: string): number | string | undefined {
  switch (field) {
    case "created_on":
      return Number.isNaN(entry.created) ? undefined : entry.created;
    case "updated_on":
      return Number.isNaN(entry.updated) ? undefined : entry.updated;
    default: {
      const value = entry.item[field];
      if (typeof value === "number" || typeof value === "string") return value;
      if (typeof value === "boolean") return value ? 1 : 0;
      return value === undefined || value === null ? undefined : JSON.stringify(value);
    }
  }
}

/** Total order with missing values last; numbers before strings when an extra field mixes types. */
export function compareValues(a: number | string | undefined, b: number | string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a !== typeof b) return typeof a === "number" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text `like` matches against: the value as it appears on the wire. */
export function textValue(entry: ItemEntry, field: string): string | undefined {
  const value = entry.item[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
