// One listing (the public catalogue, or one user's personal store), kept in id order. Sort ranks per
// field are computed lazily and cached until the next change, so a sorted page costs O(n) counting-sort
// passes instead of a comparison sort of the whole catalogue on every request.
import { compareValues, sortValue } from "./item-fields.js";
import { toEntry, type ItemEntry } from "./item-entry.js";
import type { SimIso } from "./types.js";

export interface FieldRanks {
  /** rank[i] orders entries[i] by the field; equal values share a rank; missing values rank last. */
  rank: Int32Array;
  maxRank: number;
}

export class ItemCollection {
  private entries: ItemEntry[] = [];
  private ranks = new Map<string, FieldRanks>();
  private extraFields: Set<string> | undefined;

  constructor(items: SimIso[] = []) {
    this.replaceAll(items);
  }

  get size(): number {
    return this.entries.length;
  }

  all(): readonly ItemEntry[] {
    return this.entries;
  }

  replaceAll(items: SimIso[]): void {
    this.entries = items.map(toEntry).sort((a, b) => a.item.id - b.item.id);
    this.changed();
  }

  /** Index of the item with `id`, or -1 (binary search; entries are in id order). */
  indexOf(id: number): number {
    const index = this.lowerBound(id);
    return this.entries[index]?.item.id === id ? index : -1;
  }

  /** Index of the first item whose id is >= `id`; `size` when there is none. O(log n). */
  lowerBound(id: number): number {
    return this.bound(id, false);
  }

  /** Index of the first item whose id is > `id`; `size` when there is none. O(log n). */
  upperBound(id: number): number {
    return this.bound(id, true);
  }

  get(id: number): SimIso | undefined {
    return this.entries[this.indexOf(id)]?.item;
  }

  /** Inserts or replaces the item with the same id. */
  put(item: SimIso): void {
    const index = this.indexOf(item.id);
    if (index >= 0) this.entries[index] = toEntry(item);
    else {
      let at = this.entries.length;
      while (at > 0 && this.entries[at - 1]!.item.id > item.id) at--;
      this.entries.splice(at, 0, toEntry(item));
    }
    this.changed();
  }

  remove(id: number): boolean {
    const index = this.indexOf(id);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    this.changed();
    return true;
  }

  /** Whether any item has this undocumented field (so it may be filtered and sorted on). */
  hasExtraField(field: string): boolean {
    if (!this.extraFields) {
      this.extraFields = new Set();
      for (const { item } of this.entries) for (const key of Object.keys(item)) this.extraFields.add(key);
    }
    return this.extraFields.has(field);
  }

  fieldRanks(field: string): FieldRanks {
    let cached = this.ranks.get(field);
    if (!cached) {
      const values = this.entries.map((entry) => sortValue(entry, field));
      const order = Array.from(values.keys()).sort((a, b) => compareValues(values[a], values[b]));
      const rank = new Int32Array(values.length);
      let current = 0;
      for (let i = 0; i < order.length; i++) {
        if (i > 0 && compareValues(values[order[i - 1]!], values[order[i]!]) !== 0) current++;
        rank[order[i]!] = current;
      }
      cached = { rank, maxRank: current };
      this.ranks.set(field, cached);
    }
    return cached;
  }

  /** Computes the ranks of `fields` one per event-loop turn, so a large catalogue's first sorted page is
   * already fast while requests arriving meanwhile are barely delayed. */
  warmRanks(fields: readonly string[]): void {
    const [field, ...rest] = fields;
    if (field === undefined) return;
    setImmediate(() => {
      this.fieldRanks(field);
      this.warmRanks(rest);
    }).unref();
  }

  private bound(id: number, strict: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midId = this.entries[mid]!.item.id;
      if (midId < id || (strict && midId === id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private changed(): void {
    this.ranks.clear();
    this.extraFields = undefined;
  }
}
