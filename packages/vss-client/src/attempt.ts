import { VssConnectionError, VssInvalidResponseError, VssTimeoutError } from "./errors.js";
import type { HttpAnswer, HttpExchange } from "./http-exchange.js";
import { makeError } from "./make-error.js";
import { parseRetryAfter } from "./retry-after.js";

/** One HTTP request as the transport sends it. `headers` may hold credentials: never copy them out. */
export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** A 2xx answer with a JSON body. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/** Error reporting uses path+query only: the host is always baseUrl's, and no credential is in the URL. */
export function describePath(url: URL): string {
  return url.pathname + url.search;
}

function connectionDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : "unknown error";
}

/**
 * Exactly one attempt, with its own timeout (started here, so time spent queued does not count) combined
 * with the caller's signal. Classifies every failure into the typed errors; when the caller aborted, the
 * caller's reason is rethrown as is. The timeout also covers reading the body.
 */
export async function attemptJson(
  exchange: HttpExchange,
  request: HttpRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  onStatus: (status: number) => void,
): Promise<JsonAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const method = request.method;
  const path = describePath(request.url);
  const fail = (error: unknown, phase: "connect" | "body"): Error => {
    if (signal?.aborted) return signal.reason as Error;
    if (timeout.aborted) {
      return new VssTimeoutError(`${method} ${path}: no complete answer within ${timeoutMs} ms`, timeoutMs, {
        cause: error,
      });
    }
    if (phase === "connect") {
      return new VssConnectionError(`${method} ${path}: connection failed (${connectionDetail(error)})`, {
        cause: error,
      });
    }
    return new VssInvalidResponseError(
      `${method} ${path}: the answer was cut short (${connectionDetail(error)})`,
      "truncated",
      method,
      path,
      { cause: error },
    );
  };

  let response: HttpAnswer;
  try {
    response = await exchange(request, combined);
  } catch (error) {
    throw fail(error, "connect");
  }
  onStatus(response.status);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw fail(error, "body");
  }
  let body: unknown;
  let parsed = false;
  try {
    body = JSON.parse(text);
    parsed = true;
  } catch {
    // An error status with a non-JSON body is still that status; a 2xx without JSON is unusable.
  }
  if (response.status < 200 || response.status > 299) {
    throw makeError(response.status, body, {
      method,
      path,
      retryAfterMs: parseRetryAfter(response.retryAfter),
    });
  }
  if (!parsed) {
    // The body is deliberately not quoted: a token answer would put the token into the message.
    throw new VssInvalidResponseError(
      `${method} ${path}: HTTP ${response.status} with a body that is not JSON (${text.length} chars)`,
      "invalid-json",
      method,
      path,
    );
  }
  return { status: response.status, body };
}
