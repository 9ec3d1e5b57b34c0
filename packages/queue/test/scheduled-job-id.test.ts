// scheduledJobId: the same (scope, tick) gives the same id on every replica; different ticks or scopes
// never share one; ids hold only characters BullMQ accepts.
import { describe, expect, it } from "vitest";
import { scheduledJobId } from "../src/index.js";

describe("scheduledJobId", () => {
  it("is the tick's UTC time to the second, whatever Date object represents it", () => {
    const a = scheduledJobId("public", new Date("2026-11-27T02:00:00-05:00"));
    const b = scheduledJobId("public", new Date(Date.UTC(2026, 10, 27, 7, 0, 0)));
    expect(a).toBe("schedule-public-20261127T070000Z");
    expect(b).toBe(a);
  });

  it("floors milliseconds, so a tick observed a little late keeps its id", () => {
    expect(scheduledJobId("alice", new Date("2026-11-27T07:00:00.999Z"))).toBe(
      scheduledJobId("alice", new Date("2026-11-27T07:00:00.000Z")),
    );
  });

  it("differs between ticks and between scopes", () => {
    const tick = new Date("2026-11-27T07:00:00Z");
    const ids = new Set([
      scheduledJobId("public", tick),
      scheduledJobId("public", new Date("2026-11-27T07:00:02Z")),
      scheduledJobId("public", new Date("2026-11-28T07:00:00Z")),
      scheduledJobId("alice", tick),
      scheduledJobId("bob", tick),
    ]);
    expect(ids.size).toBe(5);
  });

  it("escapes scopes into safe characters without collisions", () => {
    const tick = new Date("2026-11-27T07:00:00Z");
    const scopes = ["a:b", "a~3ab", "a b", "a/b", "ü", "a.b-c_d", "x~y"];
    const ids = scopes.map((scope) => scheduledJobId(scope, tick));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(new Set(ids).size).toBe(scopes.length);
    expect(scheduledJobId("a:b", tick)).toBe("schedule-a~3ab-20261127T070000Z");
  });

  it("rejects an invalid date or an empty scope", () => {
    expect(() => scheduledJobId("public", new Date(Number.NaN))).toThrow(RangeError);
    expect(() => scheduledJobId("", new Date())).toThrow(RangeError);
  });
});
