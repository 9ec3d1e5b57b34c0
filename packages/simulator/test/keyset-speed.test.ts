import { describe, expect, it } from "vitest";
import type { SimIso } from "../src/index.js";
import { ItemCollection } from "../src/item-collection.js";
import { parseListQuery, type RawQuery } from "../src/list-query.js";
import { runListQuery } from "../src/run-list-query.js";

const SIZE = 1_000_000;
const DATE = "2021-03-04 10:00:00 EST";

// Plain items with ids 2, 4, 6, ... (gaps, as after deletions); names and dates shared so building a
// million of them stays quick: the keyset path never reads them.
function bigCollection(): ItemCollection {
  const items = new Array<SimIso>(SIZE);
  for (let i = 0; i < SIZE; i++) {
    const name = i % 1000 === 0 ? "ubuntu-24.04.1-live-server-amd64.iso" : "debian-12.7.0-amd64-netinst.iso";
    items[i] = {
      id: 2 * (i + 1),
      name,
      path: `[vss-ISOs] Linux/Bench/${name}`,
      data_store: "vss-ISOs",
      public: true,
      created_on: DATE,
      updated_on: DATE,
    };
  }
  return new ItemCollection(items);
}

function averageMs(queries: RawQuery[], collection: ItemCollection): number {
  for (const raw of queries.slice(0, 20)) runListQuery(collection, parseListQuery(raw)); // JIT warm-up
  const started = performance.now();
  for (const raw of queries) runListQuery(collection, parseListQuery(raw));
  return (performance.now() - started) / queries.length;
}

describe("keyset requests over 1,000,000 items", () => {
  it("answer a page in well under 2 ms each, with or without other filters", { timeout: 60_000 }, () => {
    const collection = bigCollection();
    const page = (filter: string, sort = "id,asc"): RawQuery => ({
      expand: "1",
      per_page: "250",
      sort,
      filter,
    });
    const walk = Array.from({ length: 200 }, (_, n) => {
      const last = 2 * Math.floor((n * SIZE) / 200);
      return page(n % 2 === 0 ? `id,gt,${last}` : `id,gt,${last};id,le,${last + 100_000}`);
    });
    const narrowed = Array.from({ length: 200 }, (_, n) => {
      const last = 2 * Math.floor((n * SIZE) / 200);
      return page(`id,gt,${last};id,le,${last + 2000};name,like,%ubuntu%`);
    });
    const probes = Array.from({ length: 200 }, () => ({ ...page("id,ge,0", "id,desc"), per_page: "1" }));

    // Correct as well as fast: the pages continue after the last id, the probe finds the largest id.
    const first = runListQuery(collection, parseListQuery(page("id,gt,1000")));
    expect(first.entries.map((entry) => entry.item.id).slice(0, 2)).toEqual([1002, 1004]);
    expect(first.total).toBe(SIZE - 500);
    expect(runListQuery(collection, parseListQuery(probes[0]!)).entries[0]!.item.id).toBe(2 * SIZE);

    const times = {
      walk: averageMs(walk, collection),
      narrowed: averageMs(narrowed, collection),
      probe: averageMs(probes, collection),
    };
    // Generous for a noisy shared 2-core machine: a full scan of a million items takes tens of ms.
    for (const [kind, ms] of Object.entries(times)) expect(ms, kind).toBeLessThan(2);
  });
});
