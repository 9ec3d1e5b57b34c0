import type { Filter } from "./filter.js";
import type { IsoImage } from "./iso-image.js";
import type { Sort } from "./sort.js";

/** Options of `listIsos()` / `listPersonalIsos()`. */
export interface ListOptions {
  /** Filter built with `filter()`, or a raw `field,op,value;...` string. Default: none. */
  filter?: Filter | string;
  /**
   * Sort built with `sort()`, or a raw `field,dir;...` string. Default: `id,asc`. A sort that does not
   * mention `id` gets `;id,asc` appended, so pages are stable when several items tie on the sort keys.
   * `null` sends no sort at all (the upstream's own order), for an upstream that cannot sort by id.
   */
  sort?: Sort | string | null;
  /** Items per page; upstream clamps to 250. Default: 250 (one request per 250 items). */
  perPage?: number;
  /** Aborts the listing (and every request it has in flight). Default: none. */
  signal?: AbortSignal;
}

/** One page of a listing, with the paging facts upstream reported for it. */
export interface IsoPage {
  /** 1-based page number. */
  page: number;
  /** Number of pages at the time this page was served. */
  pages: number;
  perPage: number;
  /** Number of items in the whole listing at the time this page was served. */
  total: number;
  /** Items on this page. */
  count: number;
  items: IsoImage[];
}

/** Options of `IsoList.pagesConcurrently()`. */
export interface ConcurrentPagesOptions {
  /** Pages fetched in parallel, which also bounds pages fetched but not yet consumed. Default: 4. */
  concurrency?: number;
}

/** The `sort` parameter to send: the caller's keys plus the `id` tie-break (see ListOptions.sort). */
export function sortParam(sort: Sort | string | undefined): string {
  const text = sort === undefined ? "" : String(sort);
  if (text === "") return "id,asc";
  const fields = text.split(";").map((key) => key.split(",")[0]);
  return fields.includes("id") ? text : `${text};id,asc`;
}
