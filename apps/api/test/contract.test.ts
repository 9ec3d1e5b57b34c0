// The contract: the API over the mirror answers every query like the simulator (the upstream's stand-in)
// loaded with the same items: same status, same items in the same order, same paging numbers and url
// shapes, same error status and word. Everything compares exactly, dates included: the API serves each
// date's text as the upstream sent it (the simulator sends both the documented and the weekday form).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, call, type Harness, startHarness, TOKENS } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // An item deleted upstream after the first sync: the resync marks it deleted; neither side lists it.
  await h.sim.control.deleteItem(5);
  await h.sim.control.updateItem(7, { name: "renamed-after-first-sync.iso" });
  await h.sync("public");
});
afterAll(() => h?.close());

/** The comparable form of an answer: urls without their host. */
function normalize(value: unknown, base: string): unknown {
  if (typeof value === "string") return value.startsWith(base) ? `<base>${value.slice(base.length)}` : value;
  if (Array.isArray(value)) return value.map((entry) => normalize(entry, base));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        // Timing differs by nature.
        .filter(([key]) => key !== "time")
        .map(([key, entry]) => [key, normalize(entry, base)]),
    );
  }
  return value;
}

async function both(path: string, method = "GET"): Promise<{ sim: Answer; api: Answer }> {
  const [sim, api] = await Promise.all([
    call(h.sim.url, path, h.simToken, { method }),
    call(h.apiUrl, path, TOKENS.alice, { method }),
  ]);
  return { sim, api };
}

async function expectSameAnswer(path: string, method = "GET"): Promise<Answer> {
  const { sim, api } = await both(path, method);
  expect(api.headers.get("content-type")).toMatch(/^application\/json/);
  expect({ path, status: api.status }).toEqual({ path, status: sim.status });
  if (sim.status >= 400) {
    expect({ status: api.body.status, error: api.body.error }).toEqual({
      status: sim.body.status,
      error: sim.body.error,
    });
    expect(typeof api.body.message).toBe("string");
    return api;
  }
  expect(normalize(api.body, h.apiUrl)).toEqual(normalize(sim.body, h.sim.url));
  return api;
}

const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

