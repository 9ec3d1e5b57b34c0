// Personal store: GET /v2/user/image/iso and GET /v2/user/image/iso/:id (vss-api.md, "Personal store").
// Which store is the token's `user` (API_TOKENS_FILE); a token without one has none. PATCH (upstream:
// start a file-store sync) is not served: the mirror only reads.
import type { FastifyRequest } from "fastify";
import type { ApiDeps, RouteModule } from "../api-deps.js";
import { ApiError } from "../api-error.js";
import type { ApiPrincipal } from "../authenticate.js";
import { dataResponse } from "../data-response.js";
import { getItem } from "../get-item.js";
import { listItems } from "../list-items.js";
import { parseListQuery, type RawQuery } from "../list-query.js";

export const PERSONAL_PATH = "/v2/user/image/iso";

function personalScope(deps: ApiDeps, request: FastifyRequest): [ApiPrincipal, string] {
  const principal = deps.auth.authenticate(request);
  if (principal.user === undefined) {
    throw new ApiError(
      403,
      `Forbidden: token "${principal.name}" has no personal store (give it a "user" in API_TOKENS_FILE)`,
    );
  }
  return [principal, principal.user];
}

export const registerPersonalRoutes: RouteModule = (app, deps) => {
  app.get(PERSONAL_PATH, (request, reply) => {
    const [principal, scope] = personalScope(deps, request);
    return dataResponse({
      request,
      reply,
      deps,
      principal,
      scope,
      compute: (state, base) =>
        listItems({
          database: deps.database,
          state,
          query: parseListQuery(request.query as RawQuery),
          base,
          url: request.url,
          itemPath: PERSONAL_PATH,
          user: principal.name,
          links: { user: `${base}/v2/user` },
        }),
    });
  });

  app.get<{ Params: { id: string } }>(`${PERSONAL_PATH}/:id`, (request, reply) => {
    const [principal, scope] = personalScope(deps, request);
    return dataResponse({
      request,
      reply,
      deps,
      principal,
      scope,
      compute: (_state, base) =>
        getItem({
          database: deps.database,
          scope,
          rawId: request.params.id,
          selfUrl: `${base}${request.url}`,
          user: principal.name,
        }),
    });
  });
};
