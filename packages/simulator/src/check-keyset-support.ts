// An upstream that cannot filter or sort by id (capability `keyset: "refuse"`) rejects keyset requests
// with 400 and the usual JSON error body, so tests can prove a client falls back to page walks.
// The message wording is assumed; the contract only fixes the `InvalidParameterValue: ` prefix style.
import { badParameter } from "./http-error.js";
import type { ListQuery } from "./list-query.js";
import type { KeysetSupport } from "./types.js";

/** Throws a 400 SimHttpError when `keyset` is "refuse" and the query filters or sorts by id. */
export function checkKeysetSupport(query: ListQuery, keyset: KeysetSupport): void {
  if (keyset !== "refuse") return;
  if (query.filters.some((clause) => clause.field === "id"))
    throw badParameter('filter field "id" is not supported by this listing');
  if (query.sorts.some((sort) => sort.field === "id"))
    throw badParameter('sort field "id" is not supported by this listing');
}
