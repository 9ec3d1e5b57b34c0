import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimIso, type Simulator } from "../src/index.js";
import { get, json, tokenFor, type Envelope } from "./helpers.js";
import { refFilter, refSort } from "./reference-filter.js";

let sim: Simulator;
let token: string;
let all: SimIso[];

beforeAll(async () => {
  sim = await startSimulator({ tokenRateLimit: false });
  token = await tokenFor(sim);
  // One non-public item so that boolean filters select something on both sides.
  await sim.control.updateItem(5, { public: false });
  all = await sim.control.items();
});
afterAll(() => sim.close());

/** Follows next_url verbatim, as pyvss does, and returns every item seen. */
async function walk(
  target: Simulator,
  path: string,
  bearer = token,
): Promise<{ items: SimIso[]; pages: number }> {
  const items: SimIso[] = [];
  let url: string | null = `${target.url}${path}`;
  let pages = 0;
  while (url !== null) {
    const body: Envelope<SimIso> = await json(await get(target, url, bearer));
    items.push(...body.data);
    pages++;
    url = body.meta.pages.next_url;
    if (pages > 10_000) throw new Error("next_url never became null");
  }
  return { items, pages };
}

describe("list envelope", () => {
  it("has data, meta._link.self, meta.count, meta.pages and meta.time/user, with absolute urls keeping the query", async () => {
    const path = "/v2/iso?expand=1&per_page=7&page=2&filter=id,le,100&sort=name,desc";
    const body = await json<Envelope<SimIso>>(await get(sim, path, token));
    // As the seed page: the self link inside meta, no top-level _links.
    expect(Object.keys(body).sort()).toEqual(["data", "meta"]);
    expect(Object.keys(body.meta)).toEqual(["_link", "count", "pages", "time", "user"]);
    expect(body.meta._link).toEqual({ self: `${sim.url}${path}` });
    expect(body.meta.count).toBe(7);
    expect(body.meta.user).toBe("alice");
    expect(body.meta.time).toMatch(/^\d+\.\d+s$/);
    const pages = body.meta.pages;
    expect({ page: pages.page, pages: pages.pages, per_page: pages.per_page, total: pages.total }).toEqual({
      page: 2,
      pages: 15,
      per_page: 7,
      total: 100,
    });
    const expectPage = (url: string | null, page: number) => {
      expect(url).not.toBeNull();
      const parsed = new URL(url!);
      expect(parsed.origin).toBe(sim.url);
      expect(parsed.pathname).toBe("/v2/iso");
      expect(Object.fromEntries(parsed.searchParams)).toEqual({
        expand: "1",
        per_page: "7",
        page: String(page),
        filter: "id,le,100",
        sort: "name,desc",
      });
    };
    expectPage(pages.first_url, 1);
    expectPage(pages.prev_url, 1);
    expectPage(pages.next_url, 3);
    expectPage(pages.last_url, 15);
  });

  it("defaults per_page to 10 and clamps larger values to 250, echoing the value used", async () => {
    const plain = await json<Envelope>(await get(sim, "/v2/iso", token));
    expect(plain.meta.pages.per_page).toBe(10);
    // Paging urls always name per_page, as the seed's `?per_page=10&page=2`.
    expect(plain.meta.pages.next_url).toBe(`${sim.url}/v2/iso?per_page=10&page=2`);
    expect(plain.meta.count).toBe(10);
    expect(plain.meta.pages.total).toBe(224);
    expect(plain.meta.pages.prev_url).toBeNull();
    const big = await json<Envelope>(await get(sim, "/v2/iso?per_page=500", token));
    expect(big.meta.pages.per_page).toBe(250);
    expect(big.meta.count).toBe(224);
    expect(big.meta.pages.pages).toBe(1);
    expect(big.meta.pages.next_url).toBeNull();
  });

  it("lists item urls without expand=1 and item objects with it", async () => {
    const urls = await json<Envelope<string>>(await get(sim, "/v2/iso?per_page=3", token));
    expect(urls.data).toEqual([`${sim.url}/v2/iso/1`, `${sim.url}/v2/iso/2`, `${sim.url}/v2/iso/3`]);
    const one = await json<{ _links: { self: string }; data: SimIso; meta: { user: string } }>(
      await get(sim, urls.data[1]!, token),
    );
    expect(one.data).toEqual(all[1]);
    expect(one._links.self).toBe(`${sim.url}/v2/iso/2`);
    expect(one.meta.user).toBe("alice");
    const objects = await json<Envelope<SimIso>>(await get(sim, "/v2/iso?per_page=3&expand=1", token));
    expect(objects.data).toEqual(all.slice(0, 3));
  });

  it("answers 404 JSON for an unknown item id", async () => {
    const response = await get(sim, "/v2/iso/999999", token);
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({
      status: 404,
      error: "not_found",
      message: "NotFound: no ISO image with id 999999",
    });
  });

  it("answers a page past the last with empty data and next_url null", async () => {
    const body = await json<Envelope>(await get(sim, "/v2/iso?page=99", token));
    expect(body.data).toEqual([]);
    expect(body.meta.pages.next_url).toBeNull();
    expect(body.meta.pages.total).toBe(224);
  });
});

