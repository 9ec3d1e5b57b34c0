// What the API adds to the contract: bearer tokens, freshness, ETags, health and metrics, refusing
// hostile input with a 400, and an unchanged VssClient walking it.
import { type IsoImage, VssClient } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Harness, startHarness, TOKENS } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ items: 120 });
});
afterAll(() => h?.close());

const get = (path: string, token: string | undefined = TOKENS.alice, headers: Record<string, string> = {}) =>
  call(h.apiUrl, path, token, { headers });

describe("auth", () => {
  it.each<[string, string | undefined]>([
    ["no token", undefined],
    ["an unknown token", "not-a-token-of-this-api"],
  ])("answers 401 JSON with %s", async (_what, token) => {
    const answer = await call(h.apiUrl, "/v2/iso", token);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ status: 401, error: "unauthorized" });
  });

  it("answers 401 for a Basic header on a data route", async () => {
    const answer = await call(h.apiUrl, "/v2/iso", undefined, {
      headers: { authorization: `Basic ${Buffer.from(`x:${TOKENS.alice}`).toString("base64")}` },
    });
    expect(answer.status).toBe(401);
  });

  it("serves the change feed only with a token, and pages through it with its cursor", async () => {
    expect((await call(h.apiUrl, "/changes", undefined)).status).toBe(401);
    const first = await get("/changes?limit=5");
    expect(first.status).toBe(200);
    const page = first.body as { changes: Array<{ cursor: string; change: string }>; next: string };
    expect(page.changes).toHaveLength(5);
    expect(page.next).toBe(page.changes[4]!.cursor);
    const second = (await get(`/changes?limit=5&after=${page.next}`)).body as typeof page;
    expect(second.changes[0]!.cursor).not.toBe(page.next);
    expect((await get("/changes?after=not-a-cursor")).status).toBe(400);
  });

  it("answers meta.user with the VSS username a token acts for, else the token's name", async () => {
    expect((await get("/v2/iso", TOKENS.laptop)).body.meta.user).toBe("alice");
    expect((await get("/v2/iso", TOKENS.reader)).body.meta.user).toBe("reader");
  });

  it("serves the personal store of the token's user, and 403 to a token without one", async () => {
    const mine = await get("/v2/user/image/iso?per_page=100");
    expect(mine.status).toBe(200);
    expect(mine.body.meta.pages.total).toBe(23);
    const none = await get("/v2/user/image/iso", TOKENS.reader);
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ status: 403, error: "forbidden" });
  });

  it("hands out a JWT on POST /auth/request-token, in the upstream shape", async () => {
    const basic = (password: string) => `Basic ${Buffer.from(`anyone:${password}`).toString("base64")}`;
    const ok = await call(h.apiUrl, "/auth/request-token", undefined, {
      method: "POST",
      headers: { authorization: basic(TOKENS.reader) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ duration: 86400, type: "ACCESS" });
    expect(ok.body.token.split(".")).toHaveLength(3);
    const bad = await call(h.apiUrl, "/auth/request-token", undefined, {
      method: "POST",
      headers: { authorization: basic("wrong-password-entirely") },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.message).not.toContain("wrong-password");
  });

  it("lets an unchanged VssClient walk the catalogue and the personal store", async () => {
    const client = new VssClient({ baseUrl: h.apiUrl, username: "alice", password: TOKENS.alice });
    const viaApi: IsoImage[] = [];
    for await (const item of client.listIsos({ perPage: 50 })) viaApi.push(item);
    const upstream = new VssClient({ baseUrl: h.sim.url, username: "alice", password: "alice-password" });
    const viaSim: IsoImage[] = [];
    for await (const item of upstream.listIsos({ perPage: 50 })) viaSim.push(item);
    const comparable = (items: IsoImage[]) =>
      items.map(({ createdOnText: _c, updatedOnText: _u, ...rest }) => rest);
    expect(viaApi).toHaveLength(120);
    expect(comparable(viaApi)).toEqual(comparable(viaSim));
    const personal: IsoImage[] = [];
    for await (const item of client.listPersonalIsos()) personal.push(item);
    expect(personal).toHaveLength(23);
    expect((await client.getIso(17)).id).toBe(17);
  });
});

