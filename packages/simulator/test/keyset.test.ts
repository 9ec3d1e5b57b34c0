import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCatalogue, startSimulator, type SimIso, type Simulator } from "../src/index.js";
import { ItemCollection } from "../src/item-collection.js";
import { runKeysetQuery } from "../src/keyset-list-query.js";
import { listEnvelope } from "../src/list-envelope.js";
import { parseListQuery, type ListQuery } from "../src/list-query.js";
import { scanListQuery, type ListResult } from "../src/run-list-query.js";
import { createPrng } from "../src/prng.js";
import { get, json, tokenFor, type Envelope } from "./helpers.js";
import { queryString, randomKeysetQuery } from "./random-keyset-query.js";
import { refFilter, refSort } from "./reference-filter.js";

const RESIDUALS = [
  "name,like,%ubuntu%",
  "public,eq,true",
  "id,ne,17",
  "id,in,3,40,41,250,10000003",
  "created_on,ge,2020-01-01T00:00:00Z",
  "name,like,%Server%;data_store,eq,vss-ISOs",
];

/** A catalogue with gaps: random deletions, a non-public item, and late ids far above the rest. */
function gappyCatalogue(seed: number): SimIso[] {
  const rng = createPrng(seed);
  const items = generateCatalogue(500, seed).filter(() => rng() >= 0.2);
  items[3] = { ...items[3]!, public: false };
  for (let i = 0; i < 30; i++) items.push({ ...items[i]!, id: 10_000_000 + i * 7, name: `late-${i}.iso` });
  return items;
}

const ids = (result: ListResult) => result.entries.map((entry) => entry.item.id);

/** The envelope as sent, minus the timing field (the only part that may differ between two runs). */
function envelopeText(result: ListResult, query: ListQuery, url: string): string {
  const envelope = listEnvelope({
    requestUrl: url,
    query,
    total: result.total,
    items: result.entries.map((entry) => entry.item),
    itemUrl: (item) => `http://sim/v2/iso/${item.id}`,
    user: "alice",
    startedAt: 0,
  });
  return JSON.stringify({ ...envelope, meta: { ...envelope.meta, time: "" } });
}

describe("keyset requests take the binary-search path and answer like the general path", () => {
  const collection = new ItemCollection(gappyCatalogue(11));
  const allIds = collection.all().map((entry) => entry.item.id);

  it("over 3,000 random id-range queries: same items, order, total and envelope bytes", () => {
    const rng = createPrng(2024);
    let empty = 0;
    let withResidual = 0;
    for (let n = 0; n < 3000; n++) {
      const random = randomKeysetQuery(rng, allIds, RESIDUALS);
      const text = queryString(random);
      const query = parseListQuery(Object.fromEntries(new URLSearchParams(text)));
      const fast = runKeysetQuery(collection, query);
      const slow = scanListQuery(collection, query);
      expect(fast, text).toBeDefined();
      expect(fast!.total, text).toBe(slow.total);
      expect(ids(fast!), text).toEqual(ids(slow));
      const url = `http://sim/v2/iso?${text}`;
      expect(envelopeText(fast!, query, url), text).toBe(envelopeText(slow, query, url));
      if (slow.total === 0) empty++;
      if (RESIDUALS.some((residual) => random.filter.includes(residual))) withResidual++;
    }
    // The random queries really cover empty windows and residual filters.
    expect(empty).toBeGreaterThan(200);
    expect(withResidual).toBeGreaterThan(800);
  });

  it("answers the sync's own requests: first page, next page, range end, probe for the largest id", () => {
    const cases: [Record<string, string>, number[]][] = [
      [{ sort: "id,asc", per_page: "3", filter: "id,ge,0" }, allIds.slice(0, 3)],
      [{ sort: "id,asc", per_page: "2", filter: `id,gt,${allIds[2]}` }, allIds.slice(3, 5)],
      [{ sort: "id,asc", filter: `id,gt,${allIds[5]};id,le,${allIds[7]}` }, allIds.slice(6, 8)],
      [{ sort: "id,desc", per_page: "1", filter: "id,ge,0" }, [allIds.at(-1)!]],
      [{ sort: "id,asc", filter: `id,gt,${allIds.at(-1)}` }, []],
      [{ filter: "id,lt,-3" }, []],
    ];
    for (const [raw, expected] of cases) {
      const result = runKeysetQuery(collection, parseListQuery({ expand: "1", ...raw }));
      expect(result && ids(result), JSON.stringify(raw)).toEqual(expected);
    }
  });

  it("leaves other queries to the general path", () => {
    for (const raw of [
      { filter: "id,gt,3", sort: "name,asc" },
      { filter: "id,gt,3", sort: "id,asc;name,asc" },
      { filter: "id,ne,3" },
      { filter: "id,in,1,2" },
      { filter: "name,like,%a%" },
      { sort: "id,desc" },
      {},
    ]) {
      expect(runKeysetQuery(collection, parseListQuery(raw)), JSON.stringify(raw)).toBeUndefined();
    }
  });

  it("still answers 400 for a bad id value or a bad other clause", () => {
    expect(() => scanListQuery(collection, parseListQuery({ filter: "id,gt,abc" }))).toThrow(/abc/);
    expect(runKeysetQuery(collection, parseListQuery({ filter: "id,gt,abc" }))).toBeUndefined();
    expect(() => runKeysetQuery(collection, parseListQuery({ filter: "id,gt,1;nosuch,eq,1" }))).toThrow(
      /nosuch/,
    );
  });
});

describe("keyset requests over the socket agree with the reference evaluator", () => {
  let sim: Simulator;
  let token: string;
  let all: SimIso[];
  beforeAll(async () => {
    sim = await startSimulator({ items: 300, seed: 4, tokenRateLimit: false });
    token = await tokenFor(sim);
    const rng = createPrng(99);
    for (let id = 1; id <= 300; id++) if (rng() < 0.15) await sim.control.deleteItem(id);
    for (let i = 0; i < 12; i++) await sim.control.addItem({ name: `late ubuntu-${i}.iso` });
    all = await sim.control.items();
  });
  afterAll(() => sim.close());

  it("150 random keyset pages: data and every field of meta.pages", async () => {
    const rng = createPrng(7);
    const allIds = all.map((item) => item.id);
    for (let n = 0; n < 150; n++) {
      const random = randomKeysetQuery(rng, allIds, RESIDUALS);
      const path = `/v2/iso?${queryString(random)}`;
      const body = await json<Envelope<SimIso>>(await get(sim, path, token));
      const matching = refSort(refFilter(all, random.filter), random.sort ?? "id,asc");
      const skip = (random.page - 1) * random.perPage;
      expect(body.data, path).toEqual(matching.slice(skip, skip + random.perPage));
      const pages = Math.max(1, Math.ceil(matching.length / random.perPage));
      const pageUrl = (page: number) => {
        const url = new URL(`${sim.url}${path}`);
        url.searchParams.set("page", String(page));
        return url.toString();
      };
      expect(body.meta.pages, path).toEqual({
        first_url: pageUrl(1),
        last_url: pageUrl(pages),
        next_url: random.page < pages ? pageUrl(random.page + 1) : null,
        prev_url: random.page > 1 ? pageUrl(random.page - 1) : null,
        page: random.page,
        pages,
        per_page: random.perPage,
        total: matching.length,
      });
      expect(body.meta.count, path).toBe(body.data.length);
    }
  });
});
