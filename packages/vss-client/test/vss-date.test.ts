import { describe, expect, it } from "vitest";
import { formatVssDate, parseVssDate, toIsoImage, VssValidationError } from "../src/index.js";

describe("parseVssDate", () => {
  it("parses the documented form to the exact UTC instant (EST = UTC-5)", () => {
    expect(parseVssDate("2017-11-17 13:43:11 EST").toISOString()).toBe("2017-11-17T18:43:11.000Z");
  });

  it("parses the newer form with a weekday (EDT = UTC-4)", () => {
    expect(parseVssDate("2024-07-02 Tue 09:15:00 EDT").toISOString()).toBe("2024-07-02T13:15:00.000Z");
  });

  it("handles the spring-forward boundary (02:00 EST jumps to 03:00 EDT)", () => {
    const before = parseVssDate("2024-03-10 01:59:59 EST");
    const after = parseVssDate("2024-03-10 03:00:00 EDT");
    expect(before.toISOString()).toBe("2024-03-10T06:59:59.000Z");
    expect(after.toISOString()).toBe("2024-03-10T07:00:00.000Z");
    expect(after.getTime() - before.getTime()).toBe(1000);
  });

  it("resolves the repeated fall-back hour by the abbreviation", () => {
    const first = parseVssDate("2024-11-03 01:30:00 EDT");
    const second = parseVssDate("2024-11-03 Sun 01:30:00 EST");
    expect(first.toISOString()).toBe("2024-11-03T05:30:00.000Z");
    expect(second.toISOString()).toBe("2024-11-03T06:30:00.000Z");
  });

  it.each([
    "",
    "2017-11-17",
    "2017-11-17T13:43:11Z",
    "2017-11-17 13:43:11 PST",
    "2017-11-17 13:43:11",
    "2024-02-30 10:00:00 EST",
    "2024-01-01 24:00:00 EST",
    "2024-07-02 Wed 09:15:00 EDT",
    "garbage",
  ])("rejects %j", (text) => {
    expect(() => parseVssDate(text)).toThrow(RangeError);
  });
});

describe("formatVssDate", () => {
  it.each([
    ["2017-11-17T18:43:11.000Z", "2017-11-17 13:43:11 EST"],
    ["2024-07-02T13:15:00.000Z", "2024-07-02 09:15:00 EDT"],
    ["2024-11-03T05:30:00.000Z", "2024-11-03 01:30:00 EDT"],
    ["2024-11-03T06:30:00.000Z", "2024-11-03 01:30:00 EST"],
    ["2024-03-10T07:00:00.000Z", "2024-03-10 03:00:00 EDT"],
    ["2024-12-31T23:59:59.999Z", "2024-12-31 18:59:59 EST"],
  ])("formats %s as %s and parses back (to the second)", (iso, wire) => {
    const date = new Date(iso);
    expect(formatVssDate(date)).toBe(wire);
    expect(parseVssDate(wire).getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
  });

  it("rejects an invalid Date", () => {
    expect(() => formatVssDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("dates inside items", () => {
  it("names the item and the field when a date does not parse", () => {
    const raw = {
      id: 42,
      name: "a.iso",
      path: "[vss-ISOs] a.iso",
      data_store: "vss-ISOs",
      public: true,
      created_on: "2017-11-17 13:43:11 EST",
      updated_on: "yesterday",
    };
    let caught: unknown;
    try {
      toIsoImage(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VssValidationError);
    const error = caught as VssValidationError;
    expect(error.itemId).toBe(42);
    expect(error.issues.map((i) => i.field)).toEqual(["updated_on"]);
    expect(error.message).toContain("item id 42");
    expect(error.message).toContain("updated_on");
  });
});
