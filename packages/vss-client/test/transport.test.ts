import { describe, expect, it } from "vitest";
import {
  VssClient,
  VssConnectionError,
  VssInvalidResponseError,
  VssNotFoundError,
  VssServerError,
  VssTimeoutError,
  type VssRequestEvent,
} from "../src/index.js";
import { delay, fakeFetch, item, json, jwt, ORIGIN, tokenAnswer } from "./fake-fetch.js";

const TOKEN = jwt({ exp: 9_999_999_999 });
const one = () => json(200, { _links: {}, data: item(1), meta: {} });

function client(handler: (n: number) => Response | Promise<Response>, extra: object = {}) {
  let n = 0;
  const warnings: object[] = [];
  const events: VssRequestEvent[] = [];
  const fake = fakeFetch(({ url }) => {
    if (url.pathname === "/auth/request-token") return tokenAnswer(TOKEN);
    n += 1;
    return handler(n);
  });
  const logger = { debug() {}, info() {}, error() {}, warn: (obj: object) => void warnings.push(obj) };
  const c = new VssClient({
    baseUrl: ORIGIN,
    username: "alice",
    password: "pw",
    fetch: fake.fetch,
    retries: 3,
    minRetryDelayMs: 1,
    maxRetryDelayMs: 4,
    logger,
    onRequest: (e) => events.push(e),
    ...extra,
  });
  return { c, calls: fake.calls, warnings, events };
}

describe("retries", () => {
  it("retries 500/502/503/504 and then succeeds, logging and counting each retry", async () => {
    const statuses = [500, 502, 503];
    const { c, warnings, events } = client((n) => (n <= 3 ? json(statuses[n - 1]!, { status: 0 }) : one()));
    expect((await c.getIso(1)).id).toBe(1);
    expect(c.stats.retries).toBe(3);
    expect(c.stats.byStatus).toEqual({ "200": 2, "500": 1, "502": 1, "503": 1 });
    expect(warnings).toHaveLength(3);
    expect(events.filter((e) => e.path === "/v2/iso/1").map((e) => e.attempt)).toEqual([1, 2, 3, 4]);
  });

  it("gives up after `retries` retries with the last typed error", async () => {
    const { c, calls } = client(() => json(504, { status: 504, error: "gateway_timeout" }));
    const error = await c.getIso(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VssServerError);
    expect((error as VssServerError).status).toBe(504);
    expect(calls.filter((x) => x.url.pathname === "/v2/iso/1")).toHaveLength(4);
  });

  it("honours Retry-After on 429 over its own shorter backoff", async () => {
    const { c } = client((n) => (n === 1 ? json(429, {}, { "retry-after": "1" }) : one()));
    const started = Date.now();
    await c.getIso(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("caps Retry-After at maxRetryAfterMs", async () => {
    const { c } = client((n) => (n === 1 ? json(503, {}, { "retry-after": "3600" }) : one()), {
      maxRetryAfterMs: 20,
    });
    const started = Date.now();
    await c.getIso(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("retries invalid JSON and truncated bodies on a 2xx", async () => {
    const { c } = client((n) => {
      if (n === 1)
        return new Response("<html>oops</html>", { status: 200, headers: { "content-type": "text/html" } });
      if (n === 2) {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data": {"id"'));
            controller.error(new TypeError("terminated"));
          },
        });
        return new Response(body, { status: 200 });
      }
      return one();
    });
    expect((await c.getIso(1)).id).toBe(1);
    expect(c.stats.retries).toBe(2);
  });

  it("classifies network failures and timeouts and retries them", async () => {
    const { c } = client(
      async (n) => {
        if (n === 1) throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
        if (n === 2) await delay(200);
        return one();
      },
      { timeoutMs: 50 },
    );
    const errors: string[] = [];
    const { c: c2 } = client(
      () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })),
      {
        retries: 1,
      },
    );
    expect((await c.getIso(1)).id).toBe(1);
    const error = await c2.getIso(1).catch((e: unknown) => e);
    errors.push(String(error));
    expect(error).toBeInstanceOf(VssConnectionError);
    expect(errors[0]).toContain("ECONNREFUSED");
    const slow = client(() => delay(100).then(one), { timeoutMs: 20, retries: 1 });
    await expect(slow.c.getIso(1)).rejects.toBeInstanceOf(VssTimeoutError);
  });

  it("never retries 400/403/404", async () => {
    for (const status of [400, 403, 404]) {
      const { c, calls } = client(() => json(status, { status }));
      await expect(c.getIso(1)).rejects.toMatchObject({ status });
      expect(calls.filter((x) => x.url.pathname === "/v2/iso/1")).toHaveLength(1);
    }
    const { c } = client(() => json(404, { status: 404, error: "not_found", message: "no iso 1" }));
    await expect(c.getIso(1)).rejects.toBeInstanceOf(VssNotFoundError);
  });

  it("a non-JSON 2xx is VssInvalidResponseError after the retries", async () => {
    const { c } = client(() => new Response("nope", { status: 200 }), { retries: 1 });
    await expect(c.getIso(1)).rejects.toMatchObject({
      constructor: VssInvalidResponseError,
      reason: "invalid-json",
    });
  });
});

describe("abort", () => {
  it("ends at once with the caller's reason, without retries", async () => {
    const { c, calls } = client(() => delay(1000).then(one));
    const controller = new AbortController();
    const pending = c.getIso(1, { signal: controller.signal });
    await delay(30);
    controller.abort();
    const started = Date.now();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(100);
    expect(c.stats.retries).toBe(0);
    expect(calls.filter((x) => x.url.pathname === "/v2/iso/1")).toHaveLength(1);
  });

  it("stops during a retry wait", async () => {
    const { c } = client(() => json(503, {}, { "retry-after": "5" }));
    const controller = new AbortController();
    const pending = c.getIso(1, { signal: controller.signal });
    await delay(50);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("global limits", () => {
  it("maxConcurrency bounds attempts in flight", async () => {
    let active = 0;
    let peak = 0;
    const { c } = client(
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await delay(10);
        active -= 1;
        return one();
      },
      { maxConcurrency: 2 },
    );
    await Promise.all(Array.from({ length: 8 }, () => c.getIso(1)));
    expect(peak).toBe(2);
  });

  it("requestsPerSecond spaces attempts", async () => {
    const { c, calls } = client(() => one(), { requestsPerSecond: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => c.getIso(1)));
    // 31 attempts (token included) at 20/s in a sliding window: at least one full extra second.
    expect(calls).toHaveLength(31);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});
