// The subscriber cursor moves only by compare-and-set, so a stale or repeated delivery cannot move it; a
// new subscriber starts at the feed's end or its beginning, as configured; lag counts what is left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advanceWebhookCursor,
  decodeCursor,
  encodeCursor,
  feedEnd,
  readChanges,
  readWebhookCursor,
  START_CURSOR,
  startWebhookCursor,
  webhookCursor,
  webhookLag,
} from "../src/index.js";
import { allChangeIds, type Harness, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(3);
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

  it("start a new subscriber at the feed's end, or at the beginning when asked, and keep an existing one", async () => {
    await h.reset();
    // An empty feed: both starts are the start.
    expect(await feedEnd(h.database)).toBe(START_CURSOR);
    await h.sync("public");
    const ids = await allChangeIds(h.database);
    expect(ids.length).toBe(3);
    const end = await feedEnd(h.database);
    expect(decodeCursor(end).changeId).toBe(ids.at(-1));
    expect((await readChanges(h.database, { after: end, limit: 10 })).changes).toEqual([]);

    expect((await startWebhookCursor(h.database, "new-end", "end")).cursor).toBe(end);
    expect((await startWebhookCursor(h.database, "new-history", "beginning")).cursor).toBe(START_CURSOR);
    // A row that exists is kept, whatever "from" says now.
    expect((await startWebhookCursor(h.database, "new-end", "beginning")).cursor).toBe(end);

    expect(await webhookLag(h.database, end, ["public"])).toEqual({
      changes: 0,
      oldestCommittedAt: undefined,
    });
    const lag = await webhookLag(h.database, START_CURSOR, ["public"]);
    expect(lag.changes).toBe(3);
    expect(lag.oldestCommittedAt).toBeInstanceOf(Date);
    expect((await webhookLag(h.database, START_CURSOR, ["alice"])).changes).toBe(0);
  });

  it("give a row made again a new `since`, so a batch sent again from the start gets a new delivery id", async () => {
    const first = await startWebhookCursor(h.database, "again", "beginning");
    await h.database.query("delete from vss.webhook_cursors where subscriber_id = 'again'");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await startWebhookCursor(h.database, "again", "beginning");
    expect(second.cursor).toBe(first.cursor);
    expect(second.since).not.toBe(first.since);
    expect(await readWebhookCursor(h.database, "again")).toEqual(second);
  });
});
