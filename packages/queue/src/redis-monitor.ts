// One log line per change of a process's Redis connectivity. ioredis emits 'error' on every failed
// reconnection attempt (several a second), and BullMQ forwards each one again from its queues and
// workers; logging them as they come floods the log with identical stacks. A monitor watches the
// process's connections and says "redis unreachable" when the first of them goes down and
// "redis reconnected" when the last of them is back, and nothing in between.
import { maskUrl } from "@vss-mirror/config";
import type { Redis } from "ioredis";

/** pino-compatible subset. */
export interface RedisStateLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RedisMonitor {
  /** Adds a connection; returns it. */
  watch(redis: Redis): Redis;
  /** True from "redis unreachable" until "redis reconnected". */
  readonly down: boolean;
}

export function redisMonitor(url: string, logger: RedisStateLogger): RedisMonitor {
  const redis = maskUrl(url) ?? "(REDIS_URL)";
  const failing = new Set<Redis>();
  let down = false;
  const settle = () => {
    if (!down || failing.size > 0) return;
    down = false;
    logger.info({ redis }, "redis reconnected");
  };
  return {
    get down() {
      return down;
    },
    watch(connection) {
      connection.on("error", (error: unknown) => {
        failing.add(connection);
        if (down) return;
        down = true;
        logger.warn({ redis, reason: errorReason(error) }, "redis unreachable");
      });
      connection.on("ready", () => {
        failing.delete(connection);
        settle();
      });
      // A connection closed on purpose (shutdown) no longer counts either way.
      connection.on("end", () => {
        failing.delete(connection);
        settle();
      });
      return connection;
    },
  };
}

/** The error's one-line message (ioredis's are like "connect ECONNREFUSED 127.0.0.1:6379"). */
export function errorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n", 1)[0] ?? message;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * Whether an error a BullMQ queue or worker emitted is Redis being away (which the monitor already
 * reports once) rather than something worth its own line.
 */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  return /Connection is closed|connect E[A-Z]+|Stream isn't writeable|Reached the max retries per request limit/i.test(
    error.message,
  );
}
