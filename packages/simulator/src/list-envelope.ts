// The list envelope every list endpoint answers with (docs/upstream-api.md, "Lists and their envelope"), as the seed page shows
// it: the public listing's self link inside `meta._link` (no top-level `_links`); a listing with more
// links (the personal store's `user`) has them top-level, with `self`. Page urls are absolute, built from
// the request's own url so every query parameter survives; they always name `per_page` (the value used)
// and `page`, as the seed's `?per_page=10&page=2` does.
import type { ListQuery } from "./list-query.js";
import type { SimIso } from "./types.js";

export interface ListEnvelope {
  _links?: Record<string, string>;
  data: (SimIso | string)[];
  meta: {
    _link?: { self: string };
    count: number;
    pages: {
      first_url: string;
      last_url: string;
      next_url: string | null;
      prev_url: string | null;
      page: number;
      pages: number;
      per_page: number;
      total: number;
    };
    time: string;
    user: string;
  };
}

export interface EnvelopeInput {
  /** The request's absolute url, e.g. "http://127.0.0.1:4010/v2/iso?per_page=5&expand=1". */
  requestUrl: string;
  query: ListQuery;
  total: number;
  items: SimIso[];
  /** Url of one item when `expand` is off. */
  itemUrl: (item: SimIso) => string;
  user: string;
  startedAt: number;
  /** Top-level `_links` beside `self` (the personal store's); without them, self goes in `meta._link`. */
  links?: Record<string, string>;
}

/** "0.00862s", like the real API's timing field. */
export function elapsed(startedAt: number): string {
  return `${((performance.now() - startedAt) / 1000).toFixed(5)}s`;
}

export function listEnvelope(input: EnvelopeInput): ListEnvelope {
  const { query, total } = input;
  // An empty listing still has one (empty) page, so first_url and last_url always exist (assumed).
  const pages = Math.max(1, Math.ceil(total / query.perPage));
  const pageUrl = (page: number) => {
    const url = new URL(input.requestUrl);
    url.searchParams.set("per_page", String(query.perPage));
    url.searchParams.set("page", String(page));
    return url.toString();
  };
  const data = input.items.map((item) => (query.expand ? item : input.itemUrl(item)));
  const self = input.requestUrl;
  return {
    ...(input.links ? { _links: { self, ...input.links } } : {}),
    data,
    meta: {
      ...(input.links ? {} : { _link: { self } }),
      count: data.length,
      pages: {
        first_url: pageUrl(1),
        last_url: pageUrl(pages),
        next_url: query.page < pages ? pageUrl(query.page + 1) : null,
        prev_url: query.page > 1 ? pageUrl(query.page - 1) : null,
        page: query.page,
        pages,
        per_page: query.perPage,
        total,
      },
      time: elapsed(input.startedAt),
      user: input.user,
    },
  };
}