describe("paging", () => {
  it.each([
    "",
    "?page=2",
    "?per_page=5&page=3",
    "?per_page=5&page=3&expand=1",
    "?per_page=1000&expand=1",
    "?per_page=250&page=2&expand=1",
    "?per_page=7&page=43&expand=1",
    "?per_page=7&page=44",
    "?page=99",
    "?expand=true&per_page=3",
    "?expand=0&per_page=3&page=2",
  ])("GET /v2/iso%s answers like upstream", async (query) => {
    const answer = await expectSameAnswer(`/v2/iso${query}`);
    expect(answer.body.meta.pages.first_url).toMatch(/^http:\/\//);
  });

  it("clamps per_page at 250 and walks to the last page with next_url null", async () => {
    const first = await expectSameAnswer("/v2/iso?per_page=1000&expand=1");
    expect(first.body.meta.pages.per_page).toBe(250);
    const last = await expectSameAnswer(first.body.meta.pages.next_url.slice(h.apiUrl.length));
    expect(last.body.meta.pages.next_url).toBeNull();
    expect(last.body.data.length).toBe(first.body.meta.pages.total - 250);
  });

  it("never lists an item deleted upstream, and 404s it", async () => {
    const all = await expectSameAnswer("/v2/iso?per_page=250&filter=id,lt,10&expand=1");
    expect(all.body.data.map((item: { id: number }) => item.id)).not.toContain(5);
    await expectSameAnswer("/v2/iso/5");
    const [row] = await h.database.query<{ deleted: boolean }>(
      "select deleted_at is not null as deleted from vss.iso_images where scope = 'public' and vss_id = 5",
    );
    expect(row?.deleted).toBe(true);
  });
});

describe("filters", () => {
  const filters = [
    "id,eq,17",
    "id,ne,17",
    "id,lt,20",
    "id,le,20",
    "id,gt,290",
    "id,ge,290",
    "id,in,1,5,9,300,301",
    "id,like,1%",
    "id,lt,20.5",
    "name,like,%ubuntu%",
    "name,like,CentO%",
    "name,like,%\\_r1%",
    "name,like,%_r1.iso",
    "name,like,%",
    "name,like,\\",
    "name,eq,renamed-after-first-sync.iso",
    "name,ne,renamed-after-first-sync.iso",
    "name,lt,D",
    "name,le,Fedora",
    "name,gt,w",
    "name,ge,W",
    "name,in,renamed-after-first-sync.iso,nothing.iso",
    "name,eq,o'brien\" or 1=1 --",
    "name,like,%'%",
    "path,like,[vss-ISOs] Linux/%",
    "path,gt,[vss-ISOs] Windows",
    "data_store,eq,vss-ISOs",
    "data_store,ne,vss-ISOs",
    "public,eq,true",
    "public,eq,0",
    "public,ne,1",
    "public,lt,true",
    "public,in,true,false",
    "created_on,gt,2020-01-01",
    "created_on,le,2018-06-01 12:00:00 EDT",
    "created_on,lt,2019-03-10 Sun 03:30:00 EDT",
    "updated_on,ge,2023-01-01T00:00:00Z",
    "updated_on,lt,2021-07-01T12:00:00-04:00",
    "updated_on,eq,2016-01-04",
    "created_on,in,2016-01-04T14:00:00Z,2020-01-01",
    // `like` on a date matches its text as sent: the weekday form, the zone, a prefix.
    "created_on,like,% Wed %",
    "updated_on,like,%EDT",
    "created_on,like,2019-%",
    "updated_on,like,____-__-__ ___ %",
    "checksum,like,sha256:%",
    "checksum,ne,x",
    "checksum,gt,sha256:8",
    "checksum,in,x,y",
    "checksum,eq,1",
  ];
  const totals: number[] = [];
  it.each(filters)("filter=%s answers like upstream", async (filter) => {
    const answer = await expectSameAnswer(`/v2/iso${q({ filter, per_page: "250", expand: "1" })}`);
    if (answer.status === 200) totals.push(answer.body.meta.pages.total);
  });

  it("the filters above select something, and not everything, in most cases", () => {
    const selective = totals.filter((total) => total > 0 && total < 299);
    expect(selective.length).toBeGreaterThan(filters.length / 2);
  });

  it("finds items by an exact date upstream sent", async () => {
    const { body } = await call(h.sim.url, "/v2/iso/42", h.simToken);
    const updated: string = body.data.updated_on;
    for (const op of ["eq", "le", "gt"]) {
      const answer = await expectSameAnswer(
        `/v2/iso${q({ filter: `updated_on,${op},${updated}`, per_page: "250", expand: "1" })}`,
      );
      if (op === "eq") expect(answer.body.meta.pages.total).toBeGreaterThan(0);
    }
  });

  it.each([
    "name,like,%.iso;id,gt,100",
    "public,eq,true;created_on,lt,2021-01-01;name,like,%Win%",
    "path,like,%Linux%;updated_on,ge,2020-01-01;id,in,40,41,42,43,44,45,46,47,48,49,50,51,52,53",
  ])("several filters joined by ; (%s) all hold", async (filter) => {
    await expectSameAnswer(`/v2/iso${q({ filter, per_page: "250", expand: "1" })}`);
  });

  it("several filter parameters act like one joined by ;", async () => {
    await expectSameAnswer("/v2/iso?filter=id,gt,100&filter=id,lt,120&expand=1&per_page=50");
  });
});

describe("sorts", () => {
  it.each([
    "name,asc",
    "name,desc",
    "name",
    "updated_on,desc",
    "created_on,asc;name,desc",
    "public,asc;id,desc",
    "path,asc;updated_on,desc",
    "checksum,desc",
    "checksum,asc",
    "data_store,asc;name,asc",
    "id,desc",
  ])("sort=%s answers like upstream, pages 1 and 2", async (sort) => {
    await expectSameAnswer(`/v2/iso${q({ sort, per_page: "100", expand: "1" })}`);
    await expectSameAnswer(`/v2/iso${q({ sort, per_page: "100", page: "2" })}`);
  });

  it("sorts and filters together", async () => {
    await expectSameAnswer(
      `/v2/iso${q({ filter: "name,like,%Linux%;public,eq,true", sort: "updated_on,desc", per_page: "20", page: "2", expand: "1" })}`,
    );
  });
});

describe("items and the personal store", () => {
  it.each(["/v2/iso/17", "/v2/iso/24", "/v2/iso/7", "/v2/iso/1", "/v2/iso/300"])("GET %s", async (path) => {
    await expectSameAnswer(path);
  });

  it.each([
    "",
    "?expand=1",
    "?expand=1&per_page=5&page=5",
    "?expand=1&sort=name,desc&per_page=50",
    "?expand=1&sort=checksum,asc;created_on,desc",
    `?${new URLSearchParams({ filter: "name,like,%'s disk\\%.iso", expand: "1" })}`,
    `?${new URLSearchParams({ filter: "name,like,Win10\\_22H2%", expand: "1" })}`,
    "?filter=checksum,ge,sha256:5&expand=1",
  ])("GET /v2/user/image/iso%s", async (query) => {
    await expectSameAnswer(`/v2/user/image/iso${query}`);
  });

  it("GET one personal item", async () => {
    const { body } = await call(h.sim.url, "/v2/user/image/iso", h.simToken);
    const url: string = body.data[3];
    await expectSameAnswer(url.slice(h.sim.url.length));
  });
});

describe("errors", () => {
  it.each([
    "/v2/iso?filter=name,bad,x",
    "/v2/iso?filter=nope,eq,1",
    "/v2/iso?filter=name",
    "/v2/iso?filter=id,eq,abc",
    "/v2/iso?filter=id,eq,1'--",
    "/v2/iso?filter=public,eq,yes",
    "/v2/iso?filter=created_on,gt,notadate",
    "/v2/iso?filter=name%27,eq,x",
    "/v2/iso?sort=name,up",
    "/v2/iso?sort=nope,asc",
    "/v2/iso?sort=name;drop%20table",
    "/v2/iso?sort=name,asc,extra",
    "/v2/iso?page=0",
    "/v2/iso?page=abc",
    "/v2/iso?per_page=-1",
    "/v2/iso?page=1&page=2",
    "/v2/iso/999999",
    "/v2/iso/abc",
    "/v2/iso/99999999999999999999999",
    "/v2/nothing",
    "/",
    "/v2/user/image/iso/999",
  ])("GET %s fails like upstream", async (path) => {
    const answer = await expectSameAnswer(path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it("DELETE /v2/iso is 405 like upstream", async () => {
    const answer = await expectSameAnswer("/v2/iso", "DELETE");
    expect(answer.status).toBe(405);
  });
});
