import { describe, expect, it } from "vitest";
import {
  makeError,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
  VssAuthError,
  VssBadRequestError,
  VssConnectionError,
  VssForbiddenError,
  VssHttpError,
  VssInvalidResponseError,
  VssNotFoundError,
  VssOtpRequiredError,
  VssRateLimitError,
  VssServerError,
  VssTimeoutError,
  VssValidationError,
} from "../src/index.js";

const bounds = { minRetryDelayMs: 100, maxRetryDelayMs: 1000, maxRetryAfterMs: 5000 };
const ctx = { method: "GET", path: "/v2/iso" };

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });
  it("reads an HTTP-date relative to now", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).toBe(7000);
  });
  it("gives 0 for a date in the past", () => {
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
  });
  it.each([null, undefined, "", "soon", "-5", "1e3"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  it("honours Retry-After from a 429", () => {
    const error = makeError(429, {}, { ...ctx, retryAfterMs: 2000 });
    expect(retryDelay(1, error, bounds)).toBe(2000);
  });
  it("honours Retry-After from a 503", () => {
    const error = makeError(503, {}, { ...ctx, retryAfterMs: 1500 });
    expect(retryDelay(3, error, bounds)).toBe(1500);
  });
  it("honours Retry-After given as an HTTP-date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const retryAfterMs = parseRetryAfter("Thu, 01 Jan 2026 00:00:03 GMT", now);
    expect(retryDelay(2, makeError(503, {}, { ...ctx, retryAfterMs }), bounds)).toBe(3000);
  });
  it("caps Retry-After at maxRetryAfterMs", () => {
    const error = makeError(429, {}, { ...ctx, retryAfterMs: 3_600_000 });
    expect(retryDelay(1, error, bounds)).toBe(5000);
  });
  it("uses backoff when Retry-After is absent", () => {
    const error = makeError(429, {}, ctx);
    expect(retryDelay(1, error, bounds, () => 0)).toBe(100);
  });
  it("grows exponentially with full jitter between min and max", () => {
    const error = new VssConnectionError("x");
    // attempt n: uniform in [min, min(max, min * 2^n)]
    expect(retryDelay(1, error, bounds, () => 0)).toBe(100);
    expect(retryDelay(1, error, bounds, () => 1)).toBe(200);
    expect(retryDelay(2, error, bounds, () => 1)).toBe(400);
    expect(retryDelay(3, error, bounds, () => 1)).toBe(800);
    expect(retryDelay(4, error, bounds, () => 1)).toBe(1000);
    expect(retryDelay(20, error, bounds, () => 1)).toBe(1000);
    expect(retryDelay(20, error, bounds, () => 0)).toBe(100);
    expect(retryDelay(3, error, bounds, () => 0.5)).toBe(450);
  });
  it("stays within bounds with real randomness", () => {
    const error = new VssTimeoutError("x", 10);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      for (let i = 0; i < 50; i += 1) {
        const delay = retryDelay(attempt, error, bounds);
        expect(delay).toBeGreaterThanOrEqual(100);
        expect(delay).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** attempt));
      }
    }
  });
});

describe("shouldRetry", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(shouldRetry(makeError(status, {}, ctx))).toBe(true);
  });
  it.each([400, 401, 403, 404, 405, 409, 501, 505])("does not retry HTTP %i", (status) => {
    expect(shouldRetry(makeError(status, {}, ctx))).toBe(false);
  });
  it("retries network errors, timeouts, truncated and non-JSON bodies", () => {
    expect(shouldRetry(new VssConnectionError("reset"))).toBe(true);
    expect(shouldRetry(new VssTimeoutError("slow", 10))).toBe(true);
    expect(shouldRetry(new VssInvalidResponseError("t", "truncated", "GET", "/"))).toBe(true);
    expect(shouldRetry(new VssInvalidResponseError("j", "invalid-json", "GET", "/"))).toBe(true);
  });
  it("does not retry a well-formed answer of the wrong shape, or invalid items", () => {
    expect(shouldRetry(new VssInvalidResponseError("s", "shape", "GET", "/"))).toBe(false);
    expect(shouldRetry(new VssValidationError(1, 0, []))).toBe(false);
    expect(shouldRetry(new Error("other"))).toBe(false);
  });
});

describe("makeError", () => {
  it("chooses one class per status and keeps the upstream code and message", () => {
    const body = { status: 404, error: "not_found", message: "ResourceNotFound: iso 9" };
    const error = makeError(404, body, ctx);
    expect(error).toBeInstanceOf(VssNotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: "not_found",
      detail: "ResourceNotFound: iso 9",
      ...ctx,
    });
    expect(error.message).toBe("GET /v2/iso failed with HTTP 404 (not_found: ResourceNotFound: iso 9)");
    expect(makeError(400, {}, ctx)).toBeInstanceOf(VssBadRequestError);
    expect(makeError(401, {}, ctx)).toBeInstanceOf(VssAuthError);
    expect(makeError(403, {}, ctx)).toBeInstanceOf(VssForbiddenError);
    expect(makeError(429, {}, ctx)).toBeInstanceOf(VssRateLimitError);
    expect(makeError(502, "not json", ctx)).toBeInstanceOf(VssServerError);
    expect(makeError(418, null, ctx).constructor).toBe(VssHttpError);
  });
  it("recognizes the two-factor 400 on the token endpoint", () => {
    const body = { status: 400, error: "bad_request", message: "InvalidParameterValue: otp is required" };
    const error = makeError(400, body, { method: "POST", path: "/auth/request-token" });
    expect(error).toBeInstanceOf(VssOtpRequiredError);
    expect(error).toBeInstanceOf(VssAuthError);
  });
});
