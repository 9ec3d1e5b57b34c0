// Paging over catalogues of 0, 1, 250, 251 and 100,000 items yields every item exactly once, walking
// next_url sequentially and fetching pages concurrently.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, range, walkIds } from "./sim-helpers.js";

const SIZES = [0, 1, 250, 251, 100_000] as const;
const sims = new Map<number, Simulator>();

beforeAll(async () => {
  for (const items of SIZES) sims.set(items, await startSimulator({ items, tokenRateLimit: false }));
}, 120_000);
afterAll(async () => {
  for (const sim of sims.values()) await sim.close();
});

const sim = (n: number) => sims.get(n)!;

describe.each(SIZES)("a catalogue of %i items", (n) => {
  const expectExactly = (ids: number[]) => {
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect([...ids].sort((a, b) => a - b)).toEqual(range(n));
  };

  it("sequential pages()", async () => {
    const client = clientFor(sim(n));
    const ids = await walkIds(client.listIsos());
    expectExactly(ids);
    expect(ids).toEqual(range(n)); // default sort id,asc
    expect(client.stats.requests).toBe(1 + Math.max(1, Math.ceil(n / 250)));
  }, 120_000);

  it("pagesConcurrently()", async () => {
    const client = clientFor(sim(n));
    expectExactly(await walkIds(client.listIsos(), 6));
    expect(client.stats.requests).toBe(1 + Math.max(1, Math.ceil(n / 250)));
  }, 120_000);

  it("for await over items, with a small page size", async () => {
    if (n > 1000) return; // 100,000 items at 7 a page is 14,286 requests: the walks above cover it
    const ids: number[] = [];
    for await (const item of clientFor(sim(n)).listIsos({ perPage: 7 })) ids.push(item.id);
    expectExactly(ids);
  });

  it("awaiting the list gives page 1 with the paging facts", async () => {
    const first = await clientFor(sim(n)).listIsos();
    expect(first).toMatchObject({ page: 1, perPage: 250, total: n, count: Math.min(n, 250) });
    expect(first.pages).toBe(Math.max(1, Math.ceil(n / 250))); // the simulator reports 1 page when empty
  });
});

describe("per_page", () => {
  it("a per_page above 250 is clamped upstream and the walk still sees every item once", async () => {
    const client = clientFor(sim(251));
    const first = await client.listIsos({ perPage: 500 });
    expect(first.perPage).toBe(250);
    const ids = await walkIds(client.listIsos({ perPage: 500 }));
    expect(ids).toEqual(range(251));
  });
});

describe("early exit", () => {
  it("break in for-await stops fetching; concurrent walks abort what is in flight", async () => {
    const s = sim(100_000);
    const before = (await s.control.stats()).byRoute["GET /v2/iso"] ?? 0;
    const client = clientFor(s);
    for await (const item of client.listIsos()) if (item.id === 300) break;
    for await (const page of client.listIsos().pagesConcurrently({ concurrency: 4 }))
      if (page.page !== 1) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = (await s.control.stats()).byRoute["GET /v2/iso"] ?? 0;
    // 2 sequential pages; then page 1 plus at most 4 started before the break.
    expect(after - before).toBeLessThanOrEqual(2 + 1 + 4);
  });
});
