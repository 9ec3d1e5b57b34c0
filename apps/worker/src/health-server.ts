// `GET /healthz`: 200 {status:"ok",...} when every check passes, else 503 with what is down.
// node:http is enough for one route, and keeps the worker's dependencies small.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthReport } from "./health.js";

export interface HealthServer {
  /** e.g. "http://127.0.0.1:8081" (the bound port, useful with port 0). */
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(options: {
  host: string;
  port: number;
  check: () => Promise<HealthReport>;
}): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/healthz") {
      send(404, { error: "not found; try GET /healthz" });
      return;
    }
    options.check().then(
      (report) => send(report.status === "ok" ? 200 : 503, report),
      (error: unknown) => send(503, { status: "unavailable", error: String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = ["0.0.0.0", "::"].includes(options.host) ? "127.0.0.1" : options.host;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
