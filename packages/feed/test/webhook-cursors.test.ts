// The subscriber cursor moves only by compare-and-set, so a stale or repeated delivery cannot move it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceWebhookCursor, encodeCursor, START_CURSOR, webhookCursor } from "../src/index.js";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(1);
});
afterAll(() => h?.close());

const a = encodeCursor({ commitSeq: 1, changeId: 5 });
const b = encodeCursor({ commitSeq: 2, changeId: 9 });

describe("webhook cursors", () => {
  it("start at the beginning and advance only from their current value", async () => {
    expect(await webhookCursor(h.database, "crm")).toBe(START_CURSOR);
    expect(await advanceWebhookCursor(h.database, "crm", a, b)).toBe(false);
    expect(await advanceWebhookCursor(h.database, "crm", START_CURSOR, a)).toBe(true);
    expect(await webhookCursor(h.database, "crm")).toBe(a);
    // A repeated delivery of the first batch: refused.
    expect(await advanceWebhookCursor(h.database, "crm", START_CURSOR, a)).toBe(false);
    expect(await advanceWebhookCursor(h.database, "crm", a, b)).toBe(true);
    expect(await advanceWebhookCursor(h.database, "crm", a, b)).toBe(false);
    expect(await webhookCursor(h.database, "crm")).toBe(b);
    expect(await webhookCursor(h.database, "other")).toBe(START_CURSOR);
  });

  it("lets exactly one of two concurrent advances from the same cursor win", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => advanceWebhookCursor(h.database, "race", START_CURSOR, a)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
