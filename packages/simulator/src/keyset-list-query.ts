// Keyset requests (`sort=id,asc&filter=id,gt,<last id>`, what a sync walking the catalogue by id sends)
// answered from the id window alone: O(log n) without other filters, a scan of the window with them.
// The answer is the one the general path gives (test/keyset.test.ts compares the two).
import { compileFilters } from "./compile-filters.js";
import { idWindow } from "./id-window.js";
import type { ItemCollection } from "./item-collection.js";
import type { ItemEntry } from "./item-entry.js";
import type { ListQuery } from "./list-query.js";
import type { ListResult } from "./run-list-query.js";

/** The result, or undefined when the query is not in id order with an id range (the general path's job). */
export function runKeysetQuery(collection: ItemCollection, query: ListQuery): ListResult | undefined {
  const [sort, ...more] = query.sorts;
  if (more.length > 0 || (sort !== undefined && sort.field !== "id")) return undefined;
  const window = idWindow(collection, query.filters);
  if (!window) return undefined;
  const { start, end } = window;
  const descending = sort?.descending ?? false;
  const all = collection.all();
  const skip = (query.page - 1) * query.perPage;
  const predicate = compileFilters(window.rest, collection);

  if (!predicate) {
    const total = end - start;
    const from = Math.min(total, skip);
    const to = Math.min(total, skip + query.perPage);
    const entries = descending
      ? all.slice(end - to, end - from).reverse()
      : all.slice(start + from, start + to);
    return { total, entries };
  }
  // Count every match in the window, keep only the requested page, walking in the answer's order.
  const entries: ItemEntry[] = [];
  let total = 0;
  for (let n = 0; n < end - start; n++) {
    const entry = all[descending ? end - 1 - n : start + n]!;
    if (!predicate(entry)) continue;
    if (total >= skip && total < skip + query.perPage) entries.push(entry);
    total++;
  }
  return { total, entries };
}
