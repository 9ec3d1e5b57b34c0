// The cursor is opaque but strict: only what the feed hands out decodes, one position has one cursor.
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, InvalidCursorError, START_CURSOR } from "../src/index.js";

describe("feed cursor", () => {
  it("round-trips a position", () => {
    const cursor = encodeCursor({ commitSeq: 12, changeId: 345_678 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ commitSeq: 12, changeId: 345_678 });
    expect(decodeCursor(START_CURSOR)).toEqual({ commitSeq: 0, changeId: 0 });
  });

  it.each([
    ["empty", ""],
    ["not base64url", "a+b/"],
    ["garbage", "hello"],
    ["sql", "1' or '1'='1"],
    ["a bare number", Buffer.from("12").toString("base64url")],
    ["negative", Buffer.from("-1.2").toString("base64url")],
    ["leading zeros", Buffer.from("01.2").toString("base64url")],
    ["past 2^53", Buffer.from("99999999999999999.1").toString("base64url")],
    ["huge", "A".repeat(10_000)],
  ])("refuses %s with InvalidCursorError", (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  it("does not echo a huge cursor whole in its message", () => {
    const error = (() => {
      try {
        decodeCursor("A".repeat(10_000));
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message.length).toBeLessThan(400);
  });
});
