import { Redis } from "ioredis";
import type { RedisMonitor } from "./redis-monitor.js";

/**
 * An ioredis connection for BullMQ. A worker's must have `maxRetriesPerRequest: null`: its blocking
 * commands wait indefinitely, and BullMQ refuses a connection that would give up on them
 * (https://docs.bullmq.io/guide/going-to-production#maxretriesperrequest). A queue's (producers: the
 * scheduler, the CLI) keeps ioredis's default of failing a command after a few reconnection attempts,
 * so an enqueue against a Redis that is down fails instead of hanging.
 *
 * With a `monitor`, its connectivity is logged once per change (see redisMonitor).
 */
export function redisConnection(url: string, purpose: "worker" | "queue", monitor?: RedisMonitor): Redis {
  const redis = new Redis(url, {
    ...(purpose === "worker" ? { maxRetriesPerRequest: null } : {}),
    connectionName: `vss-mirror-${purpose}`,
  });
  // Without a listener ioredis prints every failed reconnection as an unhandled error; reconnection
  // itself is automatic, and the commands that fail report it to their callers.
  redis.on("error", () => {});
  monitor?.watch(redis);
  return redis;
}
