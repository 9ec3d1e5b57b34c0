import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type FaultRule, type Simulator } from "../src/index.js";
import { get, json, tokenFor } from "./helpers.js";

let sim: Simulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulator({ tokenRateLimit: false });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control.reset();
  token = await tokenFor(sim);
});

const list = (path = "/v2/iso?expand=1") => get(sim, path, token);

describe("fault kinds on the wire", () => {
  it("status: the given status, JSON body and Retry-After header", async () => {
    await sim.control.setFaults([{ kind: "status", status: 503, retryAfter: 7, times: 1 }]);
    const response = await list();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await json(response)).toMatchObject({ status: 503, error: "service_unavailable" });
    expect((await list()).status).toBe(200);
  });

  it("status: Retry-After as an HTTP date, on 429", async () => {
    const date = "Wed, 21 Oct 2037 07:28:00 GMT";
    await sim.control.setFaults([{ kind: "status", status: 429, retryAfter: date }]);
    const response = await list();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe(date);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("reset: fetch rejects without an answer", async () => {
    await sim.control.setFaults([{ kind: "reset", times: 1 }]);
    await expect(list()).rejects.toThrow(TypeError);
    expect((await list()).status).toBe(200);
  });

  it("truncate: headers arrive with the full Content-Length, reading the body rejects", async () => {
    await sim.control.setFaults([{ kind: "truncate", times: 1 }]);
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(100);
    await expect(response.text()).rejects.toThrow();
  });

  it("invalid-json: 200 application/json whose body does not parse", async () => {
    await sim.control.setFaults([{ kind: "invalid-json", times: 1 }]);
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it("slow: the answer comes after delayMs (and an aborting client gives up first)", async () => {
    await sim.control.setFaults([{ kind: "slow", delayMs: 400, times: 2 }]);
    const started = Date.now();
    expect((await list()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    await expect(get(sim, "/v2/iso", token, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      /abort|timeout/i,
    );
  });

  it("latency: adds delayMs to matching requests only", async () => {
    await sim.control.setFaults([{ kind: "latency", delayMs: 300, match: { path: "/v2/iso/*" } }]);
    let started = Date.now();
    expect((await list()).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(250);
    started = Date.now();
    expect((await list("/v2/iso/1")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("expire-token: revokes tokens, so the request gets 401 and a fresh token works", async () => {
    await sim.control.setFaults([{ kind: "expire-token", times: 1 }]);
    const response = await list();
    expect(response.status).toBe(401);
    expect((await json<{ message: string }>(response)).message).toMatch(/^TokenRevoked/);
    expect((await list()).status).toBe(401);
    token = await tokenFor(sim);
    expect((await list()).status).toBe(200);
  });
});

describe("rule matching", () => {
  it("after and times: skip the first N matches, then apply at most M times", async () => {
    await sim.control.setFaults([{ kind: "status", status: 502, after: 2, times: 2 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await list()).status);
    expect(statuses).toEqual([200, 200, 502, 502, 200, 200]);
  });

  it("match by method, path prefix and page", async () => {
    await sim.control.setFaults([
      { kind: "status", status: 504, match: { method: "get", path: "/v2/iso", page: 2 } },
    ]);
    expect((await list("/v2/iso")).status).toBe(200);
    expect((await list("/v2/iso?page=2")).status).toBe(504);
    expect((await list("/v2/iso/2?page=2")).status).toBe(200);
    expect((await get(sim, "/v2/user/image/iso?page=2", token)).status).toBe(200);
  });

  it("control routes are never faulted, and stats count what happened", async () => {
    await sim.control.setFaults([{ kind: "status", status: 500 }]);
    expect((await sim.control.items()).length).toBe(224);
    expect((await list()).status).toBe(500);
    expect((await list("/nowhere")).status).toBe(500);
    const stats = await sim.control.stats();
    expect(stats.faultsApplied).toEqual({ status: 2 });
    expect(stats.byStatus).toEqual({ "200": 1, "500": 2 });
    expect(stats.byRoute["GET /v2/iso"]).toBe(1);
    expect(stats.byRoute["POST /auth/request-token"]).toBe(1);
    expect(stats.requests).toBe(3);
    expect(stats.tokensIssued).toBe(1);
  });

  it("rate-based faults follow the seed: same seed, same pattern; another seed, another pattern", async () => {
    const rules: FaultRule[] = [{ kind: "status", status: 503, rate: 0.5 }];
    const pattern = async (seed: number) => {
      await sim.control.setFaults(rules, seed);
      const out: number[] = [];
      for (let i = 0; i < 24; i++) out.push((await list("/v2/iso")).status);
      return out.map((s) => (s === 503 ? 1 : 0)).join("");
    };
    const first = await pattern(42);
    expect(await pattern(42)).toBe(first);
    expect(first).toMatch(/1/);
    expect(first).toMatch(/0/);
    expect(await pattern(43)).not.toBe(first);
  });

  it("rejects malformed rules with 400", async () => {
    for (const body of [
      { rules: [{ kind: "explode" }] },
      { rules: [{ kind: "status", rate: 2 }] },
      { rules: "x" },
    ]) {
      const response = await fetch(`${sim.url}/_control/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }
  });
});

describe("global latency", () => {
  it("delays API requests but not control ones", async () => {
    const slow = await startSimulator({ latencyMs: 250 });
    try {
      let started = Date.now();
      await slow.control.stats();
      expect(Date.now() - started).toBeLessThan(200);
      started = Date.now();
      expect((await fetch(`${slow.url}/v2/iso`)).status).toBe(401);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    } finally {
      await slow.close();
    }
  });
});
