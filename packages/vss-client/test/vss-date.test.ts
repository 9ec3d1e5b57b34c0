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

// The parser before it was rewritten for speed (one regular expression, Date arithmetic): the reference
// the fast one must agree with, value for value and refusal for refusal.
function referenceParse(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (?:([A-Z][a-z]{2}) )?(\d{2}):(\d{2}):(\d{2}) (EST|EDT)$/.exec(text);
  if (!m) throw new RangeError("shape");
  const [, y, mo, d, weekday, h, mi, s, zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  const local = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day) {
    throw new RangeError("calendar");
  }
  if (hour! > 23 || minute! > 59 || second! > 59) throw new RangeError("calendar");
  if (
    weekday !== undefined &&
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][check.getUTCDay()] !== weekday
  ) {
    throw new RangeError("weekday");
  }
  return local + (zone === "EST" ? 5 : 4) * 3_600_000;
}

describe("parseVssDate agrees with the reference parser", () => {
  // A small seeded generator, so a failure reproduces.
  let state = 12_345;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const pad = (n: number, width: number) => String(n).padStart(width, "0");

  function candidate(): string {
    const instant = new Date(Date.UTC(1960, 0, 1) + Math.floor(random() * 120 * 365 * 86_400_000));
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const weekday = random() < 0.7 ? days[instant.getUTCDay()]! : pick([...days, "Xyz", "sun"]);
    const [y, mo, d, h, mi, s] = [
      random() < 0.05 ? Math.floor(random() * 10_000) : instant.getUTCFullYear(),
      random() < 0.05 ? Math.floor(random() * 100) : instant.getUTCMonth() + 1,
      random() < 0.1 ? Math.floor(random() * 100) : instant.getUTCDate(),
      random() < 0.05 ? Math.floor(random() * 100) : instant.getUTCHours(),
      random() < 0.05 ? Math.floor(random() * 100) : instant.getUTCMinutes(),
      random() < 0.05 ? Math.floor(random() * 100) : instant.getUTCSeconds(),
    ] as number[];
    const text =
      `${pad(y!, 4)}-${pad(mo!, 2)}-${pad(d!, 2)} ${random() < 0.5 ? `${weekday} ` : ""}` +
      `${pad(h!, 2)}:${pad(mi!, 2)}:${pad(s!, 2)} ${pick(["EST", "EDT", "PST", "est"])}`;
    if (random() < 0.1) {
      // A corrupted character anywhere.
      const at = Math.floor(random() * text.length);
      return text.slice(0, at) + pick([" ", "-", ":", "x", "9", ""]) + text.slice(at + 1);
    }
    return text;
  }

  it("on 20,000 generated texts, valid and not", () => {
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = candidate();
      let expected: number | "refused";
      try {
        expected = referenceParse(text);
        valid += 1;
      } catch {
        expected = "refused";
      }
      let actual: number | "refused";
      try {
        actual = parseVssDate(text).getTime();
      } catch (error) {
        expect(error).toBeInstanceOf(RangeError);
        actual = "refused";
      }
      if (actual !== expected) expect({ text, actual }).toEqual({ text, actual: expected });
    }
    expect(valid).toBeGreaterThan(5_000);
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
