// Public catalogue: GET /v2/iso and GET /v2/iso/:id (vss-api.md, "Public catalogue").
import type { RouteModule } from "../api-deps.js";
import { dataResponse } from "../data-response.js";
import { getItem } from "../get-item.js";
import { listItems } from "../list-items.js";
import { parseListQuery, type RawQuery } from "../list-query.js";

export const PUBLIC_PATH = "/v2/iso";

export const registerIsoRoutes: RouteModule = (app, deps) => {
  app.get(PUBLIC_PATH, (request, reply) => {
    const principal = deps.auth.authenticate(request);
    return dataResponse({
      request,
      reply,
      deps,
      principal,
      scope: "public",
      compute: (state, base) =>
        listItems({
          database: deps.database,
          state,
          query: parseListQuery(request.query as RawQuery),
          base,
          url: request.url,
          itemPath: PUBLIC_PATH,
          user: principal.name,
        }),
    });
  });

  app.get<{ Params: { id: string } }>(`${PUBLIC_PATH}/:id`, (request, reply) => {
    const principal = deps.auth.authenticate(request);
    return dataResponse({
      request,
      reply,
      deps,
      principal,
      scope: "public",
      compute: (_state, base) =>
        getItem({
          database: deps.database,
          scope: "public",
          rawId: request.params.id,
          selfUrl: `${base}${request.url}`,
          user: principal.name,
        }),
    });
  });
};
