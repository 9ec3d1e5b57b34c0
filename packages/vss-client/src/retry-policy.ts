import {
  VssConnectionError,
  VssInvalidResponseError,
  VssRateLimitError,
  VssServerError,
  VssTimeoutError,
} from "./errors.js";

/**
 * Statuses worth another attempt. 500 is included on purpose: upstream 500s are in practice transient
 * (a worker restart, a database hiccup) and every request this client makes is idempotent (GETs, the
 * token POST, and a PATCH that only *starts* a sync, which is safe to start twice), so retrying costs
 * little. 501/505 and other 5xx describe permanent conditions and are not retried.
 */
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * Whether a failed attempt may succeed if repeated. Never true for 400/401/403/404: the 401 re-auth is a
 * separate, single step in transport.ts, not a retry.
 */
export function shouldRetry(error: unknown): boolean {
  if (error instanceof VssConnectionError || error instanceof VssTimeoutError) return true;
  if (error instanceof VssInvalidResponseError) return error.reason !== "shape";
  if (error instanceof VssRateLimitError || error instanceof VssServerError) {
    return TRANSIENT_STATUSES.has(error.status);
  }
  return false;
}

/** Bounds for `retryDelay`; the client passes its options. */
export interface RetryDelayOptions {
  /** Lower bound of the backoff. */
  minRetryDelayMs: number;
  /** Upper bound of the backoff. */
  maxRetryDelayMs: number;
  /** Cap on an honoured `Retry-After`; a longer one is shortened to this. */
  maxRetryAfterMs: number;
}

/**
 * Milliseconds to wait before the next attempt, after `attempt` (1-based) attempts failed with `error`.
 * A server-sent `Retry-After` wins (capped at `maxRetryAfterMs`); otherwise exponential backoff
 * (factor 2) with full jitter, uniform in [min, min(max, min * 2^attempt)], so concurrent clients that
 * failed together do not retry together.
 */
export function retryDelay(
  attempt: number,
  error: unknown,
  options: RetryDelayOptions,
  random: () => number = Math.random,
): number {
  if (
    (error instanceof VssRateLimitError || error instanceof VssServerError) &&
    error.retryAfterMs !== undefined
  ) {
    return Math.min(Math.max(0, error.retryAfterMs), options.maxRetryAfterMs);
  }
  const min = Math.max(0, options.minRetryDelayMs);
  const ceiling = Math.max(min, Math.min(options.maxRetryDelayMs, min * 2 ** Math.max(1, attempt)));
  return Math.round(min + random() * (ceiling - min));
}
