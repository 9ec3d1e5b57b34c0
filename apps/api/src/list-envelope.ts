// The list envelope (docs/upstream-api.md, "Lists and their envelope"), built as the simulator builds it (list-envelope.ts):
// page urls are absolute, from the request's own url, so every query parameter survives; only `page`
// changes.
import type { ListQuery } from "./list-query.js";

export interface EnvelopeInput {
  /** The request's absolute url, e.g. "http://127.0.0.1:8080/v2/iso?per_page=5&expand=1". */
  requestUrl: string;
  query: ListQuery;
  total: number;
  data: unknown[];
  user: string;
  startedAt: number;
  links?: Record<string, string>;
}

/** "0.00862s", like the upstream's timing field. */
export function elapsed(startedAt: number): string {
  return `${((performance.now() - startedAt) / 1000).toFixed(5)}s`;
}

export function listEnvelope(input: EnvelopeInput) {
  const { query, total } = input;
  // An empty listing still has one (empty) page, so first_url and last_url always exist (as upstream).
  const pages = Math.max(1, Math.ceil(total / query.perPage));
  const pageUrl = (page: number) => {
    const url = new URL(input.requestUrl);
    url.searchParams.set("page", String(page));
    return url.toString();
  };
  return {
    _links: { self: input.requestUrl, ...input.links },
    data: input.data,
    meta: {
      count: input.data.length,
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
