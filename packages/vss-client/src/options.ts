import { fetchExchange, type HttpExchange, nodeExchange } from "./http-exchange.js";

/** pino-compatible logger subset; every call gets a context object first, then a message. */
export interface VssLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** One HTTP attempt, for metrics. Never carries credentials. */
export interface VssRequestEvent {
  method: string;
  /** Path and query, without host. */
  path: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** 1-based attempt number within this request's retries. */
  attempt: number;
  durationMs: number;
  /** Error class name when the attempt failed. */
  error?: string;
}

export interface VssClientOptions {
  /** API root, e.g. `https://cloud-api.eis.utoronto.ca`. Required. The token is only ever sent here. */
  baseUrl: string;
  /** Account name for HTTP Basic auth on `/auth/request-token`. Required. */
  username: string;
  /** Account password. Required. Never logged, never in an error, not visible on the client object. */
  password: string;
  /**
   * A one-time code for a two-factor account, sent as `{"otp": ...}` on every token request: good for one
   * interactive login, not for a run that outlives its token. Default: none. Exclusive with `totpSecret`.
   */
  otp?: string;
  /**
   * The base32 TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) of a two-factor account: each token request
   * sends the current code derived from it, so unattended runs can log in again. Never logged or shown.
   * Default: none. Exclusive with `otp`.
   */
  totpSecret?: string;
  /** fetch implementation, for tests that script answers. Default: node:http(s) with keep-alive. */
  fetch?: typeof fetch;
  /** Per-attempt timeout (headers and body), in ms. Default: 30_000. */
  timeoutMs?: number;
  /** Retries of a transient failure per request (so up to retries+1 attempts). Default: 5. */
  retries?: number;
  /** Lower bound of the exponential backoff (factor 2, full jitter). Default: 250. */
  minRetryDelayMs?: number;
  /** Upper bound of the backoff. Default: 15_000. */
  maxRetryDelayMs?: number;
  /** Cap on an honoured `Retry-After`; longer asks are shortened to this. Default: 60_000. */
  maxRetryAfterMs?: number;
  /** Global cap on HTTP attempts in flight. Default: unlimited. */
  maxConcurrency?: number;
  /** Global cap on HTTP attempts started per second (sliding window). Default: unlimited. */
  requestsPerSecond?: number;
  /** Get a new token this many seconds before the current one expires. Default: 300. */
  tokenRefreshMarginSeconds?: number;
  /** Where retries (warn) and requests (debug) are logged. Default: no logging. */
  logger?: VssLogger;
  /** Called after every HTTP attempt, for metrics. Default: none. */
  onRequest?: (event: VssRequestEvent) => void;
  /** `User-Agent` header. Default: `vss-mirror-client/0.0.0`. */
  userAgent?: string;
}

/** Options with defaults applied and credentials removed (those live in TokenManager's private fields). */
export interface TransportSettings {
  baseUrl: URL;
  exchange: HttpExchange;
  timeoutMs: number;
  retries: number;
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  maxRetryAfterMs: number;
  maxConcurrency: number | undefined;
  requestsPerSecond: number | undefined;
  logger: VssLogger | undefined;
  onRequest: ((event: VssRequestEvent) => void) | undefined;
  userAgent: string;
}

export function transportSettings(options: VssClientOptions): TransportSettings {
  if (!options.baseUrl) throw new TypeError("VssClient: baseUrl is required");
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.baseUrl);
  } catch (error) {
    // Not echoed: a string that does not parse may still hold a password.
    throw new TypeError("VssClient: baseUrl is not an absolute URL", { cause: error });
  }
  if (baseUrl.username !== "" || baseUrl.password !== "") {
    // They would go with every request and into every error that shows a URL.
    throw new TypeError(
      "VssClient: baseUrl must not hold a user name or password (pass username and password)",
    );
  }
  // Keep a trailing slash so relative paths resolve under a base path, if any.
  if (!baseUrl.pathname.endsWith("/")) baseUrl.pathname += "/";
  return {
    baseUrl,
    exchange: options.fetch ? fetchExchange(options.fetch) : nodeExchange(),
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 5,
    minRetryDelayMs: options.minRetryDelayMs ?? 250,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 15_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    maxConcurrency: options.maxConcurrency,
    requestsPerSecond: options.requestsPerSecond,
    logger: options.logger,
    onRequest: options.onRequest,
    userAgent: options.userAgent ?? "vss-mirror-client/0.0.0",
  };
}
