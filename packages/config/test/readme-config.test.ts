// The README's configuration reference is the one users read; it must list exactly the variables the
// code accepts, with the same defaults, or it silently lies.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../src/index.js";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("### Configuration"));
const rows = new Map(
  [...section.matchAll(/^\| `([A-Z_]+)` +\| *(`[^`]*`)? *\|/gm)].map((m) => [m[1], m[2]?.slice(1, -1)]),
);

it("the README lists every configuration variable, with its default, and no other", () => {
  expect([...rows.keys()].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort());
  for (const variable of CONFIG_VARIABLES)
    expect([variable.name, rows.get(variable.name)]).toEqual([variable.name, variable.default]);
});
