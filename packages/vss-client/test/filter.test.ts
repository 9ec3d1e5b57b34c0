import { describe, expect, it } from "vitest";
import { escapeLike, filter, sort, sortParam, VssClient } from "../src/index.js";
import { fakeFetch, jwt, listPage, ORIGIN, tokenAnswer } from "./fake-fetch.js";

describe("filter()", () => {
  it("joins clauses with ; in field,op,value form for all eight operators", () => {
    const f = filter()
      .eq("name", "x")
      .ne("data_store", "vss-ISOs")
      .lt("id", 10)
      .le("id", 20)
      .gt("id", 1)
      .ge("id", 2)
      .like("name", "Cent%")
      .in("id", [1, 2, 3]);
    expect(f.toString()).toBe(
      "name,eq,x;data_store,ne,vss-ISOs;id,lt,10;id,le,20;id,gt,1;id,ge,2;name,like,Cent%;id,in,1,2,3",
    );
  });

  it("is immutable", () => {
    const base = filter().eq("public", true);
    const more = base.eq("id", 1);
    expect(base.toString()).toBe("public,eq,true");
    expect(more.toString()).toBe("public,eq,true;id,eq,1");
    expect(filter().isEmpty).toBe(true);
  });

  it("encodes Dates as Toronto local wire dates, booleans and numbers as text", () => {
    const f = filter()
      .gt("updated_on", new Date("2024-07-02T13:15:00Z"))
      .lt("created_on", new Date("2017-11-17T18:43:11.900Z"))
      .eq("public", false)
      .eq("id", -3.5)
      .eq("created_on", "2017-11-17 13:43:11 EST");
    expect(f.toString()).toBe(
      "updated_on,gt,2024-07-02 09:15:00 EDT;created_on,lt,2017-11-17 13:43:11 EST;public,eq,false;id,eq,-3.5;" +
        "created_on,eq,2017-11-17 13:43:11 EST",
    );
  });

  it("accepts extra field names with any value type", () => {
    expect(filter().eq("size_gb", 4).eq("os", "linux").toString()).toBe("size_gb,eq,4;os,eq,linux");
  });

  it("rejects values the API cannot express", () => {
    expect(() => filter().eq("name", "a;b")).toThrow(/";"/);
    expect(() => filter().like("name", "%;%")).toThrow(/";"/);
    expect(() => filter().in("name", ["a", "b,c"])).toThrow(/","/);
    expect(() => filter().in("id", [])).toThrow(/at least one/);
    expect(() => filter().eq("id", Number.NaN)).toThrow(/finite/);
    expect(() => filter().eq("id", Infinity)).toThrow(/finite/);
    expect(() => filter().eq("bad,field", "x")).toThrow(/field name/);
    expect(() => filter().eq("", "x")).toThrow(/field name/);
  });

  it("allows commas in a non-`in` value (upstream splits on the first two)", () => {
    expect(filter().eq("name", "a,b").toString()).toBe("name,eq,a,b");
  });

  it("types values by field", () => {
    // @ts-expect-error id takes a number
    filter().eq("id", "1");
    // @ts-expect-error public takes a boolean
    filter().eq("public", "true");
    // @ts-expect-error name takes a string
    filter().in("name", [1]);
    filter().eq("updated_on", new Date()).eq("updated_on", "2024-01-01 00:00:00 EST");
  });
});

describe("escapeLike", () => {
  it("escapes %, _ and \\ so they match literally", () => {
    expect(escapeLike("50%_off\\")).toBe("50\\%\\_off\\\\");
    expect(
      filter()
        .like("name", `${escapeLike("CentOS_7")}%`)
        .toString(),
    ).toBe("name,like,CentOS\\_7%");
  });
});

describe("sort()", () => {
  it("joins keys with ;", () => {
    expect(sort().asc("name").desc("id").toString()).toBe("name,asc;id,desc");
    expect(sort().by("updated_on", "desc").toString()).toBe("updated_on,desc");
    expect(() => sort().asc("a;b")).toThrow(/field name/);
  });

  it("sends id,asc by default and appends it as tie-break when id is absent", () => {
    expect(sortParam(undefined)).toBe("id,asc");
    expect(sortParam(sort())).toBe("id,asc");
    expect(sortParam(sort().desc("name"))).toBe("name,desc;id,asc");
    expect(sortParam("name,asc;id,desc")).toBe("name,asc;id,desc");
  });
});

describe("query string on the wire", () => {
  it("percent-encodes the filter and sort with URLSearchParams and always asks expand=1, per_page=250", async () => {
    const { fetch, calls } = fakeFetch(({ url }) =>
      url.pathname === "/auth/request-token"
        ? tokenAnswer(jwt({ exp: 9e9 }))
        : Response.json(listPage(url, 0, 250, 1)),
    );
    const client = new VssClient({ baseUrl: ORIGIN, username: "u", password: "p", fetch });
    const f = filter().like("name", "50% & \"quoted\" 'x'").eq("path", "[vss-ISOs] a b+c/d?e#f");
    await client.listIsos({ filter: f, sort: sort().desc("name") });
    const url = calls[1]!.url;
    expect(url.pathname).toBe("/v2/iso");
    const raw = url.search;
    expect(raw).not.toMatch(/[ "']/);
    expect(raw.slice(1).split("&")).toHaveLength(5); // the only raw & are parameter separators
    expect(raw).toContain("50%25+%26+%22quoted%22+%27x%27");
    expect(url.searchParams.get("filter")).toBe(f.toString());
    expect(url.searchParams.get("sort")).toBe("name,desc;id,asc");
    expect(url.searchParams.get("expand")).toBe("1");
    expect(url.searchParams.get("per_page")).toBe("250");
    expect(url.searchParams.get("page")).toBe("1");
  });
});
