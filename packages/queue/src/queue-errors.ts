import { errorReason, isRedisConnectionError } from "./redis-monitor.js";

/** pino-compatible subset. */
interface ErrorLogger {
  warn(obj: object, msg: string): void;
}

/**
 * An 'error' listener for a BullMQ Queue, QueueEvents or Worker. One is needed on each: BullMQ prints
 * an 'error' nobody listens to with console.error, stack and all, on every reconnection attempt.
 * Redis being away is left to the process's redisMonitor; anything else is one line.
 */
export function queueErrorListener(logger: ErrorLogger, msg: string): (error: unknown) => void {
  return (error) => {
    if (isRedisConnectionError(error)) return;
    logger.warn({ reason: errorReason(error) }, msg);
  };
}
