// The slice of an id-ordered collection that a query's id range clauses select (`gt ge lt le eq`, any
// number of them), found by binary search the way an upstream with an index on id answers keyset requests
// (`filter=id,gt,<last id>;id,le,<end>`). Every other clause is left for a scan of that slice only.
import { parseNumberValue } from "./compile-filters.js";
import type { ItemCollection } from "./item-collection.js";
import type { FilterClause } from "./list-query.js";

export interface IdWindow {
  /** First index in the collection inside the window. */
  start: number;
  /** One past the last index inside the window; never below `start`. */
  end: number;
  /** Clauses the window does not decide (other fields, and `id` with ne, in or like). */
  rest: FilterClause[];
}

/** The window, or undefined when no clause is an id range (or one has a bad value, which the general
 * path then reports with its usual 400). */
export function idWindow(collection: ItemCollection, filters: FilterClause[]): IdWindow | undefined {
  let start = 0;
  let end = collection.size;
  let ranged = false;
  const rest: FilterClause[] = [];
  for (const clause of filters) {
    const { field, op } = clause;
    if (field !== "id" || !(op === "gt" || op === "ge" || op === "lt" || op === "le" || op === "eq")) {
      rest.push(clause);
      continue;
    }
    const value = parseNumberValue(clause.values[0] ?? "");
    if (value === undefined) return undefined;
    ranged = true;
    if (op === "gt") start = Math.max(start, collection.upperBound(value));
    if (op === "ge" || op === "eq") start = Math.max(start, collection.lowerBound(value));
    if (op === "lt") end = Math.min(end, collection.lowerBound(value));
    if (op === "le" || op === "eq") end = Math.min(end, collection.upperBound(value));
  }
  return ranged ? { start, end: Math.max(start, end), rest } : undefined;
}
