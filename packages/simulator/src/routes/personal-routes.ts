// Personal store: GET|PATCH /v2/user/image/iso, GET /v2/user/image/iso/:id, and the sync request
// GET /v2/request/image_sync/:id (docs/upstream-api.md, "The personal store").
import type { FastifyInstance } from "fastify";
import { apiHandler } from "../api-handler.js";
import { authenticate, baseUrl } from "../authenticate.js";
import { badParameter, SimHttpError } from "../http-error.js";
import { listResponse } from "../list-response.js";
import { seedListResponse } from "../seed-list-response.js";
import type { SimState, UserState } from "../sim-state.js";
import { itemResponse } from "./iso-routes.js";

const PERSONAL_PATH = "/v2/user/image/iso";

export function registerPersonalRoutes(app: FastifyInstance, state: SimState): void {
  const userState = (username: string): UserState => {
    const found = state.users.get(username);
    if (!found) throw new SimHttpError(401, "Unauthorized: token user no longer exists");
    return found;
  };

  app.get(
    PERSONAL_PATH,
    apiHandler((request) => {
      const user = authenticate(request, state);
      const collection = userState(user).listing;
      const keyset = state.capabilities.keyset;
      return state.churn.answering({ username: user }, () =>
        state.options.personalShape === "seed"
          ? seedListResponse({ request, collection, user, keyset })
          : listResponse({
              request,
              collection,
              user,
              itemPath: PERSONAL_PATH,
              links: { user: `${baseUrl(request)}/v2/user/image` },
              keyset,
            }),
      );
    }),
  );

  app.get(
    `${PERSONAL_PATH}/:id`,
    apiHandler((request) => {
      const user = authenticate(request, state);
      const collection = userState(user).listing;
      return state.churn.answering({ username: user }, () => itemResponse(request, collection, user));
    }),
  );

  app.patch(
    PERSONAL_PATH,
    apiHandler((request) => {
      const user = authenticate(request, state);
      userState(user);
      const sync = state.syncs.start(user);
      return {
        status: 202,
        body: {
          data: {
            _links: { request: `${baseUrl(request)}/v2/request/image_sync/${sync.id}` },
            message: "Request has been accepted for processing",
            request: { id: sync.id, status: sync.status, task_id: sync.task_id },
            status: 202,
          },
        },
      };
    }),
  );

  app.get(
    "/v2/request/image_sync/:id",
    apiHandler((request) => {
      const user = authenticate(request, state);
      const raw = (request.params as { id: string }).id;
      if (!/^\d+$/.test(raw)) throw badParameter(`id must be a positive integer, got "${raw}"`);
      // Another user's request answers exactly like a missing one: nothing leaks across accounts.
      const sync = state.syncs.get(Number(raw), user);
      if (!sync) throw new SimHttpError(404, `NotFound: no image_sync request with id ${raw}`);
      return { body: { data: sync } };
    }),
  );
}
