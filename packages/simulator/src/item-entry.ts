// An item plus its parsed date instants, computed once when the item is stored so that filters and sorts
// on dates never re-parse strings (100,000-item catalogues must answer in milliseconds).
import { parseWireDate } from "./toronto-date.js";
import type { SimIso } from "./types.js";

export interface ItemEntry {
  readonly item: SimIso;
  /** created_on as epoch ms; NaN when missing or unparseable. */
  readonly created: number;
  /** updated_on as epoch ms; NaN when missing or unparseable. */
  readonly updated: number;
}

const instant = (value: unknown): number => (typeof value === "string" ? parseWireDate(value) : Number.NaN);

export function toEntry(item: SimIso): ItemEntry {
  return { item, created: instant(item.created_on), updated: instant(item.updated_on) };
}
