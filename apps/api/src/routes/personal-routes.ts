// Personal store: GET /v2/user/image/iso and GET /v2/user/image/iso/:id (docs/upstream-api.md, "The personal store").
// Which store is the token's `user` (API_TOKENS_FILE); a token without one has none. PATCH (start a
// sync of the store) is image-sync-routes.ts.
import type { RouteModule } from "../api-deps.js";
import { ApiError } from "../api-error.js";
import { registerCollection } from "./collection-routes.js";

export const PERSONAL_PATH = "/v2/user/image/iso";

export const registerPersonalRoutes: RouteModule = (app, deps) => {
  registerCollection(app, deps, {
    path: PERSONAL_PATH,
    scopeOf: async (request) => {
      const principal = await deps.auth.authenticate(request);
      if (principal.user === undefined) {
        throw new ApiError(
          403,
          `Forbidden: token "${principal.name}" has no personal store (give it a "user" in API_TOKENS_FILE)`,
        );
      }
      return { principal, scope: principal.user };
    },
    links: (base) => ({ user: `${base}/v2/user/image` }),
  });
};
