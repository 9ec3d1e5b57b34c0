// Every simulator fault kind against the client over a real socket; request counts come from the
// simulator's own stats, so "not retried" and "retried N times" are proven on the server side.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  VssBadRequestError,
  VssConnectionError,
  VssForbiddenError,
  VssInvalidResponseError,
  VssNotFoundError,
  VssRateLimitError,
  VssServerError,
  VssTimeoutError,
  filter,
} from "../src/index.js";
import { clientFor, failure, range, walkIds } from "./sim-helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ items: 30, tokenRateLimit: false });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const LIST = "GET /v2/iso";
const listRequests = async () => (await sim.control.stats()).byRoute[LIST] ?? 0;
const onList = { path: "/v2/iso" };

describe("transient faults are retried", () => {
  it("429 with Retry-After in seconds is honoured", async () => {
    await sim.control.setFaults([{ kind: "status", status: 429, retryAfter: 1, times: 1, match: onList }]);
    const client = clientFor(sim);
    const started = Date.now();
    expect((await client.listIsos()).total).toBe(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await listRequests()).toBe(2);
    expect(client.stats.byStatus).toMatchObject({ "429": 1, "200": 2 });
  });

  it("429 with Retry-After as an HTTP date is honoured", async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString();
    await sim.control.setFaults([{ kind: "status", status: 429, retryAfter: at, times: 1, match: onList }]);
    const started = Date.now();
    await clientFor(sim).listIsos();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await listRequests()).toBe(2);
  });

  it.each([500, 502, 503, 504])("%i twice, then success", async (status) => {
    await sim.control.setFaults([{ kind: "status", status, times: 2, match: onList }]);
    const client = clientFor(sim);
    expect((await client.listIsos()).count).toBe(30);
    expect(await listRequests()).toBe(3);
    expect(client.stats.retries).toBe(2);
  });

  it("connection reset, then success", async () => {
    await sim.control.setFaults([{ kind: "reset", times: 2, match: onList }]);
    expect((await clientFor(sim).listIsos()).count).toBe(30);
    expect(await listRequests()).toBe(3);
  });

  it("truncated body, then success", async () => {
    await sim.control.setFaults([{ kind: "truncate", times: 1, match: onList }]);
    expect((await clientFor(sim).listIsos()).count).toBe(30);
    expect(await listRequests()).toBe(2);
  });

  it("invalid JSON on a 200, then success", async () => {
    await sim.control.setFaults([{ kind: "invalid-json", times: 1, match: onList }]);
    expect((await clientFor(sim).listIsos()).count).toBe(30);
    expect(await listRequests()).toBe(2);
  });

  it("a response slower than the client's timeout, then success", async () => {
    await sim.control.setFaults([{ kind: "slow", delayMs: 1000, times: 1, match: onList }]);
    const client = clientFor(sim, { timeoutMs: 150 });
    expect((await client.listIsos()).count).toBe(30);
    expect(client.stats.retries).toBe(1);
    expect(await listRequests()).toBe(2);
  });

  it("latency below the timeout is not a failure", async () => {
    await sim.control.setFaults([{ kind: "latency", delayMs: 50, match: onList }]);
    const client = clientFor(sim, { timeoutMs: 1000 });
    await client.listIsos();
    expect(client.stats.retries).toBe(0);
  });

  it("token expiry mid-walk costs one re-auth and loses nothing", async () => {
    await sim.control.setFaults([{ kind: "expire-token", times: 1, match: { ...onList, page: 2 } }]);
    const client = clientFor(sim);
    const ids = await walkIds(client.listIsos({ perPage: 10 }));
    expect(ids).toEqual(range(30));
    expect(client.stats.reauths).toBe(1);
    const stats = await sim.control.stats();
    expect(stats.tokensIssued).toBe(2);
    expect(stats.byRoute[LIST]).toBe(4); // pages 1, 2 (401), 2, 3
  });

  it("tokens revoked between calls: one re-auth", async () => {
    const client = clientFor(sim);
    await client.listIsos();
    await sim.control.revokeTokens();
    await client.listIsos();
    expect(client.stats.reauths).toBe(1);
    expect((await sim.control.stats()).tokensIssued).toBe(2);
  });
});

describe("faults that never clear end with the right error after the configured retries", () => {
  const cases = [
    ["503", { kind: "status", status: 503 }, VssServerError],
    ["500", { kind: "status", status: 500 }, VssServerError],
    ["429", { kind: "status", status: 429 }, VssRateLimitError],
    ["reset", { kind: "reset" }, VssConnectionError],
    ["truncate", { kind: "truncate" }, VssInvalidResponseError],
    ["invalid-json", { kind: "invalid-json" }, VssInvalidResponseError],
    ["slow", { kind: "slow", delayMs: 1000 }, VssTimeoutError],
  ] as const;
  it.each(cases)("%s", async (_name, rule, expected) => {
    await sim.control.setFaults([{ ...rule, match: onList }]);
    const client = clientFor(sim, { retries: 2, timeoutMs: 100 });
    const error = await failure(client.listIsos());
    expect(error).toBeInstanceOf(expected);
    expect(await listRequests()).toBe(3);
    expect(client.stats.retries).toBe(2);
  });
});

describe("permanent failures are not retried", () => {
  it.each([
    [400, VssBadRequestError],
    [403, VssForbiddenError],
    [404, VssNotFoundError],
  ] as const)("injected %i", async (status, expected) => {
    await sim.control.setFaults([{ kind: "status", status, match: onList }]);
    const error = await failure(clientFor(sim).listIsos());
    expect(error).toBeInstanceOf(expected);
    expect(error).toMatchObject({ status, method: "GET" });
    expect(await listRequests()).toBe(1);
  });

  it("unknown id: 404 from the real route, once", async () => {
    const error = await failure(clientFor(sim).getIso(99_999));
    expect(error).toBeInstanceOf(VssNotFoundError);
    expect((await sim.control.stats()).byRoute["GET /v2/iso/:id"]).toBe(1);
  });

  it("bad filter: the simulator's 400 with its upstream message, once", async () => {
    const error = await failure(clientFor(sim).listIsos({ filter: filter().eq("no_such_field", "x") }));
    expect(error).toBeInstanceOf(VssBadRequestError);
    expect((error as VssBadRequestError).detail).toMatch(/InvalidParameterValue/);
    expect(await listRequests()).toBe(1);
  });

  it("a second 401 after re-auth is a VssAuthError", async () => {
    await sim.control.setFaults([{ kind: "expire-token", match: onList }]);
    const client = clientFor(sim);
    const error = await failure(client.listIsos());
    expect(error).toMatchObject({ name: "VssAuthError", status: 401 });
    expect(await listRequests()).toBe(2);
    expect((await sim.control.stats()).tokensIssued).toBe(2);
  });
});

describe("getIso", () => {
  it("returns the item as the catalogue holds it", async () => {
    const [wire] = await sim.control.items();
    const item = await clientFor(sim).getIso(wire!.id);
    expect(item).toMatchObject({
      id: wire!.id,
      name: wire!.name,
      path: wire!.path,
      dataStore: wire!.data_store,
    });
    expect(item.createdOnText).toBe(wire!.created_on);
  });
});
