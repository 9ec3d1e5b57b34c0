// The change feed (./changes.ts) behind the API's bearer-token auth, in a scope of its own so the hook
// guards only these routes.
import type { RouteModule } from "../api-deps.js";
import { registerChangeRoutes } from "./changes.js";

export const registerFeedRoutes: RouteModule = async (app, deps) => {
  await app.register(async (scoped) => {
    scoped.addHook("onRequest", async (request) => {
      deps.auth.authenticate(request);
    });
    registerChangeRoutes(scoped, deps);
  });
};
