// The worker's Prometheus metrics, on a registry of its own (several workers can run in one process, as
// the tests do, without sharing counters). Scraped at `GET /metrics`; see
// https://prometheus.io/docs/practices/naming/ for the names.
import type { WebhookSubscriber } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import type { SyncQueue } from "@vss-mirror/queue";
import type { SyncRunResult } from "@vss-mirror/sync";
import type { VssRequestEvent } from "@vss-mirror/vss-client";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { createWebhookMetrics, type WebhookMetrics } from "./webhooks/webhook-metrics.js";

/** Queue states reported by `vss_mirror_queue_jobs`. */
const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;

export interface WorkerMetrics {
  registry: Registry;
  /** For VssClientOptions.onRequest: counts upstream attempts by status, and retries. */
  onRequest(event: VssRequestEvent): void;
  /** A run that committed. */
  runSucceeded(result: SyncRunResult): void;
  /** A run that started and failed (rolled back); `durationMs` from its start. */
  runFailed(scope: string, durationMs: number): void;
  /** Webhook deliveries and lag (series only for configured subscribers). */
  webhooks: WebhookMetrics;
}

export interface WorkerMetricsOptions {
  /** The sync queue whose job counts are reported on each scrape. */
  queue: SyncQueue;
  /**
   * Whether the queue's Redis connection is up. A scrape while it is down skips the queue gauge instead
   * of waiting for a reconnection, so /metrics keeps answering (with the process metrics) during an outage.
   */
  queueReady: () => boolean;
  /** Where webhook lag is read from on each scrape. */
  database: DatabaseHandle;
  /** The configured webhook subscribers (WEBHOOKS_FILE). */
  subscribers: readonly WebhookSubscriber[];
}

export function createWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const runs = new Counter({
    name: "vss_mirror_sync_runs_total",
    help: "Sync runs finished, by scope and outcome (succeeded or failed).",
    labelNames: ["scope", "outcome"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "vss_mirror_sync_run_duration_seconds",
    help: "Duration of sync runs, by scope and outcome.",
    labelNames: ["scope", "outcome"] as const,
    // From a small personal store (well under a second) to a full catalogue over a slow link.
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers,
  });
  const items = (kind: string, help: string) =>
    new Counter({
      name: `vss_mirror_sync_items_${kind}_total`,
      help,
      labelNames: ["scope"] as const,
      registers,
    });
  const seen = items("seen", "Items listed upstream by successful runs, by scope.");
  const inserted = items("inserted", "Items inserted into the mirror by successful runs, by scope.");
  const updated = items("updated", "Items changed (or restored) in the mirror by successful runs, by scope.");
  const deleted = items(
    "deleted",
    "Items deleted from the mirror (absent upstream) by successful runs, by scope.",
  );
  const requests = new Counter({
    name: "vss_mirror_upstream_requests_total",
    help: "HTTP attempts to the VSS API, by method and status (or error class when no answer came).",
    labelNames: ["method", "status"] as const,
    registers,
  });
  const retries = new Counter({
    name: "vss_mirror_upstream_retries_total",
    help: "Retries of transient upstream failures (attempts after a request's first).",
    registers,
  });
  new Gauge({
    name: "vss_mirror_queue_jobs",
    help: "Jobs in the sync queue, by state; read from Redis on each scrape.",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      this.reset();
      if (!options.queueReady()) return;
      // A failed read leaves the gauge empty: a missing series is an honest "unknown", and the rest of
      // the scrape still answers.
      const counts = await options.queue.getJobCounts(...QUEUE_STATES).catch(() => undefined);
      for (const state of QUEUE_STATES) if (counts) this.set({ state }, counts[state] ?? 0);
    },
  });

  const webhooks = createWebhookMetrics({
    registry,
    database: options.database,
    subscribers: options.subscribers,
  });

  return {
    registry,
    webhooks,
    onRequest(event) {
      requests.inc({ method: event.method, status: String(event.status ?? event.error ?? "error") });
      if (event.attempt > 1) retries.inc();
    },
    runSucceeded(result) {
      const { scope } = result;
      runs.inc({ scope, outcome: "succeeded" });
      duration.observe({ scope, outcome: "succeeded" }, result.durationMs / 1000);
      seen.inc({ scope }, result.itemsSeen);
      inserted.inc({ scope }, result.inserted);
      updated.inc({ scope }, result.updated + result.restored);
      deleted.inc({ scope }, result.deleted);
    },
    runFailed(scope, durationMs) {
      runs.inc({ scope, outcome: "failed" });
      duration.observe({ scope, outcome: "failed" }, durationMs / 1000);
    },
  };
}
