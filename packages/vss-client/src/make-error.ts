import {
  VssAuthError,
  VssBadRequestError,
  VssForbiddenError,
  VssHttpError,
  type VssHttpErrorInit,
  VssNotFoundError,
  VssOtpRequiredError,
  VssRateLimitError,
  VssServerError,
} from "./errors.js";

/** Where the failed request went; `path` includes the query string but never the host. */
export interface ErrorContext {
  method: string;
  path: string;
  /** Parsed `Retry-After`, in ms, when the answer had one. */
  retryAfterMs?: number | undefined;
}

// The upstream error body is `{"status", "error", "message"}`; anything else still yields a typed error.
function field(body: unknown, name: string): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/** The one place an HTTP status (and body) becomes an error class. */
export function makeError(status: number, body: unknown, context: ErrorContext): VssHttpError {
  const init: VssHttpErrorInit = {
    status,
    code: field(body, "error"),
    detail: field(body, "message"),
    method: context.method,
    path: context.path,
  };
  if (status === 400) {
    // Observed upstream: a two-factor account asking for a token without `otp` gets this 400.
    if (init.detail?.includes("InvalidParameterValue: otp") && context.path.startsWith("/auth/")) {
      return new VssOtpRequiredError(init);
    }
    return new VssBadRequestError(init);
  }
  if (status === 401) return new VssAuthError(init);
  if (status === 403) return new VssForbiddenError(init);
  if (status === 404) return new VssNotFoundError(init);
  if (status === 429) return new VssRateLimitError(init, context.retryAfterMs);
  if (status >= 500 && status <= 599) return new VssServerError(init, context.retryAfterMs);
  return new VssHttpError(init);
}
