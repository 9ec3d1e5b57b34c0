// The personal listing as the upstream's seed page shows it (docs/upstream-api.md, "The personal store"): top-level
// `_links` with `self` and `user`, `data` as item objects even without `expand`, and `meta` of `count`,
// `time` and `user` only, no `pages`. A client must read that as one page holding everything, so `filter`
// and `sort` still apply but `page` and `per_page` are ignored, invalid values included (assumed).
import type { FastifyRequest } from "fastify";
import type { ApiResult } from "./api-handler.js";
import { baseUrl } from "./authenticate.js";
import { checkKeysetSupport } from "./check-keyset-support.js";
import type { ItemCollection } from "./item-collection.js";
import { elapsed } from "./list-envelope.js";
import { parseListQuery, type RawQuery } from "./list-query.js";
import { runListQuery } from "./run-list-query.js";
import type { KeysetSupport } from "./types.js";

export interface SeedListInput {
  request: FastifyRequest;
  collection: ItemCollection;
  user: string;
  /** The simulator's current keyset capability. */
  keyset: KeysetSupport;
}

export function seedListResponse(input: SeedListInput): ApiResult {
  const startedAt = performance.now();
  const base = baseUrl(input.request);
  const { page: _page, per_page: _perPage, ...rest } = input.request.query as RawQuery;
  const query = { ...parseListQuery(rest), perPage: Number.MAX_SAFE_INTEGER };
  checkKeysetSupport(query, input.keyset);
  const data = runListQuery(input.collection, query).entries.map((entry) => entry.item);
  return {
    body: {
      _links: { self: `${base}${input.request.url}`, user: `${base}/v2/user/image` },
      data,
      meta: { count: data.length, time: elapsed(startedAt), user: input.user },
    },
  };
}
