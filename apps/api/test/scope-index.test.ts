// The in-memory scope index (catalogue-index.ts, index-query.ts) against SQL: the same answer for many
// generated queries of every kind, and proof that it is what answers, and that a new commit replaces it.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../src/index.js";
import { apiSettings, call, type Harness, silentLogger, startHarness, TOKENS } from "./harness.js";

let h: Harness;
let sqlApi: FastifyInstance;
let sqlUrl: string;

beforeAll(async () => {
  h = await startHarness({ items: 400, cacheEntries: 0 });
  await h.sim.control.deleteItem(11);
  await h.sync("public");
  sqlApi = await buildApi({
    database: h.database,
    config: apiSettings({ cacheEntries: 0 }),
    logger: silentLogger(),
    scopeIndex: false,
  });
  await sqlApi.listen({ host: "127.0.0.1", port: 0 });
  sqlUrl = `http://127.0.0.1:${(sqlApi.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await sqlApi?.close();
  await h?.close();
});

const withoutTime = (body: unknown) =>
  JSON.parse(JSON.stringify(body).replace(/"time":"[^"]*"/g, '"time":""'));

async function expectSame(path: string) {
  const [indexed, sql] = await Promise.all([
    call(h.apiUrl, path, TOKENS.alice),
    call(sqlUrl, path.replace(h.apiUrl, sqlUrl), TOKENS.alice),
  ]);
  expect({ path, status: indexed.status }).toEqual({ path, status: sql.status });
  const base = (body: unknown, url: string) => JSON.parse(JSON.stringify(body).split(url).join("<base>"));
  expect(withoutTime(base(indexed.body, h.apiUrl))).toEqual(withoutTime(base(sql.body, sqlUrl)));
  return indexed;
}

/** A seeded generator, so that a failure names a query that fails again. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("scope index", () => {
  it("answers like SQL for generated queries of every kind", async () => {
    const items = (await h.sim.control.items("public")) as Array<Record<string, string | number | boolean>>;
    const random = generator(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const item = () => pick(items);
    const ops = ["eq", "ne", "lt", "le", "gt", "ge"];
    const kinds: Array<() => string> = [
      () => `id,${pick(ops)},${item().id}`,
      () => `id,in,${[item().id, item().id, 11, item().id, 99999].join(",")}`,
      () => `name,like,${String(item().name).slice(0, 1 + Math.floor(random() * 5))}%`,
      () => {
        const name = String(item().name);
        const at = Math.floor(random() * (name.length - 3));
        return `name,like,%${name.slice(at, at + 3)}%`;
      },
      () => `path,${pick(ops)},${item().path}`,
      () => `name,${pick(["lt", "ge"])},${String(item().name).slice(0, 3)}`,
      () => `public,${pick(ops)},${pick(["true", "false", "1", "0"])}`,
      () => `data_store,${pick(["eq", "ne"])},vss-ISOs`,
      () => `created_on,${pick(ops)},${item().created_on}`,
      () => `updated_on,${pick(ops)},${String(item().updated_on).slice(0, 10)}`,
      () => `created_on,in,${item().created_on},${item().updated_on}`,
      () => `updated_on,like,${pick(["% Wed %", "%EDT", "2020-%", "%:00 E_T"])}`,
      () => `id,like,${Math.floor(random() * 40)}%`,
      // Whole names, escapes and `_`: the matcher's other shapes.
      () => `name,like,${item().name}`,
      () => `name,like,${pick(["%\\_%", "%\\%%", "%.iso\\", "%_.iso", "_%", "%%", "%"])}`,
      () => `path,like,%${String(item().path).slice(-8)}`,
    ];
    const sorts = [
      "",
      "id,desc",
      "name,asc",
      "name,desc",
      "updated_on,desc",
      "created_on,asc",
      "public,desc",
      "path,asc",
      "data_store,desc",
    ];
    let nonEmpty = 0;
    for (let n = 0; n < 150; n++) {
      const filters = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(kinds)());
      const params = new URLSearchParams({
        filter: filters.join(";"),
        sort: pick(sorts),
        per_page: String(pick([1, 7, 50, 250])),
        page: String(1 + Math.floor(random() * 4)),
        expand: pick(["1", "0"]),
      });
      const answer = await expectSame(`/v2/iso?${params.toString()}`);
      if (answer.body?.data?.length > 0) nonEmpty++;
    }
    // The queries find things (an index that answered nothing would agree with little).
    expect(nonEmpty).toBeGreaterThan(50);
  });

  it("answers like SQL for plain pages, deep pages and past the end, with and without a sort", async () => {
    for (const query of [
      "",
      "?per_page=250&expand=1",
      "?per_page=7&page=57&expand=1",
      "?per_page=7&page=58",
      "?page=9007199254740993",
      "?sort=updated_on,desc&per_page=50&page=8&expand=1",
      "?sort=name,desc&filter=public,eq,true&per_page=3&page=40&expand=1",
    ]) {
      await expectSame(`/v2/iso${query}`);
    }
    // The personal store (another scope, with an undocumented field: those go to SQL) agrees too.
    for (const query of [
      "?expand=1",
      "?expand=1&sort=checksum,asc",
      "?filter=checksum,like,sha%",
      "?sort=name,desc",
    ]) {
      await expectSame(`/v2/user/image/iso${query}`);
    }
  });

  it("is what answers until the scope's next commit, which replaces it", async () => {
    const path = "/v2/iso?filter=id,eq,3&expand=1";
    const before = await call(h.apiUrl, path, TOKENS.alice);
    // Written behind the sync's back: SQL sees it at once, the index (same commit) does not.
    await h.database.query(
      "update vss.iso_image_rows set name = 'behind-the-back.iso' where scope = 'public' and vss_id = 3",
    );
    try {
      expect((await call(sqlUrl, path, TOKENS.alice)).body.data[0].name).toBe("behind-the-back.iso");
      expect((await call(h.apiUrl, path, TOKENS.alice)).body.data[0].name).toBe(before.body.data[0].name);
    } finally {
      await h.database.query(
        "update vss.iso_image_rows set name = $1 where scope = 'public' and vss_id = 3",
        [before.body.data[0].name],
      );
    }
    await h.sim.control.updateItem(3, { name: "renamed-upstream.iso" });
    await h.sync("public");
    // The first answer after the commit may come from SQL while the new index loads: both are new.
    for (let i = 0; i < 20; i++) {
      expect((await call(h.apiUrl, path, TOKENS.alice)).body.data[0].name).toBe("renamed-upstream.iso");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
});
