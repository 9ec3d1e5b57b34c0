// Builds the fastify app: hooks, JSON-only error and not-found handlers, every route, and 405 answers for
// known paths called with another method (fastify alone would say 404).
import Fastify, { type FastifyInstance, type FastifyError } from "fastify";
import { faultHook, isControl } from "./fault-hook.js";
import { SimHttpError, errorBody } from "./http-error.js";
import { respond } from "./respond.js";
import { registerAuthRoutes } from "./routes/auth-routes.js";
import { registerCapabilityRoutes } from "./routes/capability-routes.js";
import { registerChurnRoutes } from "./routes/churn-routes.js";
import { registerControlRoutes } from "./routes/control-routes.js";
import { registerIsoRoutes } from "./routes/iso-routes.js";
import { registerPersonalRoutes } from "./routes/personal-routes.js";
import type { SimState } from "./sim-state.js";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function parseJsonBody(body: string): unknown {
  // An empty body with a JSON content type is "no body" (PATCH /v2/user/image/iso is sent bare).
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new SimHttpError(
      400,
      "InvalidParameterValue: request body is not valid JSON",
      {},
      { cause: error },
    );
  }
}

export function createServer(state: SimState, closing: AbortSignal): FastifyInstance {
  // forceCloseConnections: close() must not wait for keep-alive sockets or requests held by faults.
  const app = Fastify({ logger: false, forceCloseConnections: true, trustProxy: state.options.trustProxy });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as SimHttpError, undefined);
    }
  });

  app.addHook("onRequest", faultHook(state, closing));
  app.addHook("onResponse", async (request, reply) => {
    if (!isControl(request)) state.stats.status(reply.statusCode);
  });

  app.setErrorHandler((error: FastifyError | SimHttpError, request, reply) => {
    if (error instanceof SimHttpError)
      return respond(request, reply, error.statusCode, error.body, error.headers);
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    return respond(
      request,
      reply,
      status,
      errorBody(status, `${error.code ?? "InternalError"}: ${error.message}`),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    respond(
      request,
      reply,
      404,
      errorBody(404, `NotFound: no route ${request.method} ${request.url.split("?")[0]}`),
    ),
  );

  const methodsByPath = new Map<string, Set<string>>();
  app.addHook("onRoute", (route) => {
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByPath.set(route.url, methods);
  });

  registerAuthRoutes(app, state);
  registerIsoRoutes(app, state);
  registerPersonalRoutes(app, state);
  registerControlRoutes(app, state);
  registerChurnRoutes(app, state);
  registerCapabilityRoutes(app, state);

  app.after(() => {
    for (const [url, allowed] of [...methodsByPath]) {
      const missing = METHODS.filter((method) => !allowed.has(method));
      if (missing.length === 0) continue;
      const allow = [...allowed].join(", ");
      app.route({
        method: missing,
        url,
        handler: (request, reply) =>
          respond(
            request,
            reply,
            405,
            errorBody(405, `MethodNotAllowed: ${request.method} ${url}; use ${allow}`),
            {
              allow,
            },
          ),
      });
    }
  });
  return app;
}
