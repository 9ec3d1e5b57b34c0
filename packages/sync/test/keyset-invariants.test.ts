// The rules a keyset answer must keep, checked on answers built by hand: the walk's proof of
// completeness rests on them, so each broken rule must fail the walk, not pass silently.
import type { IsoImage, ListAnswer } from "@vss-mirror/vss-client";
import { describe, expect, it } from "vitest";
import { KeysetAnswerError } from "../src/index.js";
import { acceptAnswer } from "../src/walk/accept-answer.js";
import { IdRange } from "../src/walk/id-range.js";
import { splitPoints } from "../src/walk/split-points.js";
import { PageBuffer } from "../src/store/page-buffer.js";

const item = (id: number) => ({ id }) as IsoImage;
const answer = (
  ids: number[],
  paging: Partial<NonNullable<ListAnswer["paging"]>> | null = {},
): ListAnswer => ({
  items: ids.map(item),
  paging:
    paging === null
      ? undefined
      : { page: 1, pages: 1, perPage: 3, total: ids.length, nextUrl: null, ...paging },
});
const asked = (range: IdRange) => ({ after: range.after, upTo: range.upTo, filter: range.filter() });

describe("acceptAnswer", () => {
  it("asks for ids above the last one seen, up to the range's end", () => {
    expect(new IdRange(null, null).filter()).toBe("id,ge,0");
    expect(new IdRange(10, null).filter()).toBe("id,gt,10");
    expect(new IdRange(10, 99).filter()).toBe("id,gt,10;id,le,99");
  });

  it("continues after a full page and ends on a short one", () => {
    const range = new IdRange(10, 99);
    const full = acceptAnswer(range, asked(range), answer([11, 12, 13], { total: 7, nextUrl: "x" }));
    expect(full).toMatchObject({ finished: false, lastId: 13 });
    expect(acceptAnswer(range, asked(range), answer([14, 15])).finished).toBe(true);
    expect(acceptAnswer(range, asked(range), answer([])).finished).toBe(true);
  });

  it("keeps walking a short page when the upstream says more follows", () => {
    const range = new IdRange(10, 99);
    expect(acceptAnswer(range, asked(range), answer([11], { total: 5, nextUrl: "x" })).finished).toBe(false);
  });

  it("takes an answer without paging as complete", () => {
    const range = new IdRange(null, null);
    expect(acceptAnswer(range, asked(range), answer([5, 1, 9], null))).toMatchObject({ finished: true });
  });

  it.each([
    ["an id at or below the range's start", new IdRange(10, 99), [10, 11]],
    ["an id past the range's end", new IdRange(10, 99), [98, 100]],
    ["ids out of order", new IdRange(10, 99), [12, 11]],
    ["the same id twice", new IdRange(10, 99), [12, 12]],
    ["more items than a page holds", new IdRange(10, 99), [11, 12, 13, 14]],
  ])("fails the walk on %s", (_what, range, ids) => {
    expect(() => acceptAnswer(range, asked(range), answer(ids))).toThrow(KeysetAnswerError);
  });

  it("leaves items past a split to the range that took them, and ends there", () => {
    const range = new IdRange(10, null);
    const before = asked(range);
    range.upTo = 12; // split while the request was in flight
    const accepted = acceptAnswer(range, before, answer([11, 12, 13], { total: 9, nextUrl: "x" }));
    expect(accepted.items.map((i) => i.id)).toEqual([11, 12]);
    expect(accepted.finished).toBe(true);
  });
});

describe("splitPoints", () => {
  it("cuts evenly by id without hints, and at the hints inside the span with them", () => {
    expect(splitPoints(0, 100, 4, [])).toEqual([25, 50, 75]);
    expect(splitPoints(0, 100, 4, [5, 60, 200, 60, 90])).toEqual([5, 60, 90]);
    expect(splitPoints(50, 52, 8, [])).toEqual([51]);
  });
});

describe("PageBuffer", () => {
  it("makes the producer wait while it is full, and hands over everything in order", async () => {
    const buffer = new PageBuffer<number>(2);
    let pushed = 0;
    const producing = (async () => {
      for (let i = 0; i < 5; i++) {
        await buffer.push(i, 1);
        pushed += 1;
      }
      buffer.close();
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pushed).toBe(2);
    const seen: number[] = [];
    for await (const value of buffer) seen.push(value);
    await producing;
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it("fails a waiting producer and the reader with the same error", async () => {
    const buffer = new PageBuffer<number>(1);
    await buffer.push(1, 1);
    const waiting = buffer.push(2, 1);
    buffer.fail(new Error("writer died"));
    await expect(waiting).rejects.toThrow("writer died");
    await expect(buffer[Symbol.asyncIterator]().next()).rejects.toThrow("writer died");
  });
});
