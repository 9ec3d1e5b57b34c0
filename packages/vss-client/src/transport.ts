import type PQueue from "p-queue";
import pRetry, { AbortError } from "p-retry";
import { attemptJson, describePath, type HttpRequest, type JsonAnswer } from "./attempt.js";
import type { TransportSettings } from "./options.js";
import { queueFor } from "./request-queue.js";
import { retryDelay, shouldRetry } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { emptyStats, type VssStats } from "./stats.js";

/**
 * Sends requests with retries (p-retry) of transient failures, per-attempt timeouts, the optional global
 * concurrency/rate caps (p-queue, applied to every attempt), counters and retry logging.
 */
export class Transport {
  readonly #settings: TransportSettings;
  readonly #queue: PQueue | undefined;
  readonly #stats: VssStats = emptyStats();

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    this.#queue = queueFor(settings);
  }

  get baseUrl(): URL {
    return this.#settings.baseUrl;
  }

  get stats(): VssStats {
    return this.#stats;
  }

  /** Sends `request`, retrying transient failures; rejects with the typed error, or the caller's abort reason. */
  async send(request: HttpRequest, signal?: AbortSignal): Promise<JsonAnswer> {
    const s = this.#settings;
    const method = request.method;
    const path = describePath(request.url);
    signal?.throwIfAborted();
    return pRetry(
      async (attempt) => {
        try {
          return await this.#attempt(request, signal, attempt);
        } catch (error) {
          // AbortError makes p-retry stop at once and reject with the wrapped error itself.
          if (signal?.aborted) throw new AbortError(signal.reason as Error);
          if (!shouldRetry(error)) throw new AbortError(error as Error);
          throw error;
        }
      },
      {
        retries: s.retries,
        // p-retry's own delay is disabled: the wait is retryDelay()'s, which honours Retry-After.
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0) return;
          const delayMs = retryDelay(attemptNumber, error, s);
          this.#stats.retries += 1;
          s.logger?.warn(
            {
              method,
              path,
              attempt: attemptNumber,
              retriesLeft,
              delayMs,
              error: error.name,
              reason: error.message,
            },
            "VSS request failed; retrying",
          );
          await sleep(delayMs, signal);
        },
      },
    );
  }

  async #attempt(
    request: HttpRequest,
    signal: AbortSignal | undefined,
    attempt: number,
  ): Promise<JsonAnswer> {
    const run = async (): Promise<JsonAnswer> => {
      const s = this.#settings;
      const started = performance.now();
      let status: number | undefined;
      this.#stats.requests += 1;
      try {
        const answer = await attemptJson(s.exchange, request, s.timeoutMs, signal, (code) => {
          status = code;
          this.#stats.byStatus[String(code)] = (this.#stats.byStatus[String(code)] ?? 0) + 1;
        });
        this.#report(request, attempt, started, status);
        return answer;
      } catch (error) {
        this.#report(request, attempt, started, status, error);
        throw error;
      }
    };
    return this.#queue ? this.#queue.add(run, { signal }) : run();
  }

  #report(request: HttpRequest, attempt: number, started: number, status?: number, error?: unknown): void {
    const event = {
      method: request.method,
      path: describePath(request.url),
      attempt,
      durationMs: Math.round(performance.now() - started),
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error: error instanceof Error ? error.name : "unknown" }),
    };
    this.#settings.logger?.debug(event, "VSS request");
    this.#settings.onRequest?.(event);
  }
}
