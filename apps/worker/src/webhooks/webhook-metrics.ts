// Webhook delivery metrics on the worker's registry: attempts by outcome and changes delivered (counted
// by the process that made them; Prometheus sums replicas), and how far each subscriber is behind (read
// from the database on each scrape, so every replica reports the same figure).
import type { WebhookSubscriber } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { readWebhookCursor, webhookLag } from "@vss-mirror/feed";
import { Counter, Gauge, type Registry } from "prom-client";

export interface WebhookMetrics {
  /** A POST the receiver answered 2xx, carrying `changes` changes. */
  delivered(subscriberId: string, changes: number): void;
  /** A POST that got no 2xx (another status, no answer, a timeout); it is retried. */
  failed(subscriberId: string): void;
}

export interface WebhookMetricsOptions {
  registry: Registry;
  database: DatabaseHandle;
  subscribers: readonly WebhookSubscriber[];
}

/** A scrape waits this long for the lag query; a database that does not answer leaves the lag out. */
const LAG_TIMEOUT_MS = 2_000;

interface Lag {
  changes: number;
  seconds: number;
}

export function createWebhookMetrics(options: WebhookMetricsOptions): WebhookMetrics {
  const registers = [options.registry];
  const deliveries = new Counter({
    name: "vss_mirror_webhook_deliveries_total",
    help: "Webhook POSTs, by subscriber and outcome (delivered: a 2xx came back; failed: anything else, retried).",
    labelNames: ["subscriber", "outcome"] as const,
    registers,
  });
  const changesDelivered = new Counter({
    name: "vss_mirror_webhook_changes_delivered_total",
    help: "Changes in webhook batches a receiver acknowledged with a 2xx, by subscriber.",
    labelNames: ["subscriber"] as const,
    registers,
  });
  // Every configured subscriber has its series from the start, so a rate() over them needs no first event.
  for (const { id } of options.subscribers) {
    deliveries.inc({ subscriber: id, outcome: "delivered" }, 0);
    deliveries.inc({ subscriber: id, outcome: "failed" }, 0);
    changesDelivered.inc({ subscriber: id }, 0);
  }

  // Both lag gauges come from one read per scrape: prom-client collects them concurrently, so they
  // share the read in flight.
  let pending: Promise<Map<string, Lag> | undefined> | undefined;
  const readLag = () =>
    (pending ??= withTimeout(lagOf(options)).finally(() => {
      pending = undefined;
    }));
  const lagGauge = (name: string, help: string, pick: (lag: Lag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["subscriber"] as const,
      registers,
      async collect() {
        this.reset();
        // A failed or slow read leaves the gauge empty: an honest "unknown", and the scrape still answers.
        const lags = await readLag();
        for (const [subscriber, lag] of lags ?? []) this.set({ subscriber }, pick(lag));
      },
    });
  lagGauge(
    "vss_mirror_webhook_lag_changes",
    "Changes of the subscriber's scopes not yet delivered to it (after its cursor).",
    (lag) => lag.changes,
  );
  lagGauge(
    "vss_mirror_webhook_lag_seconds",
    "Age of the oldest change not yet delivered to the subscriber (since its run committed); 0 when caught up.",
    (lag) => lag.seconds,
  );

  return {
    delivered(subscriber, changes) {
      deliveries.inc({ subscriber, outcome: "delivered" });
      changesDelivered.inc({ subscriber }, changes);
    },
    failed(subscriber) {
      deliveries.inc({ subscriber, outcome: "failed" });
    },
  };
}

/** Each subscriber's lag; one that has no cursor yet (not started) is left out. */
async function lagOf(options: WebhookMetricsOptions): Promise<Map<string, Lag>> {
  const lags = new Map<string, Lag>();
  for (const subscriber of options.subscribers) {
    const row = await readWebhookCursor(options.database, subscriber.id);
    if (!row) continue;
    const lag = await webhookLag(options.database, row.cursor, subscriber.scopes);
    const seconds = lag.oldestCommittedAt
      ? Math.max(0, (Date.now() - lag.oldestCommittedAt.getTime()) / 1000)
      : 0;
    lags.set(subscriber.id, { changes: lag.changes, seconds });
  }
  return lags;
}

async function withTimeout<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LAG_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
