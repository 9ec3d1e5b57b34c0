// Public catalogue: GET /v2/iso and GET /v2/iso/:id (docs/upstream-api.md, "The public catalogue").
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiHandler, type ApiResult } from "../api-handler.js";
import { authenticate, baseUrl } from "../authenticate.js";
import { badParameter, SimHttpError } from "../http-error.js";
import type { ItemCollection } from "../item-collection.js";
import { elapsed } from "../list-envelope.js";
import { listResponse } from "../list-response.js";
import type { SimState } from "../sim-state.js";

/** One item in `{_links, data, meta}`; 404 when `collection` has no such id (assumed status and shape). */
export function itemResponse(request: FastifyRequest, collection: ItemCollection, user: string): ApiResult {
  const startedAt = performance.now();
  const raw = (request.params as { id: string }).id;
  if (!/^\d+$/.test(raw)) throw badParameter(`id must be a positive integer, got "${raw}"`);
  const item = collection.get(Number(raw));
  if (!item) throw new SimHttpError(404, `NotFound: no ISO image with id ${raw}`);
  return {
    body: {
      _links: { self: `${baseUrl(request)}${request.url}` },
      data: item,
      meta: { time: elapsed(startedAt), user },
    },
  };
}

export function registerIsoRoutes(app: FastifyInstance, state: SimState): void {
  app.get(
    "/v2/iso",
    apiHandler((request) => {
      const user = authenticate(request, state);
      return state.churn.answering("public", () =>
        listResponse({
          request,
          collection: state.catalogue,
          user,
          itemPath: "/v2/iso",
          keyset: state.capabilities.keyset,
        }),
      );
    }),
  );
  app.get(
    "/v2/iso/:id",
    apiHandler((request) => {
      const user = authenticate(request, state);
      return state.churn.answering("public", () => itemResponse(request, state.catalogue, user));
    }),
  );
}
