// readChanges against real syncs on a real Postgres: paging yields every change once, in commit order,
// including the changes of a run that started before and committed after the reader's cursor.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  decodeCursor,
  type FeedChange,
  InvalidCursorError,
  readChanges,
  START_CURSOR,
} from "../src/index.js";
import { allChangeIds, type Harness, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(300);
});
afterAll(() => h?.close());
beforeEach(() => h.reset());

/** Pages through the feed after `after` until a page comes back empty. */
async function readAll(after: string | undefined, limit: number, scopes?: string[]) {
  const changes: FeedChange[] = [];
  let cursor = after;
  for (;;) {
    const page = await readChanges(h.database, {
      limit,
      ...(cursor === undefined ? {} : { after: cursor }),
      ...(scopes === undefined ? {} : { scopes }),
    });
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...page.changes);
    if (page.changes.length === 0) return { changes, next: page.next };
    cursor = page.next;
  }
}

const idOf = (change: FeedChange) => decodeCursor(change.cursor).changeId;

/** Two public runs with an update, a deletion and a creation between them, and alice's store. */
async function busyHistory() {
  await h.sync("public");
  await h.sync("alice");
  await h.sim.control.updateItem(3, { name: "renamed.iso" });
  await h.sim.control.deleteItem(4);
  await h.sim.control.addItem({ name: "brand-new.iso" });
  await h.sync("public");
}

describe("readChanges", () => {
  it("pages through every change exactly once, in commit order, with small limits", async () => {
    await busyHistory();
    const expected = await allChangeIds(h.database);
    expect(expected.length).toBe(300 + 3 + 3);
    for (const limit of [1, 7, 250]) {
      const { changes } = await readAll(undefined, limit);
      expect(changes.map(idOf)).toEqual(expected);
    }
    const { changes } = await readAll(undefined, 50);
    expect(changes.slice(-3).map((c) => [c.scope, c.vssId, c.change])).toEqual([
      ["public", 3, "updated"],
      ["public", expect.any(Number), "created"],
      // Deletions by absence come last in a run: only a complete walk may decide them.
      ["public", 4, "deleted"],
    ]);
    const updated = changes.at(-3)!;
    expect(updated).toMatchObject({
      fields: ["name"],
      before: expect.objectContaining({ name: expect.any(String) }),
      after: expect.objectContaining({ name: "renamed.iso" }),
      runId: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(Object.keys(updated).sort()).toEqual(
      ["after", "at", "before", "change", "cursor", "fields", "runId", "scope", "vssId"].sort(),
    );
  });

  it("does not skip a run that started earlier but committed after the reader's cursor", async () => {
    // public stores its first page at once (batchItems 1), then waits for the rest (every request after
    // the walk's first two) while alice's run starts, writes and commits: public's first history rows
    // have smaller ids than alice's, yet commit later.
    await h.sim.control.setFaults([{ kind: "latency", delayMs: 800, match: { path: "/v2/iso" }, after: 2 }]);
    const publicRun = h.sync("public", { batchItems: 1, concurrency: 1 });
    await expect
      .poll(async () => (await h.database.query("select 1 from vss.sync_runs where scope = 'public'")).length)
      .toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.sync("alice");

    const early = await readAll(undefined, 2);
    expect(early.changes.map((c) => c.scope)).toEqual(["alice", "alice", "alice"]);
    await publicRun;

    const late = await readAll(early.next, 40);
    expect(late.changes).toHaveLength(300);
    expect(late.changes.every((c) => c.scope === "public")).toBe(true);
    // The trap this avoids: a cursor on the change id would have skipped these.
    const lastAliceId = Math.max(...early.changes.map(idOf));
    expect(late.changes.filter((c) => idOf(c) < lastAliceId).length).toBeGreaterThan(0);
    expect([...early.changes, ...late.changes].map(idOf)).toEqual(await allChangeIds(h.database));
  });

  it("returns the same cursor back when there is nothing new", async () => {
    expect(await readChanges(h.database, { limit: 10 })).toEqual({ changes: [], next: START_CURSOR });
    await h.sync("alice");
    const { next } = await readAll(undefined, 10);
    expect(next).not.toBe(START_CURSOR);
    expect(await readChanges(h.database, { after: next, limit: 10 })).toEqual({ changes: [], next });
    // A run that changes nothing adds no history: still nothing.
    await h.sync("alice");
    expect(await readChanges(h.database, { after: next, limit: 10 })).toEqual({ changes: [], next });
  });

  it("keeps a cursor valid across new runs: reading after it yields exactly the newer changes", async () => {
    await h.sync("public");
    const { next } = await readAll(undefined, 100);
    await h.sim.control.updateItem(10, { name: "ten.iso" });
    await h.sim.control.deleteItem(11);
    await h.sync("public");
    await h.sync("alice");
    const { changes } = await readAll(next, 2);
    expect(changes.map((c) => `${c.scope}/${c.vssId}/${c.change}`)).toEqual([
      "public/10/updated",
      "public/11/deleted",
      ...changes.slice(2).map((c) => `alice/${c.vssId}/created`),
    ]);
    expect(changes).toHaveLength(5);
  });

  it("narrows to some scopes, paging through exactly their changes with the same cursors", async () => {
    await busyHistory();
    const all = await readAll(undefined, 1_000);
    const { changes } = await readAll(undefined, 13, ["alice"]);
    expect(changes.map((c) => [c.scope, c.change])).toEqual([
      ["alice", "created"],
      ["alice", "created"],
      ["alice", "created"],
    ]);
    // The scopes' changes, and their cursors, are exactly the unfiltered feed's, in the same order.
    for (const scope of ["alice", "public"]) {
      for (const limit of [1, 2, 7]) {
        const mine = await readAll(undefined, limit, [scope]);
        expect(mine.changes).toEqual(all.changes.filter((c) => c.scope === scope));
      }
    }
    expect(await readChanges(h.database, { limit: 5, scopes: ["nobody"] })).toEqual({
      changes: [],
      next: START_CURSOR,
    });
    expect(await readChanges(h.database, { limit: 5, scopes: [] })).toEqual({
      changes: [],
      next: START_CURSOR,
    });
  });

  it("stops at `until`, inclusive", async () => {
    await h.sync("public");
    const first = await readChanges(h.database, { limit: 10 });
    const bounded = await readChanges(h.database, { limit: 100, until: first.next });
    expect(bounded).toEqual(first);
    const after = await readChanges(h.database, { after: first.next, limit: 100, until: first.next });
    expect(after).toEqual({ changes: [], next: first.next });
  });

  it("refuses a bad cursor or limit", async () => {
    await expect(readChanges(h.database, { after: "garbage!", limit: 5 })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(readChanges(h.database, { limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
