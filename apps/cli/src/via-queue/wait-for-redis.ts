import { errorReason } from "@vss-mirror/queue";
import type { Redis } from "@vss-mirror/queue";

/** Redis could not be reached before the deadline. The message names it by its masked URL. */
export class RedisUnreachableError extends Error {
  constructor(maskedUrl: string, waitedMs: number, reason: string | undefined) {
    super(
      `cannot reach Redis at ${maskedUrl} within ${waitedMs} ms` +
        (reason === undefined ? "" : ` (${reason})`),
    );
    this.name = "RedisUnreachableError";
  }
}

/** A command Redis did not carry out: it failed, or no answer came before the deadline. */
export class RedisCommandError extends Error {
  constructor(what: string, reason: string) {
    super(`${what}: ${reason}`);
    this.name = "RedisCommandError";
  }
}

/** Resolves once `redis` is ready; rejects when `deadline` (epoch ms) passes first. */
export function waitForRedis(
  redis: Redis,
  deadline: number,
  maskedUrl: string,
  startedAt: number,
): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastReason: string | undefined;
    const onError = (error: unknown) => (lastReason = errorReason(error));
    const cleanUp = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("error", onError);
    };
    const onReady = () => {
      cleanUp();
      resolve();
    };
    const timer = setTimeout(
      () => {
        cleanUp();
        reject(new RedisUnreachableError(maskedUrl, Date.now() - startedAt, lastReason));
      },
      Math.max(0, deadline - Date.now()),
    );
    redis.on("ready", onReady);
    redis.on("error", onError);
  });
}

/**
 * `work`, or a rejection naming Redis once `deadline` passes: a producer connection's commands wait
 * for several reconnection attempts while Redis is down, longer than the user asked to wait.
 */
export function beforeDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new RedisCommandError(what, "Redis did not answer in time")),
      Math.max(0, deadline - Date.now()),
    );
  });
  const failed = work.catch((error: unknown) => {
    throw new RedisCommandError(what, errorReason(error));
  });
  return Promise.race([failed, late]).finally(() => clearTimeout(timer));
}
