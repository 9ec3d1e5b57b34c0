// The change feed (./changes.ts). Its handler authenticates each request itself, as the data routes do:
// which changes a token sees depends on who holds it.
import type { RouteModule } from "../api-deps.js";
import { registerChangeRoutes } from "./changes.js";

export const registerFeedRoutes: RouteModule = (app, deps) => {
  registerChangeRoutes(app, deps);
};
