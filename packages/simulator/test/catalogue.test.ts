import { describe, expect, it } from "vitest";
import { formatTorontoDate, generateCatalogue, parseWireDate } from "../src/index.js";

describe("Toronto dates", () => {
  it.each([
    // Fall back 2021-11-07: 01:xx happens twice, first EDT (UTC-4) then EST (UTC-5).
    ["2021-11-07T05:30:00Z", false, "2021-11-07 01:30:00 EDT"],
    ["2021-11-07T06:30:00Z", false, "2021-11-07 01:30:00 EST"],
    ["2021-11-07T05:59:59Z", true, "2021-11-07 Sun 01:59:59 EDT"],
    ["2021-11-07T06:00:00Z", true, "2021-11-07 Sun 01:00:00 EST"],
    // Spring forward 2021-03-14: 01:59:59 EST is followed by 03:00:00 EDT.
    ["2021-03-14T06:59:59Z", false, "2021-03-14 01:59:59 EST"],
    ["2021-03-14T07:00:00Z", false, "2021-03-14 03:00:00 EDT"],
    ["2017-11-17T18:43:11Z", false, "2017-11-17 13:43:11 EST"],
    ["2024-07-01T16:00:00Z", true, "2024-07-01 Mon 12:00:00 EDT"],
  ] as const)("%s -> %s (weekday %s)", (iso, withWeekday, wire) => {
    expect(formatTorontoDate(Date.parse(iso), withWeekday)).toBe(wire);
    expect(parseWireDate(wire)).toBe(Date.parse(iso));
  });
});

describe("generateCatalogue", () => {
  it("is byte-identical for the same seed and differs for another", () => {
    expect(JSON.stringify(generateCatalogue(224, 1))).toBe(JSON.stringify(generateCatalogue(224, 1)));
    expect(JSON.stringify(generateCatalogue(224, 2))).not.toBe(JSON.stringify(generateCatalogue(224, 1)));
  });

  it("looks like the real catalogue", () => {
    const items = generateCatalogue(224, 1);
    expect(items.map((item) => item.id)).toEqual(Array.from({ length: 224 }, (_, i) => i + 1));
    const families = new Set(items.map((item) => /^\[vss-ISOs\] ([^/]+)\//.exec(item.path)?.[1]));
    for (const family of ["Linux", "Windows", "Solaris", "Tools"]) expect(families).toContain(family);
    const names = items.map((item) => item.name).join("\n");
    for (const distro of [
      "CentOS",
      "ubuntu",
      "debian",
      "rhel",
      "Rocky",
      "AlmaLinux",
      "Fedora",
      "SLE",
      "SQLServer",
      "VMware-tools",
    ]) {
      expect(names).toContain(distro);
    }
    for (const awkward of [" ", "'", '"', "%", "_"])
      expect(items.some((item) => item.name.includes(awkward))).toBe(true);
    for (const item of items) {
      expect(item).toMatchObject({ data_store: "vss-ISOs", public: true });
      expect(item.path).toBe(`[vss-ISOs] ${item.path.slice(11, item.path.lastIndexOf("/"))}/${item.name}`);
      expect(item.path).toMatch(/^\[vss-ISOs\] [^/]+\/[^/]+\/[^/]+\.(iso|ISO)$/);
      for (const date of [item.created_on, item.updated_on]) {
        const instant = parseWireDate(date);
        expect(Number.isNaN(instant)).toBe(false);
        // The abbreviation is right for the instant: formatting it again gives the same text.
        expect(formatTorontoDate(instant, / [A-Z][a-z]{2} /.test(date))).toBe(date);
      }
      expect(parseWireDate(item.updated_on)).toBeGreaterThanOrEqual(parseWireDate(item.created_on));
    }
    const dates = items.map((item) => item.created_on);
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2} \d{2}:/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2} [A-Z][a-z]{2} \d{2}:/.test(d))).toBe(true);
    expect(dates.some((d) => d.endsWith("EST")) && dates.some((d) => d.endsWith("EDT"))).toBe(true);
    // Both readings of the repeated fall-back hour occur.
    const fallBack = dates.filter((d) => /-11-0\d( Sun)? 01:/.test(d));
    expect(fallBack.some((d) => d.endsWith("EDT")) && fallBack.some((d) => d.endsWith("EST"))).toBe(true);
    const extras = items.filter((item) => Object.keys(item).length > 7);
    expect(extras.length).toBeGreaterThan(0);
    expect(extras.length).toBeLessThan(10);
  });

  // Generation speed is a benchmark figure (BENCHMARKS.md), not a test assertion.
  it("generates 100,000 and 500,000 items deterministically with unique paths", () => {
    const big = generateCatalogue(100_000, 7);
    expect(big.length).toBe(100_000);
    expect(new Set(big.map((item) => item.path)).size).toBe(100_000);
    expect(JSON.stringify(generateCatalogue(100_000, 7).slice(-50))).toBe(JSON.stringify(big.slice(-50)));
    const huge = generateCatalogue(500_000, 7);
    expect(huge[499_999]!.id).toBe(500_000);
    expect(huge.slice(0, 100_000)[0]!.name).toBe(big[0]!.name);
  });
});
