// Builds the API's fastify instance (not listening: tests inject or listen themselves; main.ts listens).
// JSON-only error and not-found answers shaped like upstream's, 405 for known paths called with another
// method (as the simulator does), metrics per route pattern. fastify logs each request (method, url, status, time; never headers, so
// never a token).
import type { ApiSettings } from "@vss-mirror/config";
import { type DatabaseHandle, isDatabaseUnavailable } from "@vss-mirror/db";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { ApiDeps, RouteModule } from "./api-deps.js";
import { ApiError, errorBody } from "./api-error.js";
import { AccessTokens } from "./access-tokens.js";
import { ScopeIndexes } from "./catalogue-index.js";
import { Authenticator } from "./authenticate.js";
import type { ImageSyncService } from "./image-sync/image-sync-request.js";
import { databaseUnavailable } from "./database-unavailable.js";
import { createApiMetrics } from "./metrics.js";
import { ResponseCache } from "./response-cache.js";
import { API_ROUTES } from "./routes/index.js";
import { ScopeStates } from "./scope-state.js";
import { sendJson } from "./send-json.js";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface BuildApiOptions {
  database: DatabaseHandle;
  config: ApiSettings;
  logger: Logger;
  /** Route modules to register. Default: API_ROUTES (routes/index.ts). */
  routes?: readonly RouteModule[];
  /** Runs the personal-store syncs clients ask for (see image-sync/). Default: none. The caller closes it. */
  imageSync?: ImageSyncService;
  /** Answer look-ups from each scope's items held in memory (catalogue-index.ts). Default true. */
  scopeIndex?: boolean;
}

function parseJsonBody(body: string): unknown {
  // An empty body with a JSON content type is "no body" (clients send POST /auth/request-token bare).
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new ApiError(400, "InvalidParameterValue: request body is not valid JSON", {}, { cause: error });
  }
}

export async function buildApi(options: BuildApiOptions): Promise<FastifyInstance> {
  const { database, config, logger } = options;
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; typing it as one keeps FastifyInstance the default type.
    loggerInstance: logger as FastifyBaseLogger,
    // Node's 16 KiB default would answer a long filter with a bare 431; let it reach the query parser,
    // which refuses over-long values with a 400 naming them (list-query.ts). Beyond this, fastify's 431.
    http: { maxHeaderSize: 512 * 1024 },
    // close() must not wait for keep-alive sockets.
    forceCloseConnections: true,
    // TRUST_PROXY: request.protocol and request.host (and so every absolute url) follow
    // X-Forwarded-Proto and X-Forwarded-Host from these proxies.
    trustProxy: config.trustProxy ?? false,
  });
  const deps: ApiDeps = {
    database,
    config,
    logger,
    auth: new Authenticator(config.tokens, new AccessTokens(config.jwtSecret)),
    metrics: createApiMetrics(),
    scopes: new ScopeStates(database, logger),
    cache: new ResponseCache(config.cacheEntries),
    ...(options.imageSync ? { imageSync: options.imageSync } : {}),
    indexes: options.scopeIndex === false ? undefined : new ScopeIndexes(database, logger),
  };

  app.addHook("onClose", () => deps.scopes.close());

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit: 64 * 1024 }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as ApiError, undefined);
    }
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    deps.metrics.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (!(error instanceof ApiError) && isDatabaseUnavailable(error)) {
      // Not a bug: the database is restarting, failing over or unreachable. The pool reconnects by
      // itself, so the client is told to come back rather than that the API broke.
      request.log.warn({ err: error }, "database unavailable; answered 503");
      error = databaseUnavailable(error);
    }
    if (error instanceof ApiError)
      return sendJson(reply, error.statusCode, JSON.stringify(error.body), error.headers);
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, "request failed");
    // A 500 says nothing about internals (SQL, stack); the log has them.
    const message =
      status === 500
        ? "InternalError: the request failed; see the API's log"
        : `${error.code ?? "BadRequest"}: ${error.message}`;
    return sendJson(reply, status, JSON.stringify(errorBody(status, message)));
  });
  app.setNotFoundHandler((request, reply) =>
    sendJson(
      reply,
      404,
      JSON.stringify(errorBody(404, `NotFound: no route ${request.method} ${request.url.split("?")[0]}`)),
    ),
  );

  const methodsByPath = new Map<string, Set<string>>();
  app.addHook("onRoute", (route) => {
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByPath.set(route.url, methods);
  });

  for (const register of options.routes ?? API_ROUTES) await register(app, deps);

  app.after(() => {
    for (const [url, allowed] of [...methodsByPath]) {
      const missing = METHODS.filter((method) => !allowed.has(method));
      if (missing.length === 0) continue;
      const allow = [...allowed].join(", ");
      app.route({
        method: missing,
        url,
        handler: (request, reply) =>
          sendJson(
            reply,
            405,
            JSON.stringify(errorBody(405, `MethodNotAllowed: ${request.method} ${url}; use ${allow}`)),
            { allow },
          ),
      });
    }
  });
  await app.ready();
  return app;
}
