import PQueue from "p-queue";
import type { TransportSettings } from "./options.js";

/**
 * The optional global limits as one p-queue every HTTP attempt (retries included) goes through:
 * `maxConcurrency` -> concurrency, `requestsPerSecond` -> interval/intervalCap. None set: no queue.
 */
export function queueFor(settings: TransportSettings): PQueue | undefined {
  const { maxConcurrency, requestsPerSecond } = settings;
  if (maxConcurrency === undefined && requestsPerSecond === undefined) return undefined;
  if (requestsPerSecond !== undefined && !(requestsPerSecond > 0)) {
    throw new RangeError(`requestsPerSecond must be positive, got ${requestsPerSecond}`);
  }
  const rate =
    requestsPerSecond === undefined
      ? {}
      : Number.isInteger(requestsPerSecond) && requestsPerSecond >= 1
        ? { interval: 1000, intervalCap: requestsPerSecond }
        : // Fractional rates: one request every 1000/rps ms.
          { interval: Math.ceil(1000 / requestsPerSecond), intervalCap: 1 };
  // strict = sliding window: never more than intervalCap starts in any rolling interval (no edge bursts).
  const strict = requestsPerSecond !== undefined;
  return new PQueue({ concurrency: maxConcurrency ?? Infinity, ...rate, strict });
}
