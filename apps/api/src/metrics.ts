// The API's Prometheus metrics, on a registry of its own (several APIs can run in one process, as the
// tests do). Scraped at `GET /metrics`; names per https://prometheus.io/docs/practices/naming/.
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export interface ApiMetrics {
  registry: Registry;
  /** One answered request; `route` is the route pattern (bounded cardinality), not the url. */
  observe(route: string, method: string, status: number, seconds: number): void;
  /** A data response served from the in-memory cache (or as a 304). */
  cacheHit(kind: "memory" | "not_modified"): void;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: "vss_mirror_api_requests_total",
    help: "HTTP requests answered by the API, by route pattern, method and status.",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "vss_mirror_api_request_duration_seconds",
    help: "Time to answer API requests, by route pattern and method.",
    labelNames: ["route", "method"] as const,
    // A cached page takes well under a millisecond, an uncached sorted page of a large scope tens of ms.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const hits = new Counter({
    name: "vss_mirror_api_cache_hits_total",
    help: "Data responses answered without querying the items: from memory, or 304 Not Modified.",
    labelNames: ["kind"] as const,
    registers,
  });
  return {
    registry,
    observe(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      duration.observe({ route, method }, seconds);
    },
    cacheHit: (kind) => hits.inc({ kind }),
  };
}
