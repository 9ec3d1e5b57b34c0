// Filters (every operator) and sorts (single and multi-key) as sent by the client give exactly what an
// independent reference evaluation over `sim.control.items()` gives, across several pages.
import { type SimIso, type Simulator, startSimulator } from "@vss-mirror/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeLike, type Filter, filter, type FilterValue, sort, type VssClient } from "../src/index.js";
import { type RefClause, referenceQuery } from "./reference-query.js";
import { clientFor, walkIds } from "./sim-helpers.js";

let sim: Simulator;
let client: VssClient;
let items: SimIso[];
let sample: SimIso;

const EXTRA = [
  { name: `50% off & "quoted" 'x' +plus.iso`, data_store: "vssUser-xfers", public: false },
  { name: "a,b c.iso", data_store: "vssUser-xfers", public: false },
  { name: "under_score\\back.iso", data_store: "other-store", public: true },
  {
    name: "Zeta é ünïcode.iso",
    data_store: "other-store",
    public: false,
    created_on: "2024-11-03 01:30:00 EDT",
  },
  {
    name: "fallback.iso",
    data_store: "other-store",
    public: false,
    created_on: "2024-11-03 Sun 01:30:00 EST",
  },
];

beforeAll(async () => {
  sim = await startSimulator({ items: 120, tokenRateLimit: false });
  for (const item of EXTRA) await sim.control.addItem(item);
  items = await sim.control.items();
  sample = items[17]!;
  client = clientFor(sim);
});
afterAll(() => sim.close());

function toFilter(clauses: RefClause[]): Filter {
  let f = filter();
  for (const c of clauses) {
    const field: string = c.field;
    if (c.op === "in") f = f.in(field, c.value as FilterValue[]);
    else if (c.op === "like") f = f.like(field, String(c.value));
    else f = f[c.op](field, c.value as FilterValue);
  }
  return f;
}

async function check(clauses: RefClause[], sortKeys: [string, "asc" | "desc"][] = []) {
  let s = sort();
  for (const [field, dir] of sortKeys) s = s.by(field, dir);
  const expected = referenceQuery(items, clauses, sortKeys);
  const options = { filter: toFilter(clauses), sort: s, perPage: 9 };
  const sequential = await walkIds(client.listIsos(options));
  expect(sequential).toEqual(expected);
  const concurrent = await walkIds(client.listIsos(options), 3);
  expect([...concurrent].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
  return expected;
}

describe("filters", () => {
  const cases: [string, () => RefClause[]][] = [
    ["eq name", () => [{ field: "name", op: "eq", value: sample.name }]],
    ["ne data_store", () => [{ field: "data_store", op: "ne", value: "vss-ISOs" }]],
    ["lt id", () => [{ field: "id", op: "lt", value: 40 }]],
    ["le id", () => [{ field: "id", op: "le", value: 40 }]],
    ["gt id", () => [{ field: "id", op: "gt", value: 100 }]],
    ["ge id", () => [{ field: "id", op: "ge", value: 100 }]],
    ["eq public false", () => [{ field: "public", op: "eq", value: false }]],
    ["ne public true", () => [{ field: "public", op: "ne", value: true }]],
    [
      "lt created_on (Date)",
      () => [{ field: "created_on", op: "lt", value: new Date(Date.parse("2017-01-01T00:00:00Z")) }],
    ],
    [
      "ge updated_on (Date)",
      () => [{ field: "updated_on", op: "ge", value: new Date(Date.parse("2020-06-15T12:00:00Z")) }],
    ],
    [
      "eq created_on (fall-back hour EDT)",
      () => [{ field: "created_on", op: "eq", value: new Date("2024-11-03T05:30:00Z") }],
    ],
    [
      "eq created_on (fall-back hour EST)",
      () => [{ field: "created_on", op: "eq", value: new Date("2024-11-03T06:30:00Z") }],
    ],
    ["le updated_on (wire date text)", () => [{ field: "updated_on", op: "le", value: sample.updated_on }]],
    ["like prefix", () => [{ field: "name", op: "like", value: `${sample.name.slice(0, 4)}%` }]],
    ["like with _", () => [{ field: "name", op: "like", value: `_${sample.name.slice(1, 5)}%` }]],
    ["like escaped literal", () => [{ field: "name", op: "like", value: `${escapeLike("under_score\\")}%` }]],
    ["like escaped %", () => [{ field: "name", op: "like", value: `${escapeLike("50%")}%` }]],
    ["in ids", () => [{ field: "id", op: "in", value: [3, 5, 8, 13, 21, 999] }]],
    [
      "in names",
      () => [{ field: "name", op: "in", value: [sample.name, "Zeta é ünïcode.iso", "missing.iso"] }],
    ],
    ["eq value with & quotes spaces", () => [{ field: "name", op: "eq", value: EXTRA[0]!.name }]],
    ["eq value with a comma", () => [{ field: "name", op: "eq", value: "a,b c.iso" }]],
    [
      "several clauses at once",
      () => [
        { field: "id", op: "gt", value: 10 },
        { field: "id", op: "le", value: 90 },
        { field: "name", op: "like", value: "%.iso" },
        { field: "public", op: "eq", value: true },
      ],
    ],
  ];
  it.each(cases)("%s", async (_name, clauses) => {
    const expected = await check(clauses());
    expect(expected.length).toBeGreaterThan(0); // the case really selects something
  });

  it("a filter matching nothing gives an empty walk", async () => {
    expect(await check([{ field: "name", op: "eq", value: "no such image.iso" }])).toEqual([]);
  });
});

describe("sorts", () => {
  const cases: [string, [string, "asc" | "desc"][]][] = [
    ["name asc", [["name", "asc"]]],
    ["name desc", [["name", "desc"]]],
    ["id desc", [["id", "desc"]]],
    ["created_on desc", [["created_on", "desc"]]],
    ["updated_on asc", [["updated_on", "asc"]]],
    [
      "data_store asc, name desc",
      [
        ["data_store", "asc"],
        ["name", "desc"],
      ],
    ],
    [
      "public desc, created_on asc, name asc",
      [
        ["public", "desc"],
        ["created_on", "asc"],
        ["name", "asc"],
      ],
    ],
    ["path asc", [["path", "asc"]]],
  ];
  it.each(cases)("%s", async (_name, keys) => {
    await check([], keys);
  });

  it("filter and multi-key sort together", async () => {
    await check(
      [{ field: "id", op: "ge", value: 30 }],
      [
        ["data_store", "desc"],
        ["updated_on", "desc"],
      ],
    );
  });
});
