// A listing and its items (`<path>` and `<path>/:id`), served the same way for the public catalogue and
// a personal store; only where the scope comes from and the extra `_links` differ.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiDeps } from "../api-deps.js";
import type { ApiPrincipal } from "../authenticate.js";
import { dataResponse } from "../data-response.js";
import { getItem } from "../get-item.js";
import { listItems } from "../list-items.js";
import { parseListQuery, type RawQuery } from "../list-query.js";

export interface Collection {
  path: string;
  /** Authenticates the caller and says which scope they read (throws ApiError otherwise). */
  scopeOf(request: FastifyRequest): Promise<{ principal: ApiPrincipal; scope: string }>;
  /** `_links` beyond `self` in list answers. */
  links?(base: string): Record<string, string>;
}

export function registerCollection(app: FastifyInstance, deps: ApiDeps, collection: Collection): void {
  app.get(collection.path, async (request, reply) => {
    const { principal, scope } = await collection.scopeOf(request);
    return dataResponse({
      request,
      reply,
      deps,
      principal,
      scope,
      compute: (state, base) =>
        listItems({
          database: deps.database,
          indexes: deps.indexes,
          state,
          query: parseListQuery(request.query as RawQuery),
          base,
          url: request.url,
          itemPath: collection.path,
          user: principal.username,
          ...(collection.links ? { links: collection.links(base) } : {}),
        }),
    });
  });

  app.get<{ Params: { id: string } }>(`${collection.path}/:id`, async (request, reply) => {
    const { principal, scope } = await collection.scopeOf(request);
    return dataResponse({
      request,
      reply,
      deps,
      principal,
      scope,
      compute: async (_state, base) =>
        JSON.stringify(
          await getItem({
            database: deps.database,
            scope,
            rawId: request.params.id,
            selfUrl: `${base}${request.url}`,
            user: principal.username,
          }),
        ),
    });
  });
}
