// Shared by the public and personal list endpoints: parse the query, run it, wrap it in the envelope.
import type { FastifyRequest } from "fastify";
import type { ApiResult } from "./api-handler.js";
import { baseUrl } from "./authenticate.js";
import { checkKeysetSupport } from "./check-keyset-support.js";
import type { ItemCollection } from "./item-collection.js";
import { listEnvelope } from "./list-envelope.js";
import { parseListQuery, type RawQuery } from "./list-query.js";
import { runListQuery } from "./run-list-query.js";
import type { KeysetSupport } from "./types.js";

export interface ListResponseInput {
  request: FastifyRequest;
  collection: ItemCollection;
  user: string;
  /** Path of one item, e.g. "/v2/iso"; item urls are `<base><itemPath>/<id>`. */
  itemPath: string;
  links?: Record<string, string>;
  /** The simulator's current keyset capability. */
  keyset: KeysetSupport;
}

export function listResponse(input: ListResponseInput): ApiResult {
  const startedAt = performance.now();
  const base = baseUrl(input.request);
  const query = parseListQuery(input.request.query as RawQuery);
  checkKeysetSupport(query, input.keyset);
  const { total, entries } = runListQuery(input.collection, query);
  const body = listEnvelope({
    requestUrl: `${base}${input.request.url}`,
    query,
    total,
    items: entries.map((entry) => entry.item),
    itemUrl: (item) => `${base}${input.itemPath}/${item.id}`,
    user: input.user,
    startedAt,
    ...(input.links ? { links: input.links } : {}),
  });
  return { body };
}
