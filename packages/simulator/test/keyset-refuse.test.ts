import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimIso, type Simulator } from "../src/index.js";
import { get, json, tokenFor, type Envelope } from "./helpers.js";

const REFUSED = [
  "filter=id,ge,0",
  "expand=1&per_page=250&sort=id,asc&filter=id,gt,10;id,le,400",
  "sort=id,desc&per_page=1&filter=id,ge,0",
  "sort=id,asc",
  "sort=name,asc;id,desc",
  "filter=name,like,%25a%25;id,ne,3",
  "filter=id,in,1,2",
];

async function expectRefused(sim: Simulator, token: string, path: string): Promise<void> {
  const response = await get(sim, path, token);
  expect(response.status, path).toBe(400);
  const body = await json<Record<string, unknown>>(response);
  expect(Object.keys(body).sort()).toEqual(["error", "message", "status"]);
  expect(body).toMatchObject({ status: 400, error: "bad_request" });
  expect(body.message).toMatch(/^InvalidParameterValue: (filter|sort) field "id" is not supported/);
}

describe('keyset: "refuse"', () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ keyset: "refuse", tokenRateLimit: false });
    token = await tokenFor(sim);
  });
  afterAll(() => sim.close());

  it.each(REFUSED)("GET /v2/iso?%s -> 400 JSON error", async (query) => {
    await expectRefused(sim, token, `/v2/iso?${query}`);
  });

  it.each(REFUSED)("GET /v2/user/image/iso?%s -> 400 JSON error", async (query) => {
    await expectRefused(sim, token, `/v2/user/image/iso?${query}`);
  });

  it("keeps page walks working: no sort, other sorts, other filters, and items by id", async () => {
    const ids: number[] = [];
    for (let page = 1; page <= 5; page++) {
      const body = await json<Envelope<SimIso>>(
        await get(sim, `/v2/iso?expand=1&per_page=50&page=${page}`, token),
      );
      ids.push(...body.data.map((item) => item.id));
    }
    expect(ids).toEqual(Array.from({ length: 224 }, (_, i) => i + 1));
    for (const query of [
      "sort=name,asc&page=2",
      "filter=name,like,%25ubuntu%25&sort=created_on,desc",
      "filter=",
      "sort=",
    ]) {
      expect((await get(sim, `/v2/iso?${query}`, token)).status, query).toBe(200);
      expect((await get(sim, `/v2/user/image/iso?${query}`, token)).status, query).toBe(200);
    }
    expect((await get(sim, "/v2/iso/5", token)).status).toBe(200);
  });

  it("refuses on the seed-shaped personal listing too", async () => {
    const seed = await startSimulator({ keyset: "refuse", personalShape: "seed", tokenRateLimit: false });
    try {
      const bearer = await tokenFor(seed);
      await expectRefused(seed, bearer, "/v2/user/image/iso?filter=id,gt,0&sort=id,asc");
      expect((await get(seed, "/v2/user/image/iso?sort=name,asc", bearer)).status).toBe(200);
    } finally {
      await seed.close();
    }
  });

  it("can be switched on at runtime, and reset restores the option's value", async () => {
    expect(await sim.control.setCapabilities({ keyset: "supported" })).toEqual({ keyset: "supported" });
    expect((await get(sim, "/v2/iso?filter=id,gt,0", token)).status).toBe(200);
    await sim.control.reset();
    token = await tokenFor(sim);
    expect(await sim.control.capabilities()).toEqual({ keyset: "refuse" });
    await expectRefused(sim, token, "/v2/iso?filter=id,gt,0");
  });
});

describe("capabilities at runtime", () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ tokenRateLimit: false });
    token = await tokenFor(sim);
  });
  afterAll(() => sim.close());

  it("supported by default; PUT refuse refuses, PUT supported and reset restore", async () => {
    const keyset = "/v2/iso?sort=id,asc&filter=id,gt,0";
    expect(await sim.control.capabilities()).toEqual({ keyset: "supported" });
    expect((await get(sim, keyset, token)).status).toBe(200);
    expect(await sim.control.setCapabilities({ keyset: "refuse" })).toEqual({ keyset: "refuse" });
    await expectRefused(sim, token, keyset);
    await sim.control.setCapabilities({ keyset: "supported" });
    expect((await get(sim, keyset, token)).status).toBe(200);
    await sim.control.setCapabilities({ keyset: "refuse" });
    await sim.control.reset();
    expect((await get(sim, keyset, await tokenFor(sim))).status).toBe(200);
  });

  it.each([
    [{ keyset: "maybe" }, "keyset must be one of supported, refuse"],
    [{ keyset: "refuse", sort: false }, 'unknown field "sort"'],
    ["refuse", "body must be a JSON object"],
  ])("rejects %j with 400 naming the problem", async (body, mentions) => {
    const response = await fetch(`${sim.url}/_control/capabilities`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect((await json<{ message: string }>(response)).message).toContain(mentions);
    expect(await sim.control.capabilities()).toEqual({ keyset: "supported" });
  });
});
