// Every route module of the API, registered in this order by buildApi. To serve more paths, add the
// module here: it gets the shared ApiDeps (database, auth, metrics, ...) and its errors get the API's
// JSON error bodies.
import type { RouteModule } from "../api-deps.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { registerFeedRoutes } from "./feed-routes.js";
import { registerHealthRoutes } from "./health-routes.js";
import { registerImageSyncRoutes } from "./image-sync-routes.js";
import { registerIsoRoutes } from "./iso-routes.js";
import { registerPersonalRoutes } from "./personal-routes.js";

export const API_ROUTES: readonly RouteModule[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerIsoRoutes,
  registerPersonalRoutes,
  registerImageSyncRoutes,
  registerFeedRoutes,
];
