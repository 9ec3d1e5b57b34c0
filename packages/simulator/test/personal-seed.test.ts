import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimIso, type Simulator } from "../src/index.js";
import { get, json, tokenFor, type Envelope } from "./helpers.js";
import { refFilter, refSort } from "./reference-filter.js";

interface SeedBody {
  _links: Record<string, string>;
  data: SimIso[];
  meta: Record<string, unknown>;
}

let sim: Simulator;
let token: string;
let mine: SimIso[];
beforeAll(async () => {
  sim = await startSimulator({ personalShape: "seed", tokenRateLimit: false });
  token = await tokenFor(sim);
  // More than the default page of 10, so an answer holding every item proves paging is off.
  for (let i = 0; i < 14; i++)
    await sim.control.addItem({ name: `build-${i}${i % 3 === 0 ? "-ubuntu" : ""}.iso` }, "alice");
  mine = await sim.control.items("alice");
});
afterAll(() => sim.close());

const seedList = async (query = ""): Promise<SeedBody> =>
  json<SeedBody>(await get(sim, `/v2/user/image/iso${query}`, token));

describe('personalShape "seed"', () => {
  it("answers exactly the seed page's shape: _links {self, user}, item objects without expand, meta {count, time, user}", async () => {
    const body = await seedList();
    expect(Object.keys(body).sort()).toEqual(["_links", "data", "meta"]);
    expect(body._links).toEqual({ self: `${sim.url}/v2/user/image/iso`, user: `${sim.url}/v2/user/image` });
    expect(Object.keys(body.meta).sort()).toEqual(["count", "time", "user"]);
    expect(body.meta).toMatchObject({ count: 16, user: "alice" });
    expect(body.meta.time).toMatch(/^\d+\.\d+s$/);
    expect(body.data).toEqual(mine);
    for (const item of body.data) expect(typeof item).toBe("object");
  });

  it("ignores page and per_page: every match in one answer, self keeps the query", async () => {
    for (const query of ["?page=2&per_page=3", "?per_page=1", "?page=abc&per_page=0", "?expand=1&page=9"]) {
      const body = await seedList(query);
      expect(body.data, query).toEqual(mine);
      expect(body._links.self).toBe(`${sim.url}/v2/user/image/iso${query}`);
    }
  });

  it("still applies filter and sort, keyset requests included", async () => {
    const after = mine[2]!.id;
    for (const [filter, sort] of [
      [`id,gt,${after}`, "id,asc"],
      [`id,gt,${after};id,le,${mine[9]!.id}`, "id,desc"],
      ["id,ge,0", "id,desc"],
      ["name,like,%ubuntu%", "name,desc"],
      [`id,gt,${mine.at(-1)!.id}`, "id,asc"],
    ] as const) {
      const body = await seedList(`?filter=${encodeURIComponent(filter)}&sort=${sort}&per_page=2`);
      const expected = refSort(refFilter(mine, filter), sort);
      expect(body.data, `${filter} ${sort}`).toEqual(expected);
      expect(body.meta.count).toBe(expected.length);
    }
    expect((await seedList("?filter=id,gt,0&sort=id,desc")).data.map((item) => item.id)).toEqual(
      mine.map((item) => item.id).reverse(),
    );
  });

  it("answers 400 for a bad filter, like the paged shape", async () => {
    const response = await get(sim, "/v2/user/image/iso?filter=nosuch,eq,1", token);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ status: 400, error: "bad_request" });
  });

  it("leaves the public catalogue paged", async () => {
    const body = await json<Envelope>(await get(sim, "/v2/iso", token));
    expect(body.meta.pages.total).toBe(224);
  });
});

describe('personalShape "paged" (default)', () => {
  it("keeps meta.pages and honours per_page", async () => {
    const paged = await startSimulator({ tokenRateLimit: false });
    try {
      const bearer = await tokenFor(paged);
      const body = await json<Envelope>(await get(paged, "/v2/user/image/iso?per_page=1", bearer));
      expect(body.meta.pages).toMatchObject({ total: 2, pages: 2, per_page: 1 });
      expect(body.data.length).toBe(1);
    } finally {
      await paged.close();
    }
  });
});
