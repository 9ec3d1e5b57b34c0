import type { ApiSettings } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Authenticator } from "./authenticate.js";
import type { ImageSyncService } from "./image-sync/image-sync-request.js";
import type { ScopeIndexes } from "./catalogue-index.js";
import type { ApiMetrics } from "./metrics.js";
import type { ResponseCache } from "./response-cache.js";
import type { ScopeStates } from "./scope-state.js";

/** What route modules get: everything shared by the API's routes, made once per `buildApi`. */
export interface ApiDeps {
  database: DatabaseHandle;
  config: ApiSettings;
  logger: Logger;
  /** `await deps.auth.authenticate(request)` answers the caller or throws the 401. */
  auth: Authenticator;
  metrics: ApiMetrics;
  scopes: ScopeStates;
  cache: ResponseCache;
  /** Personal-store syncs (PATCH /v2/user/image/iso); none: every PATCH answers 403. */
  imageSync?: ImageSyncService;
  /** Scopes' live items in memory, for look-ups the cache misses; undefined: SQL answers all. */
  indexes: ScopeIndexes | undefined;
}

/**
 * Registers one group of routes. Route handlers throw ApiError for error answers; the API's error
 * handler turns anything thrown into the JSON error body. Add a module to API_ROUTES (routes/index.ts),
 * or pass it to buildApi's `routes`, to serve more paths.
 */
export type RouteModule = (app: FastifyInstance, deps: ApiDeps) => void | Promise<void>;
