// The list envelope (docs/upstream-api.md, "Lists and their envelope"), built as the simulator builds it (list-envelope.ts)
// and as the upstream's seed page shows it: the public listing's self link inside `meta._link` (no
// top-level `_links`); a listing with more links (the personal store's `user`) has them top-level, with
// `self`. Page urls are absolute, from the request's own url, so every query parameter survives; they
// always name `per_page` (the value used) and `page`, as the seed's `?per_page=10&page=2` does.
import type { ListQuery } from "./list-query.js";

export interface EnvelopeInput {
  /** The request's absolute url, e.g. "http://127.0.0.1:8080/v2/iso?per_page=5&expand=1". */
  requestUrl: string;
  query: ListQuery;
  total: number;
  /** The page's items (or urls) as a JSON array, and how many there are. */
  data: string;
  count: number;
  user: string;
  startedAt: number;
  /** Top-level `_links` beside `self` (the personal store's); without them, self goes in `meta._link`. */
  links?: Record<string, string>;
}

/** "0.00862s", like the upstream's timing field. */
export function elapsed(startedAt: number): string {
  return `${((performance.now() - startedAt) / 1000).toFixed(5)}s`;
}

/**
 * The envelope as JSON text, with the page's data spliced in as given: the items are serialised once per
 * commit (catalogue-index.ts), not per answer. Key order is JSON.stringify's of the object
 * `{_links?, data, meta}`, so the text is what stringifying the whole envelope would give.
 */
export function listEnvelope(input: EnvelopeInput): string {
  const { query, total } = input;
  // An empty listing still has one (empty) page, so first_url and last_url always exist (as upstream).
  const pages = Math.max(1, Math.ceil(total / query.perPage));
  const pageUrl = (page: number) => {
    const url = new URL(input.requestUrl);
    url.searchParams.set("per_page", String(query.perPage));
    url.searchParams.set("page", String(page));
    return url.toString();
  };
  const self = input.requestUrl;
  const meta = {
    ...(input.links ? {} : { _link: { self } }),
    count: input.count,
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
  };
  const links = input.links ? `"_links":${JSON.stringify({ self, ...input.links })},` : "";
  return `{${links}"data":${input.data},"meta":${JSON.stringify(meta)}}`;
}
