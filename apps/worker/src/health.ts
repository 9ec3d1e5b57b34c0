// What `GET /healthz` reports: the worker answers only when everything a job needs answers.
import type { DatabaseHandle } from "@vss-mirror/db";
import type { Redis } from "ioredis";

export type CheckState = "ok" | string;

export interface HealthReport {
  status: "ok" | "unavailable";
  /** Names of the checks that are not "ok". */
  down: string[];
  checks: { redis: CheckState; database: CheckState; worker: CheckState };
}

/** Each probe gets this long; a hung dependency is as down as a refusing one. */
const PROBE_TIMEOUT_MS = 2_000;

export async function checkHealth(deps: {
  redis: Redis;
  database: DatabaseHandle;
  workerState: () => CheckState;
}): Promise<HealthReport> {
  const [redis, database] = await Promise.all([
    // A worker connection queues commands while disconnected (maxRetriesPerRequest: null), so a PING
    // would wait for the reconnection; ask the connection's state first.
    deps.redis.status === "ready"
      ? probe(() => deps.redis.ping())
      : Promise.resolve(`down: connection ${deps.redis.status}`),
    probe(() => deps.database.query("select 1")),
  ]);
  const checks = { redis, database, worker: deps.workerState() };
  const down = Object.entries(checks)
    .filter(([, state]) => state !== "ok")
    .map(([name]) => name);
  return { status: down.length === 0 ? "ok" : "unavailable", down, checks };
}

async function probe(call: () => Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`down: no answer within ${PROBE_TIMEOUT_MS} ms`), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call().then(() => "ok"), timeout]);
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
