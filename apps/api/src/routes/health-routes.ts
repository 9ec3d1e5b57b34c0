// GET /healthz (no auth: load balancers and compose health checks call it) and GET /metrics.
import type { RouteModule } from "../api-deps.js";
import { sendJson } from "../send-json.js";

/** A hung database is as down as a refusing one. */
const PROBE_TIMEOUT_MS = 2_000;

/** What failed, in one line: a refused `localhost` fails once per address, as an AggregateError with no message. */
function reason(error: unknown): string {
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : error;
  return first instanceof Error ? first.message : String(first);
}

export const registerHealthRoutes: RouteModule = (app, deps) => {
  app.get("/healthz", async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`down: no answer within ${PROBE_TIMEOUT_MS} ms`), PROBE_TIMEOUT_MS);
    });
    const database = await Promise.race([
      deps.database.query("select 1").then(
        () => "ok",
        (error: unknown) => `down: ${reason(error)}`,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    const ok = database === "ok";
    return sendJson(
      reply,
      ok ? 200 : 503,
      JSON.stringify({ status: ok ? "ok" : "unavailable", checks: { database } }),
    );
  });

  app.get("/metrics", async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.header("content-type", deps.metrics.registry.contentType).send(text);
  });
};
