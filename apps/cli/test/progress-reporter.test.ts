// The progress maths and rendering, driven with a fake clock and a fake stream.
import { describe, expect, it } from "vitest";
import { createProgressReporter, type ProgressEvent } from "../src/progress/create-progress-reporter.js";
import { formatEta, formatProgressLine } from "../src/progress/format-progress-line.js";
import { progressRate } from "../src/progress/progress-rate.js";

function collector(isTTY = false) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

function fakeClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progressRate", () => {
  it("is items over elapsed seconds, with the ETA of the items left rounded up", () => {
    expect(progressRate(30_000, 2_000, 70_000)).toEqual({ itemsPerSecond: 15_000, etaSeconds: 5 });
    expect(progressRate(1_000, 3_000, 1)).toEqual({ itemsPerSecond: 1_000 / 3, etaSeconds: 1 });
  });

  it("has no rate and no ETA without elapsed time or items, instead of dividing by zero", () => {
    expect(progressRate(500, 0, 100)).toEqual({ itemsPerSecond: null, etaSeconds: null });
    expect(progressRate(0, 1_000, 100)).toEqual({ itemsPerSecond: null, etaSeconds: null });
  });

  it("has a rate but no ETA while the total is unknown, and ETA 0 when nothing is left", () => {
    expect(progressRate(100, 1_000)).toEqual({ itemsPerSecond: 100, etaSeconds: null });
    expect(progressRate(100, 1_000, 0)).toEqual({ itemsPerSecond: 100, etaSeconds: 0 });
  });
});

describe("formatProgressLine", () => {
  it("renders pages, items with thousands separators, rate and ETA", () => {
    const line = formatProgressLine(
      { scope: "public", pagesDone: 120, pages: 400, itemsDone: 30_000, total: 100_000 },
      { itemsPerSecond: 12_345.4, etaSeconds: 6 },
    );
    expect(line).toBe("public  120/400 pages  30,000/100,000 items  12,345 items/s  ETA 6s");
  });

  it("shows unknown counts as ? and leaves rate and ETA out until there is a rate", () => {
    const line = formatProgressLine(
      { scope: "alice", pagesDone: 0, itemsDone: 0 },
      { itemsPerSecond: null, etaSeconds: null },
    );
    expect(line).toBe("alice  0/? pages  0/? items");
  });

  it.each([
    [0, "0s"],
    [6, "6s"],
    [59.2, "1m00s"],
    [65, "1m05s"],
    [3_599, "59m59s"],
    [7_380, "2h03m"],
  ])("formatEta(%d) is %s", (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });
});

describe("createProgressReporter, not a terminal", () => {
  it("writes one JSON line per update, throttled, and never holds back the one that completes the scope", () => {
    const stream = collector(false);
    const clock = fakeClock();
    const reporter = createProgressReporter({ stream, isTTY: false, now: clock.now, intervalMs: 100 });
    reporter.onProgress({ scope: "public", pagesDone: 1, pages: 4, itemsDone: 250, total: 1_000 });
    clock.advance(10);
    reporter.onProgress({ scope: "public", pagesDone: 2, pages: 4, itemsDone: 500, total: 1_000 }); // held
    clock.advance(240);
    reporter.onProgress({ scope: "public", pagesDone: 3, pages: 4, itemsDone: 750, total: 1_000 });
    clock.advance(1);
    reporter.onProgress({ scope: "public", pagesDone: 4, pages: 4, itemsDone: 1_000, total: 1_000 });
    reporter.done();
    const events = stream
      .text()
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as ProgressEvent);
    expect(events).toEqual([
      {
        event: "progress",
        scope: "public",
        pagesDone: 1,
        pages: 4,
        itemsDone: 250,
        total: 1_000,
        itemsPerSecond: null,
        etaSeconds: null,
      },
      // 500 items since the first event, in 250 ms: 2,000 items/s, 250 left -> 1 s.
      expect.objectContaining({ pagesDone: 3, itemsDone: 750, itemsPerSecond: 2_000, etaSeconds: 1 }),
      expect.objectContaining({ pagesDone: 4, itemsDone: 1_000, etaSeconds: 0 }),
    ]);
  });

  it("done() writes the last update the throttle held back (a scope that failed part way)", () => {
    const stream = collector(false);
    const clock = fakeClock();
    const reporter = createProgressReporter({ stream, now: clock.now });
    reporter.onProgress({ scope: "bob", pagesDone: 1, pages: 9, itemsDone: 250, total: 2_250 });
    clock.advance(5);
    reporter.onProgress({ scope: "bob", pagesDone: 2, pages: 9, itemsDone: 500, total: 2_250 });
    expect(stream.chunks).toHaveLength(1);
    reporter.done();
    expect(stream.chunks).toHaveLength(2);
    expect(JSON.parse(stream.chunks[1] ?? "")).toMatchObject({ scope: "bob", pagesDone: 2 });
  });

  it("with json, writes JSON lines even to a terminal (--json is for scripts)", () => {
    const stream = collector(true);
    const reporter = createProgressReporter({ stream, json: true, isTTY: true });
    reporter.onProgress({ scope: "public", pagesDone: 1, pages: 1, itemsDone: 3, total: 3 });
    reporter.done();
    expect(stream.text()).toMatch(/^\{"event":"progress","scope":"public",.*\}\n$/);
  });
});

describe("createProgressReporter on a terminal", () => {
  it("rewrites one line per scope in place with \\r, ends each scope's line with a newline", () => {
    const stream = collector(true);
    const clock = fakeClock();
    const reporter = createProgressReporter({ stream, isTTY: stream.isTTY, now: clock.now });
    reporter.onProgress({ scope: "public", pagesDone: 1, pages: 4, itemsDone: 250, total: 1_000 });
    clock.advance(500);
    reporter.onProgress({ scope: "public", pagesDone: 2, pages: 4, itemsDone: 500, total: 1_000 });
    clock.advance(20);
    reporter.onProgress({ scope: "public", pagesDone: 3, pages: 4, itemsDone: 750, total: 1_000 }); // held
    clock.advance(20);
    // A new scope: the held line of the previous one is drawn first, then a new line starts.
    reporter.onProgress({ scope: "alice", pagesDone: 1, pages: 1, itemsDone: 3, total: 3 });
    reporter.done();
    expect(stream.chunks).toEqual([
      "\rpublic  1/4 pages  250/1,000 items\x1b[K",
      "\rpublic  2/4 pages  500/1,000 items  500 items/s  ETA 1s\x1b[K",
      // 500 items in 540 ms since the first event: 926 items/s, 250 left.
      "\rpublic  3/4 pages  750/1,000 items  926 items/s  ETA 1s\x1b[K",
      "\n",
      "\ralice  1/1 pages  3/3 items\x1b[K",
      "\n",
    ]);
  });

  it("writes nothing, not even a newline, when no run reported progress", () => {
    const stream = collector(true);
    const reporter = createProgressReporter({ stream, isTTY: true });
    reporter.done();
    expect(stream.chunks).toEqual([]);
  });
});
