// The worker's HTTP endpoint: `GET /healthz` (200 {status:"ok",...} when every check passes, else 503
// with what is down), `GET /metrics` (Prometheus text) and the bull-board dashboard at /admin/queues.
// fastify because bull-board's adapters need a framework; nothing here needs more than GET.
import type { SyncQueue } from "@vss-mirror/queue";
import { fastify } from "fastify";
import type { Registry } from "prom-client";
import { DASHBOARD_PATH, dashboardPlugin } from "./dashboard.js";
import type { HealthReport } from "./health.js";

export interface HttpServer {
  /** e.g. "http://127.0.0.1:8081" (the bound port, useful with port 0). */
  url: string;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  host: string;
  port: number;
  check: () => Promise<HealthReport>;
  /** Served at /metrics. */
  metrics: Registry;
  /** Shown on the dashboard. */
  queue: SyncQueue;
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = fastify({ logger: false });
  app.get("/healthz", async (_request, reply) => {
    try {
      const report = await options.check();
      return await reply.code(report.status === "ok" ? 200 : 503).send(report);
    } catch (error) {
      return await reply.code(503).send({ status: "unavailable", error: String(error) });
    }
  });
  app.get("/metrics", async (_request, reply) => {
    const text = await options.metrics.metrics();
    return reply.header("content-type", options.metrics.contentType).send(text);
  });
  await app.register(dashboardPlugin(options.queue), { prefix: DASHBOARD_PATH });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: `not found; try GET /healthz, /metrics or ${DASHBOARD_PATH}` }),
  );
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const host = ["0.0.0.0", "::"].includes(options.host) ? "127.0.0.1" : options.host;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () => app.close(),
  };
}
