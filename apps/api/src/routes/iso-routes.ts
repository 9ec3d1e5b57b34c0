// Public catalogue: GET /v2/iso and GET /v2/iso/:id (docs/upstream-api.md, "The public catalogue").
import type { RouteModule } from "../api-deps.js";
import { registerCollection } from "./collection-routes.js";

export const PUBLIC_PATH = "/v2/iso";

export const registerIsoRoutes: RouteModule = (app, deps) => {
  registerCollection(app, deps, {
    path: PUBLIC_PATH,
    scopeOf: async (request) => ({ principal: await deps.auth.authenticate(request), scope: "public" }),
  });
};
