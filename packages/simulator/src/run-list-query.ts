// Filters, sorts and pages one collection. Keyset requests (id order, id range) go to the binary-search
// path; everything else is scanned here. Unsorted requests never sort (the collection is already in id
// order); sorted ones do one stable counting-sort pass per key over cached ranks, last key first, so the
// result is ordered by every key and then by id (the assumed tie-break that keeps paging stable).
import { compileFilters } from "./compile-filters.js";
import { badParameter } from "./http-error.js";
import type { ItemCollection } from "./item-collection.js";
import type { ItemEntry } from "./item-entry.js";
import { documentedKind } from "./item-fields.js";
import { runKeysetQuery } from "./keyset-list-query.js";
import type { ListQuery, SortKey } from "./list-query.js";

export interface ListResult {
  total: number;
  entries: ItemEntry[];
}

function sortPositions(positions: Int32Array, sorts: SortKey[], collection: ItemCollection): Int32Array {
  let current = positions;
  for (let k = sorts.length - 1; k >= 0; k--) {
    const { field, descending } = sorts[k]!;
    const { rank, maxRank } = collection.fieldRanks(field);
    const key = (p: number) => (descending ? maxRank - rank[p]! : rank[p]!);
    const counts = new Int32Array(maxRank + 2);
    for (const p of current) counts[key(p) + 1]!++;
    for (let r = 1; r < counts.length; r++) counts[r]! += counts[r - 1]!;
    const next = new Int32Array(current.length);
    for (const p of current) next[counts[key(p)]!++] = p;
    current = next;
  }
  return current;
}

export function runListQuery(collection: ItemCollection, query: ListQuery): ListResult {
  return runKeysetQuery(collection, query) ?? scanListQuery(collection, query);
}

/** The general path: every query, by a scan of the whole collection. */
export function scanListQuery(collection: ItemCollection, query: ListQuery): ListResult {
  for (const { field } of query.sorts) {
    if (!documentedKind(field) && !collection.hasExtraField(field)) {
      throw badParameter(`sort field "${field}" is not an item field`);
    }
  }
  const predicate = compileFilters(query.filters, collection);
  const all = collection.all();
  const start = (query.page - 1) * query.perPage;
  const end = start + query.perPage;

  // The collection is kept in id order, so `sort=id,asc` (what careful clients always send, for stable
  // paging) needs no sorting at all, and `id,desc` only a reversed window.
  const byIdOnly = query.sorts.length === 1 && query.sorts[0]!.field === "id";
  if (byIdOnly && query.sorts[0]!.descending && !predicate) {
    const window = all.slice(Math.max(0, all.length - end), Math.max(0, all.length - start));
    return { total: all.length, entries: window.reverse() };
  }
  if (query.sorts.length === 0 || (byIdOnly && !query.sorts[0]!.descending)) {
    if (!predicate) return { total: all.length, entries: all.slice(start, end) };
    // One pass: count every match, keep only the requested window.
    const entries: ItemEntry[] = [];
    let total = 0;
    for (const entry of all) {
      if (!predicate(entry)) continue;
      if (total >= start && total < end) entries.push(entry);
      total++;
    }
    return { total, entries };
  }

  const matched = new Int32Array(all.length);
  let count = 0;
  for (let i = 0; i < all.length; i++) if (!predicate || predicate(all[i]!)) matched[count++] = i;
  const positions = sortPositions(matched.subarray(0, count), query.sorts, collection);
  const entries = Array.from(positions.subarray(start, end), (p) => all[p]!);
  return { total: count, entries };
}
