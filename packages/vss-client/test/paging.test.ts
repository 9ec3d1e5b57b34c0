import { describe, expect, it } from "vitest";
import { VssClient, VssInvalidResponseError, VssValidationError, type IsoPage } from "../src/index.js";
import { delay, type FakeCall, fakeFetch, jwt, listPage, ORIGIN, tokenAnswer } from "./fake-fetch.js";

type Listing = (url: URL, page: number, call: FakeCall) => unknown | Promise<unknown>;

function client(listing: Listing) {
  const fake = fakeFetch(async (call) => {
    if (call.url.pathname === "/auth/request-token") return tokenAnswer(jwt({ exp: 9_999_999_999 }));
    const page = Number(call.url.searchParams.get("page") ?? "1");
    return Response.json(await listing(call.url, page, call));
  });
  const c = new VssClient({
    baseUrl: ORIGIN,
    username: "u",
    password: "p",
    fetch: fake.fetch,
    minRetryDelayMs: 1,
  });
  return { c, listCalls: () => fake.calls.filter((x) => x.url.pathname !== "/auth/request-token") };
}

const ids = (pages: IsoPage[]) => pages.flatMap((p) => p.items.map((i) => i.id));

describe("IsoList", () => {
  it("awaits to the first page and iterates every item following next_url", async () => {
    const { c, listCalls } = client((url, page) => listPage(url, 25, 10, page));
    const first = await c.listIsos({ perPage: 10 });
    expect(first).toMatchObject({ page: 1, pages: 3, perPage: 10, total: 25, count: 10 });
    const seen: number[] = [];
    for await (const item of c.listIsos({ perPage: 10 })) seen.push(item.id);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(listCalls().map((x) => x.url.searchParams.get("page"))).toEqual(["1", "1", "2", "3"]);
  });

  it("refuses a next_url on another origin and never sends the token there", async () => {
    const { c, listCalls } = client((url, page) => listPage(url, 25, 10, page, "https://evil.test"));
    const pages: IsoPage[] = [];
    const error = await (async () => {
      for await (const page of c.listIsos({ perPage: 10 }).pages()) pages.push(page);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VssInvalidResponseError);
    expect(String(error)).toContain("outside");
    expect(pages).toHaveLength(1);
    expect(listCalls().every((x) => x.url.origin === ORIGIN)).toBe(true);
  });

  it("refuses a next_url that does not advance by one page", async () => {
    const { c } = client((url, page) => {
      const body = listPage(url, 25, 10, page);
      body.meta.pages.next_url = body.meta.pages.first_url; // loops back to page 1
      return body;
    });
    const walk = async () => {
      for await (const _ of c.listIsos({ perPage: 10 })) void _;
    };
    await expect(walk()).rejects.toThrow(/does not go to page 2/);
  });

  it("takes an answer without meta.pages as one complete page of the whole listing, as the seed shows", async () => {
    const { c, listCalls } = client((url, page) => {
      const body: { meta: Record<string, unknown> } = listPage(url, 25, 10, page);
      delete body.meta.pages;
      return body;
    });
    const ids: number[] = [];
    for await (const item of c.listIsos()) ids.push(item.id);
    // The fake answers 10 items whatever is asked; with no paging facts, those 10 are the listing.
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(listCalls()).toHaveLength(1);
    const pages = [];
    for await (const page of c.listIsos().pagesConcurrently({ concurrency: 4 })) pages.push(page);
    expect(pages.map((p) => [p.page, p.pages, p.total, p.count])).toEqual([[1, 1, 10, 10]]);
  });

  it("treats a missing meta as an invalid response, not an endless walk", async () => {
    const { c, listCalls } = client((url, page) => {
      const body: { meta?: unknown } = listPage(url, 25, 10, page);
      delete body.meta;
      return body;
    });
    const error = await c.listIsos().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VssInvalidResponseError);
    expect((error as VssInvalidResponseError).reason).toBe("shape");
    expect(String(error)).toContain("meta");
    expect(listCalls()).toHaveLength(1); // not retried
  });

  it("names the bad item by id when a page holds an invalid item", async () => {
    const { c } = client((url, page) => {
      const body = listPage(url, 5, 10, page);
      body.data[3] = { ...body.data[3]!, created_on: "not a date" };
      return body;
    });
    const error = await c.listIsos().then(undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(VssValidationError);
    expect((error as VssValidationError).itemId).toBe(4);
  });

  it("stops fetching when a for-await loop breaks", async () => {
    const { c, listCalls } = client((url, page) => listPage(url, 100, 10, page));
    for await (const item of c.listIsos({ perPage: 10 })) if (item.id === 15) break;
    expect(listCalls()).toHaveLength(2);
  });
});

describe("pagesConcurrently", () => {
  it("yields every page once with its number, pages 2..N in parallel", async () => {
    const { c, listCalls } = client(async (url, page) => {
      await delay((page * 7) % 13); // out-of-order arrival
      return listPage(url, 95, 10, page);
    });
    const pages: IsoPage[] = [];
    for await (const page of c.listIsos({ perPage: 10 }).pagesConcurrently({ concurrency: 3 }))
      pages.push(page);
    expect(pages.map((p) => p.page).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ids(pages).sort((a, b) => a - b)).toEqual(Array.from({ length: 95 }, (_, i) => i + 1));
    expect(listCalls()).toHaveLength(10);
  });

  it("never holds more than `concurrency` pages fetched-but-unconsumed plus in flight", async () => {
    let inFlight = 0;
    let fetched = 0;
    let consumed = 0;
    let worst = 0;
    const { c } = client(async (url, page) => {
      inFlight += 1;
      worst = Math.max(worst, inFlight + fetched - consumed);
      await delay(2);
      inFlight -= 1;
      fetched += 1;
      worst = Math.max(worst, inFlight + fetched - consumed);
      return listPage(url, 200, 10, page);
    });
    for await (const _page of c.listIsos({ perPage: 10 }).pagesConcurrently({ concurrency: 4 })) {
      consumed += 1;
      await delay(15); // slow consumer
    }
    expect(consumed).toBe(20);
    // +1: the page being handed to the consumer is counted until its loop body runs.
    expect(worst).toBeLessThanOrEqual(4 + 1);
  });

  it("aborts requests in flight when the consumer breaks", async () => {
    const signals: AbortSignal[] = [];
    const { c, listCalls } = client(async (url, page, call) => {
      if (page > 2) {
        signals.push(call.signal!);
        await delay(5000);
      }
      return listPage(url, 100, 10, page);
    });
    const started = Date.now();
    for await (const page of c.listIsos({ perPage: 10 }).pagesConcurrently({ concurrency: 3 })) {
      if (page.page === 2) break;
    }
    await delay(10);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(listCalls().length).toBeLessThanOrEqual(4);
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("stops early with the first failure", async () => {
    const { c } = client((url, page) => {
      const body = listPage(url, 50, 10, page);
      if (page === 3) body.meta.pages.page = 2;
      return body;
    });
    await expect(
      (async () => {
        for await (const _ of c.listIsos({ perPage: 10 }).pagesConcurrently()) void _;
      })(),
    ).rejects.toBeInstanceOf(VssInvalidResponseError);
  });
});