describe("paging reaches every item exactly once", () => {
  it.each([0, 1, 250, 251])("with %i items", async (count) => {
    const small = await startSimulator({ items: count, tokenRateLimit: false });
    try {
      const bearer = await tokenFor(small);
      const big = await walk(small, "/v2/iso?expand=1&per_page=250", bearer);
      expect(big.items.map((item) => item.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(big.pages).toBe(Math.max(1, Math.ceil(count / 250)));
      const byTen = await walk(small, "/v2/iso?expand=1&sort=name,asc", bearer);
      expect(new Set(byTen.items.map((item) => item.id)).size).toBe(count);
      expect(byTen.pages).toBe(Math.max(1, Math.ceil(count / 10)));
    } finally {
      await small.close();
    }
  });
});

describe("filters and sorts agree with an independent evaluator", () => {
  const filters = [
    "id,eq,17",
    "id,ne,17",
    "id,lt,5",
    "id,le,5",
    "id,gt,220",
    "id,ge,220",
    "id,in,3,1,200,9999",
    "name,like,ubuntu%",
    "name,like,%Server%",
    "name,like,%\\%%",
    "name,like,%\\_Free%",
    "name,like,Win__\\_%",
    "name,like,%'%",
    'name,like,%"%',
    "name,eq,Windows 10 Enterprise LTSC (x64).iso",
    "path,like,[vss-ISOs] Linux/%",
    "data_store,eq,vss-ISOs",
    "public,eq,true",
    "public,eq,0",
    "created_on,ge,2020-01-01T00:00:00Z",
    "created_on,lt,2018-06-01 12:00:00 EDT",
    "updated_on,gt,2019-03-01 Fri 00:00:00 EST;updated_on,le,2021-01-01T00:00:00-05:00",
    "name,like,%iso;id,gt,100;name,ne,x",
  ];
  it.each(filters)("filter=%s", async (filter) => {
    const expected = refFilter(all, filter);
    const got = await walk(sim, `/v2/iso?expand=1&per_page=250&filter=${encodeURIComponent(filter)}`);
    expect(got.items.map((item) => item.id)).toEqual(expected.map((item) => item.id));
    expect(expected.length).toBeGreaterThan(0);
    if (!filter.startsWith("id,ne") && !filter.startsWith("public") && !filter.startsWith("data_store")) {
      expect(expected.length).toBeLessThan(all.length);
    }
  });

  it("finds the names with quotes, % and _ by exact match", async () => {
    for (const name of [
      "O'Reilly Linux Toolkit.iso",
      '11 23H2 "Education" edition.iso',
      "100%_Free_Rescue.iso",
    ]) {
      const hits = refFilter(all, `name,like,%${name.replace(/[%_\\]/g, "\\$&")}`);
      expect(hits.length).toBe(1);
      const got = await walk(
        sim,
        `/v2/iso?expand=1&filter=${encodeURIComponent(`name,eq,${hits[0]!.name}`)}`,
      );
      expect(got.items).toEqual(hits);
    }
  });

  it.each([
    "name,asc",
    "name,desc",
    "created_on,desc",
    "data_store,asc;updated_on,desc",
    "public,asc;path,desc;id,desc",
    "id,asc",
    "id,desc",
  ])("sort=%s", async (sort) => {
    const got = await walk(sim, `/v2/iso?expand=1&per_page=33&sort=${encodeURIComponent(sort)}`);
    expect(got.items.map((item) => item.id)).toEqual(refSort(all, sort).map((item) => item.id));
  });

  it("sort by id alone, with a filter, pages like the reference", async () => {
    const filter = "name,like,%ubuntu%";
    for (const sort of ["id,asc", "id,desc"]) {
      const got = await walk(sim, `/v2/iso?expand=1&per_page=7&filter=${filter}&sort=${sort}`);
      expect(got.items.map((item) => item.id)).toEqual(
        refSort(refFilter(all, filter), sort).map((item) => item.id),
      );
    }
  });

  it("filters and sorts together, and ties break by id ascending", async () => {
    const filter = "name,like,%ubuntu%";
    const got = await walk(sim, `/v2/iso?expand=1&per_page=4&filter=${filter}&sort=data_store,desc`);
    const expected = refFilter(all, filter);
    expect(expected.length).toBeGreaterThan(4);
    expect(got.items.map((item) => item.id)).toEqual(expected.map((item) => item.id).sort((a, b) => a - b));
  });
});

describe("bad queries", () => {
  it.each([
    ["filter=nosuch,eq,1", "nosuch"],
    ["filter=name,contains,x", "contains"],
    ["filter=name", "field,operator,value"],
    ["filter=id,eq,abc", "abc"],
    ["filter=public,eq,maybe", "maybe"],
    ["filter=created_on,gt,yesterday", "yesterday"],
    ["sort=name,up", "name,up"],
    ["sort=nosuch,asc", "nosuch"],
    ["page=0", "page"],
    ["page=x", "page"],
    ["per_page=0", "per_page"],
    ["per_page=2.5", "per_page"],
  ])("%s -> 400 JSON naming the problem", async (query, mentions) => {
    const response = await get(sim, `/v2/iso?${query}`, token);
    expect(response.status).toBe(400);
    const body = await json<{ status: number; error: string; message: string }>(response);
    expect(body.status).toBe(400);
    expect(body.error).toBe("bad_request");
    expect(body.message).toMatch(/^InvalidParameterValue: /);
    expect(body.message).toContain(mentions);
  });
});

describe("every response is JSON", () => {
  it.each([
    ["GET", "/nowhere", 404],
    ["GET", "/v2/iso/abc", 400],
    ["DELETE", "/v2/iso", 405],
    ["POST", "/v2/iso/1", 405],
    ["GET", "/auth/request-token", 405],
    ["GET", "/v2/user/image/iso", 200],
    ["GET", "/v2/request/image_sync/12345", 404],
  ])("%s %s -> %i with application/json and an error body", async (method, path, status) => {
    const response = await get(sim, path, token, { method });
    expect(response.status).toBe(status);
    const body = await json<{ status?: number; error?: string }>(response);
    if (status >= 400) expect(body.status).toBe(status);
  });

  it("401 JSON for a missing or malformed Authorization header", async () => {
    for (const authorization of [undefined, "Bearer", "Token abc", "Bearer a.b.c"]) {
      const response = await fetch(`${sim.url}/v2/iso`, authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      expect((await json<{ error: string }>(response)).error).toBe("unauthorized");
    }
  });

  it("control DELETE answers 204 and still says application/json", async () => {
    const item = await sim.control.addItem({ name: "tmp.iso" });
    const response = await fetch(`${sim.url}/_control/items/${item.id}`, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });
});