describe("freshness and ETags", () => {
  const lastRun = async (scope: string) => {
    const [row] = await h.database.query<{ finished_at: Date }>(
      `select finished_at from vss.sync_runs where scope = $1 and status = 'succeeded'
        order by started_at desc limit 1`,
      [scope],
    );
    return row!.finished_at.toISOString();
  };

  it("says when the scope was last synced successfully, on lists and items", async () => {
    for (const path of ["/v2/iso", "/v2/iso/3", "/v2/user/image/iso"]) {
      const answer = await get(path);
      const scope = path.startsWith("/v2/user") ? "alice" : "public";
      expect(answer.headers.get("x-mirror-synced-at")).toBe(await lastRun(scope));
    }
  });

  it("answers 304 with no body to If-None-Match, until a sync commits", async () => {
    const path = "/v2/iso?per_page=5&sort=name,desc&expand=1";
    const first = await get(path);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get(path, TOKENS.alice, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("x-mirror-synced-at")).toBe(first.headers.get("x-mirror-synced-at"));
    // A list of tags, and the weak form, match too (If-None-Match compares weakly).
    expect((await get(path, TOKENS.alice, { "if-none-match": `"x", W/${etag}` })).status).toBe(304);
    // Another url, or another caller (meta.user differs), is another representation.
    expect((await get(`${path}&page=2`, TOKENS.alice, { "if-none-match": etag })).status).toBe(200);
    expect((await get(path, TOKENS.reader, { "if-none-match": etag })).status).toBe(200);

    await h.sim.control.updateItem(120, { name: "aaa-renamed.iso" });
    await h.sync("public");
    const changed = await get(path, TOKENS.alice, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(changed.headers.get("x-mirror-synced-at")).toBe(await lastRun("public"));
    // The cache never serves a body of the previous commit.
    const renamed = await get("/v2/iso?filter=id,eq,120&expand=1");
    expect(renamed.body.data[0].name).toBe("aaa-renamed.iso");
  });

  it("gives the same ETag and body to the same request while nothing changes", async () => {
    const a = await get("/v2/iso?per_page=3&expand=1");
    const b = await get("/v2/iso?per_page=3&expand=1");
    expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
    expect(b.body.data).toEqual(a.body.data);
  });
});

describe("hostile input gets a 400 naming the problem, never a 500", () => {
  const big = "x".repeat(100 * 1024);
  it.each([
    ["a quote in a field name", "/v2/iso?filter=name'--,eq,x"],
    ["a quote in a number", "/v2/iso?filter=id,eq,1' or '1'='1"],
    ["a % in a number", "/v2/iso?filter=id,lt,%25"],
    ["a % in a date", "/v2/iso?filter=created_on,gt,%25"],
    ["a 100 KB value", `/v2/iso?filter=name,eq,${big}`],
    ["a 100 KB like pattern", `/v2/iso?filter=name,like,%25${big}`],
    [
      "an in list of 101 values",
      `/v2/iso?filter=id,in,${Array.from({ length: 101 }, (_, i) => i).join(",")}`,
    ],
    ["an unknown field", "/v2/iso?filter=password,eq,x"],
    ["an SQL field name", "/v2/iso?filter=1;select 1,eq,x"],
    ["a bad operator", "/v2/iso?filter=name,regex,.*"],
    ["an SQL sort", "/v2/iso?sort=name;drop table vss.sync_runs"],
    ["an SQL sort direction", "/v2/iso?sort=name,asc nulls first"],
    ["a NUL byte", "/v2/iso?filter=name,eq,a%00b"],
    ["a negative per_page", "/v2/iso?per_page=-5"],
  ])("%s", async (_what, path) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ status: 400, error: "bad_request" });
    expect(answer.body.message).toMatch(/^InvalidParameterValue: /);
    expect(answer.body.message.length).toBeLessThan(300);
  });

  it.each([
    ["quotes in a string value", "/v2/iso?filter=name,eq,o'brien\"--"],
    ["% and _ in a like", "/v2/iso?filter=name,like,%25%27%25_"],
    ["a trailing backslash in a like", "/v2/iso?filter=name,like,abc%5C"],
    ["a 4 KiB value", `/v2/iso?filter=path,lt,${"y".repeat(4096)}`],
    // As upstream: a page past the last is an empty page, however far.
    ["a huge page", "/v2/iso?page=99999999999999999999999999"],
  ])("%s is data: 200", async (_what, path) => {
    expect((await get(path)).status).toBe(200);
  });

  it("leaves the database intact", async () => {
    const [row] = await h.database.query<{ n: number }>("select count(*)::int as n from vss.sync_runs");
    expect(row!.n).toBeGreaterThan(0);
  });
});

describe("health and metrics", () => {
  it("GET /healthz needs no token", async () => {
    const answer = await call(h.apiUrl, "/healthz", undefined);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ok", checks: { database: "ok" } });
  });

  it("GET /metrics counts requests by route and status, with a latency histogram", async () => {
    await get("/v2/iso/1");
    await get("/v2/iso/abc");
    const response = await fetch(`${h.apiUrl}/metrics`);
    const text = await response.text();
    expect(text).toMatch(
      /vss_mirror_api_requests_total\{route="\/v2\/iso\/:id",method="GET",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /vss_mirror_api_requests_total\{route="\/v2\/iso\/:id",method="GET",status="400"\} \d+/,
    );
    expect(text).toContain(
      'vss_mirror_api_request_duration_seconds_bucket{le="0.005",route="/v2/iso/:id",method="GET"}',
    );
    expect(text).toMatch(/vss_mirror_api_cache_hits_total\{kind="not_modified"\} \d+/);
  });

  it("answers JSON on unknown routes and wrong methods", async () => {
    const missing = await call(h.apiUrl, "/nowhere", undefined);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^application\/json/);
    const wrong = await call(h.apiUrl, "/v2/iso", TOKENS.alice, { method: "POST" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("GET");
  });
});
